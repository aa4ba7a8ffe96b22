/**
 * Exact drops on real noise: the quick suite's HTTP effects scaled in the recorded A/A trials, so
 * the gate's detection of an RPS drop of known size can be judged on the spread the machine really
 * had (the rule injection cannot be calibrated on RPS: docs/gate-quality.md). Pure; the benchmark
 * (bench/gate-quality.ts) runs the judges.
 */
import type { ResultsFile } from '../src/core/results/types.js';
import { median } from '../src/core/stats/quantile.js';
import { rateWithCi } from './gate-quality-stats.js';
import type { JudgeResult } from './gate-quality-types.js';

/** The scenario whose effects a synthetic drop scales. */
export const HTTP_SCENARIO = 'pod-to-pod-cross-node/http-max';

/**
 * The head file with an HTTP slowdown of `drop` (0.05 = 5%): requests per second and request
 * counts × (1 − drop), every latency ÷ (1 − drop) — a closed loop of fixed connections, where a
 * request that takes longer lowers the rate by as much. Other scenarios and metrics are unchanged.
 */
export function withHttpDrop(file: ResultsFile, drop: number): ResultsFile {
  if (drop === 0) return file;
  const keep = 1 - drop;
  return {
    ...file,
    scenarios: file.scenarios.map((s) =>
      s.id !== HTTP_SCENARIO
        ? s
        : {
            ...s,
            samples: s.samples.map((x) => {
              const metrics: Record<string, number> = {};
              for (const [k, v] of Object.entries(x.metrics) as [string, number][]) {
                if (k === 'http_rps' || k === 'http_requests') metrics[k] = v * keep;
                else if (k.startsWith('http_latency_')) metrics[k] = v / keep;
                else metrics[k] = v;
              }
              return { ...x, metrics: metrics as typeof x.metrics };
            }),
          },
    ),
  };
}

/** One row of the synthetic table: the after judge at one RPS/p50 threshold, per drop. */
export interface SyntheticRow {
  /** The after judge's maxRepetitions. */
  readonly maxRepetitions: number;
  /** The paired threshold (percent) applied to http_rps and http_latency_p50_ms. */
  readonly thresholdPct: number;
  /** Per drop (fraction), the after judge's result on every A/A trial. */
  readonly byDrop: readonly { readonly drop: number; readonly judged: readonly JudgeResult[] }[];
}

/** The synthetic section of the report. */
export function renderSynthetic(rows: readonly SyntheticRow[], trials: number, note: string): string[] {
  if (rows.length === 0) return [];
  const drops = rows[0]!.byDrop.map((d) => d.drop);
  const cell = (judged: readonly JudgeResult[], drop: number): string => {
    const k = judged.filter((j) => (drop === 0 ? j.verdict === 'pass' : j.verdict === 'regression')).length;
    return `${rateWithCi(k, judged.length)}, ${Math.round(median(judged.map((j) => j.timeS)))} s`;
  };
  return [
    '## RPS: exact drops on real A/A noise (synthetic)',
    '',
    `Each of the ${trials} quiet A/A trials above, its head's HTTP effects scaled by an exact drop (RPS × (1 − d), latencies ÷ (1 − d)); TCP untouched. The after judge at each maximum of pairs with the paired threshold of \`http_rps\` and \`http_latency_p50_ms\` set to each value (trials holding fewer pairs than a maximum stop at theirs: \`recorded pairs exhausted\`). Cells: A/A \`pass\` (d = 0) or \`regression\` (d > 0), Wilson 95%, median time to verdict. ${note}`,
    '',
    `| max pairs | RPS/p50 paired threshold | ${drops.map((d) => (d === 0 ? 'A/A `pass`' : `−${Math.round(d * 100)}% caught`)).join(' | ')} |`,
    `|---:|---:|${drops.map(() => '---:').join('|')}|`,
    ...rows.map(
      (r) =>
        `| ${r.maxRepetitions} | ${r.thresholdPct}% | ${r.byDrop.map((d) => cell(d.judged, d.drop)).join(' | ')} |`,
    ),
  ];
}
