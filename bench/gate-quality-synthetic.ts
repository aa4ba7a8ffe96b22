/**
 * Exact drops on real noise: the quick suite's HTTP effects (or TCP throughput) scaled in the recorded
 * A/A trials, so the gate's detection of an RPS (or TCP) drop of known size can be judged on the spread the machine really
 * had (the rule injection cannot be calibrated on RPS: docs/gate-quality.md). Pure; the benchmark
 * (bench/gate-quality.ts) runs the judges.
 */
import type { ResultsFile } from '../src/core/results/types.js';
import { median } from '../src/core/stats/quantile.js';
import { rateWithCi, targetMet } from './gate-quality-stats.js';
import type { JudgeResult } from './gate-quality-types.js';

/** The scenario whose effects a synthetic HTTP drop scales. */
export const HTTP_SCENARIO = 'pod-to-pod-cross-node/http-max';

/** The scenario whose throughput a synthetic TCP drop scales. */
export const TCP_SCENARIO = 'pod-to-pod-cross-node/tcp-stream';

/** `file` with every sample of scenario `id` passed through `scale` (metric id, value → value). */
function scaleScenario(
  file: ResultsFile,
  id: string,
  scale: (metric: string, value: number) => number,
): ResultsFile {
  return {
    ...file,
    scenarios: file.scenarios.map((s) =>
      s.id !== id
        ? s
        : {
            ...s,
            samples: s.samples.map((x) => {
              const metrics: Record<string, number> = {};
              for (const [k, v] of Object.entries(x.metrics) as [string, number][]) metrics[k] = scale(k, v);
              return { ...x, metrics: metrics as typeof x.metrics };
            }),
          },
    ),
  };
}

/**
 * The head file with an HTTP slowdown of `drop` (0.05 = 5%): requests per second and request
 * counts × (1 − drop), every latency ÷ (1 − drop) — a closed loop of fixed connections, where a
 * request that takes longer lowers the rate by as much. Other scenarios and metrics are unchanged.
 */
export function withHttpDrop(file: ResultsFile, drop: number): ResultsFile {
  if (drop === 0) return file;
  const keep = 1 - drop;
  return scaleScenario(file, HTTP_SCENARIO, (k, v) => {
    if (k === 'http_rps' || k === 'http_requests') return v * keep;
    return k.startsWith('http_latency_') ? v / keep : v;
  });
}

/**
 * The head file with a TCP throughput drop of `drop`: `tcp_throughput_bps` × (1 − drop) in the
 * tcp-stream scenario; other scenarios and metrics are unchanged.
 */
export function withTcpDrop(file: ResultsFile, drop: number): ResultsFile {
  if (drop === 0) return file;
  return scaleScenario(file, TCP_SCENARIO, (k, v) => (k === 'tcp_throughput_bps' ? v * (1 - drop) : v));
}

/** One row of a synthetic table: the after judge at one threshold of the dropped metrics, per drop. */
export interface SyntheticRow {
  /** The after judge's maxRepetitions. */
  readonly maxRepetitions: number;
  /** The paired threshold (percent) of the dropped metrics (RPS and p50, or TCP throughput). */
  readonly thresholdPct: number;
  /** Per drop (fraction), the after judge's result on every A/A trial. */
  readonly byDrop: readonly { readonly drop: number; readonly judged: readonly JudgeResult[] }[];
}

/** What a synthetic table drops: HTTP (RPS and p50) or TCP throughput. */
export type SyntheticKind = 'http' | 'tcp';

const KIND_TEXT: Record<SyntheticKind, { title: string; how: string; thresholdOf: string; column: string }> =
  {
    http: {
      title: '## RPS: exact drops on real A/A noise (synthetic)',
      how: "its head's HTTP effects scaled by an exact drop (RPS × (1 − d), latencies ÷ (1 − d)); TCP untouched",
      thresholdOf: '`http_rps` and `http_latency_p50_ms`',
      column: 'RPS/p50 paired threshold',
    },
    tcp: {
      title: '## TCP: exact drops on real A/A noise (synthetic)',
      how: "its head's TCP throughput scaled by an exact drop (× (1 − d)); HTTP untouched",
      thresholdOf: '`tcp_throughput_bps`',
      column: 'TCP paired threshold',
    },
  };

