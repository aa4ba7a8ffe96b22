/**
 * The judges of the gate benchmark, each reading prefixes of one trial's pairs (every scenario of the
 * quick suite): the paired gate before issue 18 (old stop rule, per-sample interference), after it
 * (the stop rule and the per-pair interference rule of src/), and the paired gate at fixed n.
 */
import { compareResults } from '../src/core/compare/engine.js';
import { pairLoad, sampleDisturbance } from '../src/core/compare/pair-load.js';
import type { ComparisonReport, Thresholds } from '../src/core/compare/types.js';
import { CONTROL_TOPOLOGY } from '../src/core/metrics.js';
import type { ResultsFile, Sample } from '../src/core/results/types.js';
import { median } from '../src/core/stats/quantile.js';
import type { InterferenceTolerance, SuiteConfig } from '../src/core/suite/types.js';
import { createAdaptiveController } from '../src/runner/adaptive.js';
import { LEGACY_QUICK_LIMITS, legacyDecide } from './gate-quality-legacy.js';
import type { Effects, JudgeResult } from './gate-quality-types.js';

/** How a judge treats samples taken under interference. */
export type LoadRule = 'per-sample' | 'per-pair';

/** Sampling limits of an adaptive judge (a profile's maxRepetitions and timeBudgetS). */
export interface Limits {
  readonly maxRepetitions: number;
  readonly timeBudgetS: number;
}

/** The judges of one benchmark configuration. */
export interface Judges {
  readonly names: readonly string[];
  readonly maxN: number;
  /** The planned looks of the before / after judges. */
  readonly looks: Readonly<Record<string, readonly number[]>>;
  /** Every judge's verdict on one trial, by judge name. */
  judge(base: ResultsFile, head: ResultsFile): Record<string, JudgeResult>;
  /** The after judge's verdict alone (what the sweep and synthetic tables read), without the others' work. */
  judgeAfter(base: ResultsFile, head: ResultsFile): JudgeResult;
}

const controlOf = (id: string): string => `${CONTROL_TOPOLOGY}/${id.slice(id.indexOf('/') + 1)}`;

/** The gated (pod) scenario ids of a file, in file order. */
export function podScenarios(file: ResultsFile): string[] {
  return file.scenarios
    .filter((s) => s.topology !== CONTROL_TOPOLOGY && s.samples.length > 0)
    .map((s) => s.id);
}

function samplesOf(file: ResultsFile, id: string): readonly Sample[] {
  return file.scenarios.find((s) => s.id === id)?.samples ?? [];
}

/** The file with every scenario cut to the first n[id] samples (a control scenario follows its pod scenario). */
export function truncateEach(file: ResultsFile, n: ReadonlyMap<string, number>): ResultsFile {
  const limit = (id: string): number | undefined =>
    n.get(id) ?? [...n].find(([pod]) => controlOf(pod) === id)?.[1];
  return {
    ...file,
    scenarios: file.scenarios
      .filter((s) => limit(s.id) !== undefined)
      .map((s) => ({ ...s, samples: s.samples.slice(0, limit(s.id)) })),
  };
}

function withSamples(
  file: ResultsFile,
  edit: (id: string, samples: readonly Sample[]) => Sample[],
): ResultsFile {
  return { ...file, scenarios: file.scenarios.map((s) => ({ ...s, samples: edit(s.id, s.samples) })) };
}

/** Re-takes of one sample or pair before it is kept as it is (the runner's MAX_RETAKES_PER_SAMPLE). */
const MAX_RETAKES = 2;

/**
 * Replays a rule's interference handling on a trial recorded with interference judging off: the
 * recorded stream of each scenario is consumed in order, a sample (pair) the rule would re-take is
 * skipped and the next recorded one stands in for its re-take — so re-takes cost their real time —
 * within the runner's bounds (MAX_RETAKES per sample/pair, the run's budget of retakeBudget × its
 * planned samples); past them it is kept marked. `per-sample` (before issue 18): each side on its
 * own, any sample over the tolerance; `per-pair`: a pair where one side alone was loaded is
 * re-taken, a pair loaded alike on both sides is kept with `sharedLoad`. The files returned hold
 * the kept samples, positions matched as pairs (the shorter side bounds them).
 */
