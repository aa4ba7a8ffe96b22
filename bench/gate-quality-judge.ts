/**
 * The judges of the gate benchmark: naive single-sample ratio alerts, the paired gate at fixed n,
 * and the adaptive paired gate, each reading a prefix of one trial's pairs.
 */
import { compareResults } from '../src/core/compare/engine.js';
import type { Thresholds } from '../src/core/compare/types.js';
import type { ResultsFile } from '../src/core/results/types.js';
import type { SuiteConfig } from '../src/core/suite/types.js';
import { createAdaptiveController, type AdaptiveController } from '../src/runner/adaptive.js';
import { median } from '../src/core/stats/quantile.js';
import type { JudgeResult } from './gate-quality-types.js';

/** The judges of one benchmark configuration (suite + thresholds). */
export interface Judges {
  /** The adaptive plan's look schedule (pairs). */
  readonly looks: readonly number[];
  readonly alphaPerLook: number;
  readonly maxN: number;
  /** Judge names in report order. */
  readonly names: readonly string[];
  /** Judges one trial (base/head hold one scenario, ≥ maxN pairs). */
  judge(base: ResultsFile, head: ResultsFile): Record<string, JudgeResult>;
}

/** The first n samples of every scenario. */
export function truncate(file: ResultsFile, n: number): ResultsFile {
  return { ...file, scenarios: file.scenarios.map((s) => ({ ...s, samples: s.samples.slice(0, n) })) };
}

/** Per-sample throughput of the file's first scenario. */
export function throughput(file: ResultsFile): number[] {
  return file.scenarios[0]!.samples.map((s) => s.metrics.tcp_throughput_bps ?? Number.NaN);
}

/** Median per-pair throughput ratio head/base. */
export function effectRatio(base: ResultsFile, head: ResultsFile): number {
  const th = throughput(head);
  return median(throughput(base).map((b, i) => th[i]! / b));
}

/** Seconds from the first kept sample's start to the end of the last sample of the first n pairs. */
function timeToN(base: ResultsFile, head: ResultsFile, n: number): number {
  const samples = [base, head].flatMap((f) => f.scenarios[0]!.samples.slice(0, n));
  const all = [base, head].flatMap((f) => f.scenarios[0]!.samples);
  const start = Math.min(...all.map((s) => Date.parse(s.startedAt)));
  const end = Math.max(...samples.map((s) => Date.parse(s.startedAt) + s.durationS * 1000));
  return (end - start) / 1000;
}

function regressedMetrics(report: ReturnType<typeof compareResults>): string[] {
  return report.comparisons.filter((c) => c.verdict === 'regression').map((c) => c.metric);
}

/**
 * Builds the judges for a suite (its maxRepetitions = the large fixed n) and gate thresholds
 * (missing metric ids use the catalogue defaults). The adaptive judge uses the same controller
 * (look plan + stop rule) as the runner.
 */
export function createJudges(suite: SuiteConfig, thresholds: Thresholds = {}): Judges {
  const controller: AdaptiveController = createAdaptiveController(suite, { thresholds });
  const { looks, alphaPerLook } = controller.plan;
  const maxN = controller.plan.maxRepetitions;
  const firstLook = looks[0]!;
  const naive = [
    ['naive-110%', 1.1],
    ['naive-200%', 2],
  ] as const;
  const names = [...naive.map(([n]) => n), `fixed-n${firstLook}`, `fixed-n${maxN}`, 'adaptive'];
  return {
    looks,
    alphaPerLook,
    maxN,
    names,
    judge(base, head) {
      const tb = throughput(base);
      const th = throughput(head);
      const judges: Record<string, JudgeResult> = {};
      // Naive: one sample each side, alert when head is worse by the factor (benchmark-action's alert-threshold).
      for (const [name, factor] of naive) {
        const alarm = tb[0]! / th[0]! >= factor;
        judges[name] = { alarm, verdict: alarm ? 'regression' : 'pass', timeS: timeToN(base, head, 1), n: 1 };
      }
      for (const n of [firstLook, maxN]) {
        const report = compareResults(truncate(base, n), truncate(head, n), { paired: true, thresholds });
        judges[`fixed-n${n}`] = {
          regressed: regressedMetrics(report),
          alarm: report.verdict === 'regression',
          verdict: report.verdict,
          timeS: timeToN(base, head, n),
          n,
        };
      }
      for (const n of looks) {
        const b = truncate(base, n);
        const h = truncate(head, n);
        const decision = controller.afterLook({
          base: b,
          head: h,
          n,
          elapsedS: timeToN(base, head, n),
          budgetS: Infinity,
        });
        if (decision.stop) {
          const report = compareResults(b, h, { paired: true, alpha: alphaPerLook, thresholds });
          judges['adaptive'] = {
            regressed: regressedMetrics(report),
            alarm: report.verdict === 'regression',
            verdict: report.verdict,
            timeS: timeToN(base, head, n),
            n,
            stop: decision.reason,
          };
          break;
        }
      }
      return judges;
    },
  };
}