/** A synthetic section of the report (`kind`: what the drops scale). */
export function renderSynthetic(
  rows: readonly SyntheticRow[],
  trials: number,
  note: string,
  kind: SyntheticKind = 'http',
): string[] {
  if (rows.length === 0) return [];
  const text = KIND_TEXT[kind];
  const drops = rows[0]!.byDrop.map((d) => d.drop);
  const cell = (judged: readonly JudgeResult[], drop: number): string => {
    const k = judged.filter((j) => (drop === 0 ? j.verdict === 'pass' : j.verdict === 'regression')).length;
    return `${rateWithCi(k, judged.length)}, ${Math.round(median(judged.map((j) => j.timeS)))} s`;
  };
  return [
    text.title,
    '',
    `Each of the ${trials} quiet A/A trials above, ${text.how}. The after judge at each maximum of pairs with the paired threshold of ${text.thresholdOf} set to each value (trials holding fewer pairs than a maximum stop at theirs: \`recorded pairs exhausted\`). Cells: A/A \`pass\` (d = 0) or \`regression\` (d > 0), Wilson 95%, median time to verdict. ${note}`,
    '',
    `| max pairs | ${text.column} | ${drops.map((d) => (d === 0 ? 'A/A `pass`' : `−${Math.round(d * 100)}% caught`)).join(' | ')} |`,
    `|---:|---:|${drops.map(() => '---:').join('|')}|`,
    ...rows.map(
      (r) =>
        `| ${r.maxRepetitions} | ${r.thresholdPct}% | ${r.byDrop.map((d) => cell(d.judged, d.drop)).join(' | ')} |`,
    ),
  ];
}

/** One row of the report's Targets table. */
export interface TargetRow {
  readonly judge: string;
  readonly target: string;
  readonly measured: string;
  readonly met: string;
}

/**
 * The issue's targets judged on exact drops, so the generated verdict covers the detection of
 * drops of exactly the target size: `judge` as the product runs it (`rows`: its maximum of pairs
 * and paired thresholds, one per kind) on the quiet A/A trials that hold all of its pairs (`full`,
 * aligned with the rows' trials; trials that hold fewer would stop early). A drop below 10% is
 * held to 90%, 10% and more to 95%; the A/A `pass` target (90%) is read from d = 0.
 */
export function syntheticTargets(
  rows: Readonly<Partial<Record<SyntheticKind, SyntheticRow>>>,
  full: readonly boolean[],
  judge: string,
): TargetRow[] {
  const held = full.filter(Boolean).length;
  const first = rows.http ?? rows.tcp;
  if (!first || held === 0) return [];
  const count = (judged: readonly JudgeResult[], verdict: JudgeResult['verdict']): number =>
    judged.filter((j, i) => full[i] && j.verdict === verdict).length;
  const where = `the ${held} quiet A/A trials holding the profile's ${first.maxRepetitions} pairs`;
  const out: TargetRow[] = [];
  const aa = first.byDrop.find((d) => d.drop === 0);
  if (aa) {
    const k = count(aa.judged, 'pass');
    out.push({
      judge,
      target: `A/A \`pass\` ≥ 90% on ${where}`,
      measured: rateWithCi(k, held),
      met: targetMet(k, held, 0.9, 'bound'),
    });
  }
  for (const kind of ['tcp', 'http'] as const) {
    const row = rows[kind];
    for (const { drop, judged } of row?.byDrop ?? []) {
      if (drop === 0) continue;
      const target = drop < 0.1 ? 0.9 : 0.95;
      const k = count(judged, 'regression');
      out.push({
        judge,
        target: `exact −${Math.round(drop * 100)}% ${kind === 'tcp' ? 'TCP' : 'RPS/p50'} drop on ${where} caught in ≥ ${Math.round(target * 100)}% (synthetic)`,
        measured: rateWithCi(k, held),
        met: targetMet(k, held, target),
      });
    }
  }
  return out;
}