export function replayLoad(
  base: ResultsFile,
  head: ResultsFile,
  rule: LoadRule,
  tolerance: InterferenceTolerance,
): { base: ResultsFile; head: ResultsFile } {
  const pods = podScenarios(base);
  const recorded = Math.max(...pods.map((id) => samplesOf(base, id).length), 0);
  let budget = Math.ceil(tolerance.retakeBudget * 2 * recorded * pods.length);
  const kept = { base: new Map<string, Sample[]>(), head: new Map<string, Sample[]>() };
  for (const id of pods) {
    const b = samplesOf(base, id);
    const h = samplesOf(head, id);
    if (rule === 'per-sample') {
      for (const [side, list] of [
        ['base', b],
        ['head', h],
      ] as const) {
        const out: Sample[] = [];
        let streak = 0;
        for (const sample of list) {
          const why = sampleDisturbance(sample, tolerance);
          if (why !== null && streak < MAX_RETAKES && budget > 0) {
            budget--;
            streak++;
            continue;
          }
          out.push(why === null ? sample : { ...sample, disturbed: why });
          streak = 0;
        }
        kept[side].set(id, out);
      }
      continue;
    }
    const outB: Sample[] = [];
    const outH: Sample[] = [];
    let streak = 0;
    for (let i = 0; i < Math.min(b.length, h.length); i++) {
      const load = pairLoad(b[i]!, h[i]!, tolerance);
      if (load.kind === 'one-sided' && streak < MAX_RETAKES && budget >= 2) {
        budget -= 2;
        streak++;
        continue;
      }
      const m: Partial<Sample> =
        load.kind === 'one-sided'
          ? { disturbed: `${load.why}; re-take budget spent` }
          : load.kind === 'shared'
            ? { sharedLoad: load.note }
            : {};
      outB.push({ ...b[i]!, ...m });
      outH.push({ ...h[i]!, ...m });
      streak = 0;
    }
    kept.base.set(id, outB);
    kept.head.set(id, outH);
  }
  const apply = (file: ResultsFile, side: 'base' | 'head'): ResultsFile =>
    withSamples(file, (id, samples) => {
      const n = Math.min(kept.base.get(id)?.length ?? 0, kept.head.get(id)?.length ?? 0);
      return kept[side].has(id) ? kept[side].get(id)!.slice(0, n) : [...samples];
    });
  return { base: apply(base, 'base'), head: apply(head, 'head') };
}

/**
 * The old paired interference rule on today's compare: a paired scenario with ANY disturbed sample
 * was disturbed as a whole (never blamed, the verdict inconclusive). Today's compare leaves a few
 * disturbed pairs out, so the legacy judge marks every sample of such a scenario.
 */
export function legacyDisturbed(file: ResultsFile): ResultsFile {
  return {
    ...file,
    scenarios: file.scenarios.map((s) => {
      const why = s.samples.find((x) => x.disturbed !== undefined)?.disturbed;
      return why === undefined
        ? s
        : { ...s, samples: s.samples.map((x) => ({ ...x, disturbed: x.disturbed ?? why })) };
    }),
  };
}

/** Start (ms) of a scenario's first recorded sample (pod or control) on either side. */
export function startOf(base: ResultsFile, head: ResultsFile, id: string): number {
  const ids = [id, controlOf(id)];
  const all = [base, head].flatMap((f) => ids.flatMap((x) => samplesOf(f, x)));
  return all.length === 0 ? NaN : Math.min(...all.map((s) => Date.parse(s.startedAt)));
}

/**
 * Seconds from a scenario's first recorded sample (`startMs`, default the first sample of these
 * files) to the end of its first n pairs in these files.
 */
export function scenarioTime(
  base: ResultsFile,
  head: ResultsFile,
  id: string,
  n: number,
  startMs = startOf(base, head, id),
): number {
  const ids = [id, controlOf(id)];
  const used = [base, head].flatMap((f) => ids.flatMap((x) => samplesOf(f, x).slice(0, n)));
  if (!Number.isFinite(startMs) || used.length === 0) return 0;
  const start = startMs;
  const end = Math.max(...used.map((s) => Date.parse(s.startedAt) + s.durationS * 1000));
  return (end - start) / 1000;
}

/** Median per-pair head/base ratio of a metric in a scenario (null when not measured). */
export function pairRatio(base: ResultsFile, head: ResultsFile, id: string, metric: string): number | null {
  const b = samplesOf(base, id);
  const h = samplesOf(head, id);
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(b.length, h.length); i++) {
    const x = b[i]!.metrics[metric as keyof Sample['metrics']];
    const y = h[i]!.metrics[metric as keyof Sample['metrics']];
    if (typeof x === 'number' && typeof y === 'number' && x > 0) ratios.push(y / x);
  }
  return ratios.length > 0 ? median(ratios) : null;
}

/** The trial's headline effects (median per-pair ratios). */
export function effectsOf(base: ResultsFile, head: ResultsFile): Effects {
  return {
    tcp: pairRatio(base, head, 'pod-to-pod-cross-node/tcp-stream', 'tcp_throughput_bps'),
    rps: pairRatio(base, head, 'pod-to-pod-cross-node/http-max', 'http_rps'),
    p50: pairRatio(base, head, 'pod-to-pod-cross-node/http-max', 'http_latency_p50_ms'),
  };
}

function regressedOf(report: ComparisonReport): string[] {
  return report.comparisons
    .filter((c) => c.gating && c.gate === 'regression')
    .map((c) => `${c.scenario} ${c.metric}`);
}

function result(
  report: ComparisonReport,
  n: Map<string, number>,
  timeS: number,
  stop?: Record<string, string>,
): JudgeResult {
  return {
    alarm: report.verdict === 'regression',
    verdict: report.verdict,
    timeS,
    n: Object.fromEntries(n),
    ...(stop ? { stop } : {}),
    regressed: regressedOf(report),
    reason: report.verdictReason,
  };
}

interface AdaptiveJudge {
  readonly name: string;
  readonly rule: LoadRule;
  readonly limits: Limits;
  readonly legacy: boolean;
}

/**
 * Builds the judges. `suite` is the recording suite (its maxRepetitions = the pairs every trial
 * holds); `after` the limits of the quick profile as it is now; thresholds apply to every judge.
 */
export function createJudges(
  suite: SuiteConfig,
  after: Limits,
  thresholds: Thresholds = {},
  tolerance: InterferenceTolerance,
): Judges {
  const maxN = suite.maxRepetitions ?? suite.repetitions;
  const adaptive: AdaptiveJudge[] = [
    { name: 'before', rule: 'per-sample', limits: LEGACY_QUICK_LIMITS, legacy: true },
    { name: 'after', rule: 'per-pair', limits: after, legacy: false },
  ];
  const controllers = new Map(
    adaptive.map((j) => [
      j.name,
      createAdaptiveController(
        { ...suite, ...j.limits, maxRepetitions: Math.min(maxN, j.limits.maxRepetitions) },
        { thresholds },
      ),
    ]),
  );
  const names = [...adaptive.map((j) => j.name), `fixed-n${maxN}`];
  /** One adaptive judge's replay of a trial. */
  const judgeAdaptive = (j: AdaptiveJudge, rawBase: ResultsFile, rawHead: ResultsFile): JudgeResult => {
    const pods = podScenarios(rawBase);
    const { base, head } = replayLoad(rawBase, rawHead, j.rule, tolerance);
    const controller = controllers.get(j.name)!;
    const ns = new Map<string, number>();
    const stops: Record<string, string> = {};
    let spent = 0;
    for (const [k, id] of pods.entries()) {
      const only = (f: ResultsFile): ResultsFile => ({
        ...f,
        scenarios: f.scenarios.filter((s) => s.id === id),
      });
      const budgetS = Math.max(0, j.limits.timeBudgetS - spent) / (pods.length - k);
      let n = 0;
      let stop = 'max-repetitions';
      const available = Math.min(samplesOf(base, id).length, samplesOf(head, id).length);
      for (const look of controller.plan.looks) {
        if (look > available) {
          // Re-takes replayed from the recorded stream used up the trial's pairs.
          n = available;
          stop = 'recorded pairs exhausted';
          break;
        }
        n = look;
        const cut = (f: ResultsFile): ResultsFile => {
          const t = truncateEach(only(f), new Map([[id, n]]));
          return j.legacy ? legacyDisturbed(t) : t;
        };
        const b = cut(base);
        const h = cut(head);
        const elapsedS = scenarioTime(base, head, id, n, startOf(rawBase, rawHead, id));
        let decided: { stop: boolean; reason?: string };
        if (j.legacy) {
          const report = compareResults(b, h, {
            paired: true,
            alpha: controller.alphaPerScenarioLook,
            thresholds,
            bootstrapResamples: 1000,
          });
          decided = legacyDecide(report, n, controller.plan.looks, elapsedS, budgetS);
        } else {
          decided = controller.afterLook({ base: b, head: h, n, elapsedS, budgetS });
        }
        if (decided.stop) {
          stop = decided.reason!;
          break;
        }
      }
      ns.set(id, n);
      stops[id] = stop;
      spent += scenarioTime(base, head, id, n, startOf(rawBase, rawHead, id));
    }
    const final = (f: ResultsFile): ResultsFile =>
      j.legacy ? legacyDisturbed(truncateEach(f, ns)) : truncateEach(f, ns);
    // The final comparison as `compare` makes it of such files: before issue 18 at α/K over
    // every scenario together; now each scenario at the α and in the family its looks used.
    const report = compareResults(
      final(base),
      final(head),
      j.legacy
        ? { paired: true, alpha: controller.plan.alphaPerLook, thresholds }
        : { paired: true, alpha: controller.alphaPerScenarioLook, familyPerScenario: true, thresholds },
    );
    return result(report, ns, spent, stops);
  };
  const afterJudge = adaptive.find((j) => j.name === 'after')!;
  return {
    names,
    maxN,
    looks: Object.fromEntries([...controllers].map(([k, c]) => [k, c.plan.looks])),
    judgeAfter: (rawBase, rawHead) => judgeAdaptive(afterJudge, rawBase, rawHead),
    judge(rawBase, rawHead) {
      const out: Record<string, JudgeResult> = {};
      for (const j of adaptive) out[j.name] = judgeAdaptive(j, rawBase, rawHead);
      const pods = podScenarios(rawBase);
      const { base, head } = replayLoad(rawBase, rawHead, 'per-pair', tolerance);
      const all = new Map(
        pods.map((id) => [id, Math.min(maxN, samplesOf(base, id).length, samplesOf(head, id).length)]),
      );
      const report = compareResults(truncateEach(base, all), truncateEach(head, all), {
        paired: true,
        thresholds,
      });
      const time = pods.reduce(
        (t, id) => t + scenarioTime(base, head, id, maxN, startOf(rawBase, rawHead, id)),
        0,
      );
      out[`fixed-n${maxN}`] = result(report, all, time);
      return out;
    },
  };
}
