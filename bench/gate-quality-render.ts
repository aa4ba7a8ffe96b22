/** Renders docs/gate-quality.md from the gate benchmark's judged trials (bench/gate-quality.ts). */
import { median } from '../src/core/stats/quantile.js';
import { pct, rateWithCi, targetMet, wilson } from './gate-quality-stats.js';
import type { TargetRow } from './gate-quality-synthetic.js';
import {
  AA_SCENARIOS,
  ALL_SCENARIOS,
  INJECTIONS,
  type CalibrationRecord,
  type EffectName,
  type JudgeResult,
  type ScenarioName,
  type TrialRecord,
} from './gate-quality-types.js';
import type { Limits } from './gate-quality-judge.js';

/** Everything the report shows. */
export interface ReportInput {
  readonly records: readonly TrialRecord[];
  /** Judges per trial, same order as records (re-judged from the raw files). */
  readonly judged: readonly Record<string, JudgeResult>[];
  readonly calibrations: readonly CalibrationRecord[];
  readonly judgeNames: readonly string[];
  readonly looks: Readonly<Record<string, readonly number[]>>;
  readonly maxN: number;
  /** The distinct numbers of pairs the judged trials hold. */
  readonly pairCounts: readonly number[];
  readonly afterLimits: Limits;
  readonly machine: string;
  readonly reproduce: string;
  /** Which recorded trials the report judges, when not all (a sentence), or null. */
  readonly selection?: string | null;
  /** The synthetic-drop section's lines (bench/gate-quality-synthetic.ts), or none. */
  readonly synthetic?: readonly string[];
  /** Target rows judged on the synthetic drops (appended to the Targets table), or none. */
  readonly syntheticTargets?: readonly TargetRow[];
  /** The after judge per trial (records order) at other maxRepetitions. */
  readonly sweep: readonly { readonly maxRepetitions: number; readonly judged: readonly JudgeResult[] }[];
}

const signedPct = (ratio: number | null): string =>
  ratio === null ? '—' : `${ratio >= 1 ? '+' : '−'}${Math.abs((ratio - 1) * 100).toFixed(1)}%`;

interface Tally {
  readonly n: number;
  readonly alarms: number;
  readonly passes: number;
  readonly times: number[];
  readonly verdicts: string;
}

function tally(input: ReportInput, judge: string, keep: (r: TrialRecord) => boolean): Tally {
  const js = input.records
    .map((r, i) => (keep(r) ? input.judged[i]?.[judge] : undefined))
    .filter((x): x is JudgeResult => x !== undefined);
  const counts = new Map<string, number>();
  for (const x of js) {
    const stops = x.stop ? ` (${[...new Set(Object.values(x.stop))].join('+')})` : '';
    const key = `${x.verdict}${stops}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    n: js.length,
    alarms: js.filter((x) => x.alarm).length,
    passes: js.filter((x) => x.verdict === 'pass').length,
    times: js.map((x) => x.timeS),
    verdicts: [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([v, c]) => `${c}× ${v}`)
      .join(', '),
  };
}

const inScenario =
  (s: ScenarioName) =>
  (r: TrialRecord): boolean =>
    r.scenario === s;

function range(values: readonly (number | null)[]): string {
  const v = values.filter((x): x is number => x !== null);
  if (v.length === 0) return '—';
  return `${signedPct(median(v))} [${signedPct(Math.min(...v))}, ${signedPct(Math.max(...v))}]`;
}

function loadText(rs: readonly TrialRecord[]): string {
  const l = rs.map((r) => r.loadAvgStart[0] ?? NaN).filter(Number.isFinite);
  return l.length === 0
    ? '—'
    : `${median(l).toFixed(1)} [${Math.min(...l).toFixed(1)}, ${Math.max(...l).toFixed(1)}]`;
}

function resultsTable(input: ReportInput): string[] {
  const out = [
    '| scenario | trials | TCP effect | RPS effect | p50 effect | load avg (1 min) at start | judge | `pass` | `regression` | median time to verdict | verdicts (stop reasons) |',
    '|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---|',
  ];
  for (const s of ALL_SCENARIOS) {
    const rs = input.records.filter(inScenario(s));
    if (rs.length === 0) continue;
    const fx = (e: EffectName): string => range(rs.map((r) => r.effects[e]));
    for (const j of input.judgeNames) {
      const t = tally(input, j, inScenario(s));
      if (t.n === 0) continue;
      out.push(
        `| ${s} | ${t.n} | ${fx('tcp')} | ${fx('rps')} | ${fx('p50')} | ${loadText(rs)} | ${j} | ${rateWithCi(t.passes, t.n)} | ${rateWithCi(t.alarms, t.n)} | ${median(t.times).toFixed(0)} s | ${t.verdicts} |`,
      );
    }
  }
  return out;
}

function calibrationLines(input: ReportInput): string[] {
  const show = (knob: string, v: number): string =>
    knob === 'rate' ? `${(v / 1e9).toFixed(2)} Gbit/s` : `${Math.round(v)} rules`;
  return input.calibrations.map((c) => {
    const steps = c.steps
      .map(
        (s, i) =>
          `step ${i + 1}: ${show(c.knob, s.value)} → ${c.effect} ${signedPct(s.effectRatio)} over ${s.pairs} pairs`,
      )
      .join('; ');
    const trials = input.records.filter((r) => r.scenario === c.scenario);
    const values = trials
      .map((r) => (c.knob === 'rate' ? r.tbfRateBps : r.extraRules))
      .filter((v): v is number => v !== undefined);
    const used =
      values.length === 0
        ? ''
        : ` Its ${values.length} trials used ${show(c.knob, Math.min(...values))} … ${show(c.knob, Math.max(...values))} and measured ${c.effect} ${range(trials.map((r) => r.effects[c.effect]))}.`;
    return `- **${c.scenario}** (target −${Math.round(c.targetDrop * 100)}% ${c.effect}): ${steps}; first trial at ${show(c.knob, c.value)}.${used}`;
  });
}

/** One row of the Targets table. */
const targetLine = (t: TargetRow): string => `| ${t.judge} | ${t.target} | ${t.measured} | ${t.met} |`;

/** Target rows for one judge, judged on the measured figures. */
function targetRows(input: ReportInput, judge: string): TargetRow[] {
  const out: TargetRow[] = [];
  const row = (target: string, measured: string, met: string): void => {
    out.push({ judge, target, measured, met });
  };
  const aa = tally(input, judge, inScenario('aa'));
  if (aa.n > 0) {
    const met = targetMet(aa.passes, aa.n, 0.9, 'bound');
    row(
      `quiet A/A \`pass\` ≥ 90% of ≥ 40 trials`,
      `${rateWithCi(aa.passes, aa.n)}`,
      aa.n < 40 ? `${met}; only ${aa.n} trial(s)` : met,
    );
    const [, hi] = wilson(aa.alarms, aa.n);
    row(
      'A/A (no added hog) `regression` in none',
      `${rateWithCi(aa.alarms, aa.n)} (upper bound ${pct(hi)})`,
      aa.alarms === 0 ? 'yes' : 'NO',
    );
  }
  const detect = (s: ScenarioName, target: number): void => {
    const t = tally(input, judge, inScenario(s));
    if (t.n === 0) return;
    row(
      `${s} caught in ≥ ${Math.round(target * 100)}%`,
      rateWithCi(t.alarms, t.n),
      targetMet(t.alarms, t.n, target),
    );
  };
  for (const s of ['tcp5', 'rps5'] as const) detect(s, 0.9);
  for (const s of ['tcp10', 'rps10'] as const) detect(s, 0.95);
  // By the measured effect of the calibrated metric (the injections miss their target on a noisy machine).
  const near = (drop: number) => (r: TrialRecord) => {
    const target = INJECTIONS[r.scenario];
    const e = target ? r.effects[target.effect] : null;
    return e !== null && e !== undefined && Math.abs(1 - e - drop) <= 0.015;
  };
  for (const [drop, target] of [
    [0.05, 0.9],
    [0.1, 0.95],
  ] as const) {
    const t = tally(input, judge, near(drop));
    if (t.n === 0) continue;
    row(
      `calibrated trials measuring a ${Math.round(drop * 100 - 1.5)}–${Math.round(drop * 100 + 1.5)}% drop of their metric caught in ≥ ${Math.round(target * 100)}%`,
      rateWithCi(t.alarms, t.n),
      targetMet(t.alarms, t.n, target),
    );
  }
  for (const s of ['vxlan', 'mtu', 'hog-vxlan'] as const) detect(s, 1);
  const hog = tally(input, judge, inScenario('hog-aa'));
  if (hog.n > 0)
    row('co-tenant A/A never `regression`', rateWithCi(hog.alarms, hog.n), hog.alarms === 0 ? 'yes' : 'NO');
  const all = tally(input, judge, () => true);
  if (all.n > 0) {
    const m = median(all.times);
    row('median time to verdict ≤ 90 s (all trials)', `${m.toFixed(0)} s`, m <= 90 ? 'yes' : 'NO');
  }
  return out;
}

const SPREAD_METRICS = [
  ['TCP', 'pod-to-pod-cross-node/tcp-stream', 'tcp_throughput_bps'],
  ['RPS', 'pod-to-pod-cross-node/http-max', 'http_rps'],
  ['p50', 'pod-to-pod-cross-node/http-max', 'http_latency_p50_ms'],
] as const;

/** Median over a scenario's trials of the SD of per-pair log ratios, per headline metric. */
function spreadLine(input: ReportInput, s: ScenarioName): string | null {
  const rs = input.records.filter(inScenario(s));
  if (rs.length === 0) return null;
  const parts = SPREAD_METRICS.map(([label, id, metric]) => {
    const sds = rs.flatMap((r) => {
      const b = r.files.base.scenarios.find((x) => x.id === id)?.samples ?? [];
      const h = r.files.head.scenarios.find((x) => x.id === id)?.samples ?? [];
      const logs = b.flatMap((x, i) => {
        const v = x.metrics[metric];
        const w = h[i]?.metrics[metric];
        return typeof v === 'number' && typeof w === 'number' && v > 0 && w > 0 ? [Math.log(w / v)] : [];
      });
      if (logs.length < 2) return [];
      const mean = logs.reduce((a, c) => a + c, 0) / logs.length;
      return [Math.sqrt(logs.reduce((a, c) => a + (c - mean) ** 2, 0) / (logs.length - 1))];
    });
    return sds.length === 0 ? `${label} —` : `${label} ${(median(sds) * 100).toFixed(1)}%`;
  });
  return `- **${s}**: ${parts.join(', ')}`;
}

/** "32" or "32 or 40 (per batch; …)" for the trials judged. */
function pairsHeld(input: ReportInput): string {
  const counts = input.pairCounts;
  if (counts.length <= 1) return String(input.maxN);
  return `${counts.join(' or ')} (as recorded per batch; a judge that needs more pairs than a trial holds stops at what it holds: \`recorded pairs exhausted\`)`;
}

function sweepTable(input: ReportInput): string[] {
  const out = [
    '| after judge, max pairs | A/A `pass` | A/A `regression` | co-tenant A/A `pass` / `regression` | regression scenarios caught | median time to verdict: A/A / all |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of input.sweep) {
    const pick = (keep: (r: TrialRecord) => boolean): JudgeResult[] =>
      input.records.flatMap((r, i) => (keep(r) ? [row.judged[i]!] : []));
    const aa = pick(inScenario('aa'));
    const hog = pick(inScenario('hog-aa'));
    const changed = pick((r) => !AA_SCENARIOS.includes(r.scenario));
    const rate = (js: JudgeResult[], f: (j: JudgeResult) => boolean): string =>
      rateWithCi(js.filter(f).length, js.length);
    const med = (js: JudgeResult[]): string =>
      js.length === 0 ? '—' : `${median(js.map((j) => j.timeS)).toFixed(0)} s`;
    out.push(
      `| ${row.maxRepetitions} | ${rate(aa, (j) => j.verdict === 'pass')} | ${rate(aa, (j) => j.alarm)} | ${hog.filter((j) => j.verdict === 'pass').length}/${hog.length} / ${hog.filter((j) => j.alarm).length}/${hog.length} | ${rate(changed, (j) => j.alarm)} | ${med(aa)} / ${med(row.judged.slice())} |`,
    );
  }
  return out;
}

/** The whole report (markdown). */
export function renderReport(input: ReportInput): string {
  const { maxN } = input;
  const fixed = input.judgeNames.find((j) => j.startsWith('fixed')) ?? `fixed-n${maxN}`;
  const suite = input.records[0]?.files.base.suite as
    { iperf?: { durationS?: number; omitS?: number }; http?: { durationS?: number } } | undefined;
  const omit = suite?.iperf?.omitS ?? 0;
  const sampling = suite
    ? `${suite.iperf?.durationS ?? '?'} s iperf3 samples (${omit > 0 ? `after a ${omit} s omit` : 'no omit'}), ${suite.http?.durationS ?? '?'} s wrk samples`
    : 'no trials';
  const loads = input.records.map((r) => r.loadAvgStart[0] ?? NaN).filter(Number.isFinite);
  const L: string[] = [
    '# Gate quality: the quick suite, paired',
    '',
    '_Generated by `npm run bench:gate` (bench/gate-quality.ts) from real paired lab runs; do not edit by hand._',
    '',
    '## Setup',
    '',
    `- Machine: ${input.machine}; shared with other work during the runs: 1-minute load average at the start of a trial median ${loads.length > 0 ? median(loads).toFixed(1) : '—'} (min ${loads.length > 0 ? Math.min(...loads).toFixed(1) : '—'}, max ${loads.length > 0 ? Math.max(...loads).toFixed(1) : '—'}), recorded per trial.`,
    `- Each trial: one paired lab run of the quick suite's gated scenarios (\`pod-to-pod-cross-node/tcp-stream\` and \`pod-to-pod-cross-node/http-max\`; TCP throughput, RPS, p50 and the other headline metrics all gated), ${sampling}, one discarded warm-up pair, then ${pairsHeld(input)} pairs per scenario in ABBA order. Trials of all scenarios are interleaved over the run so that machine-load drift hits them alike. ${input.records.length} trials.`,
    ...(input.selection ? [`- ${input.selection}`] : []),
    "- Trials are recorded with interference judging off: no sample is re-taken or marked, each keeps its measured foreign CPU and steal. Each judge replays its own interference rule on the recorded stream: a sample (before) or pair (after) it would re-take is skipped and the next recorded one stands in for the re-take, so re-takes cost their real time, within the runner's bounds (2 re-takes per sample or pair, a budget of as many re-takes as planned samples); past them it is kept marked disturbed. A judge whose re-takes use up the trial's recorded pairs stops there (`recorded pairs exhausted`).",
    `- Judges, all on the same raw trials: **before** = the paired gate before issue 18 (quick profile max ${24} pairs, 900 s; looks at n = ${(input.looks['before'] ?? []).join(', ')}; stop on a regression, when every headline metric is settled, or when a material regression is excluded with 80% one-sided confidence (futility); every sample over 10% foreign CPU disturbs its scenario). **after** = the gate of this tree (quick profile max ${input.afterLimits.maxRepetitions} pairs, ${input.afterLimits.timeBudgetS} s; looks at n = ${(input.looks['after'] ?? []).join(', ')}; stop rule of src/core/sequential/stop-rule.ts; interference judged per pair). **${fixed}** = the paired gate on all ${maxN} pairs with the per-pair interference rule (a reference, not a product setting).`,
    "- `regression` is an alarm (the gate fails); `pass` is the only verdict that clears a PR outright. Time to verdict: the sum over the two scenarios of the wall time from a scenario's first kept sample to the end of the last sample the judge needed (setup, warm-up and teardown excluded).",
    '- Rates carry a 95% Wilson interval and the number of trials behind them. Effects are the median per-pair head/base ratio of a trial; the tables show the median and range over its trials.',
    '',
    '## Calibrated injections',
    '',
    "Every injection is extra non-matching FORWARD rules on every node (a per-packet cost, so the relative drop holds when other load moves the base; a tbf rate cap is absolute and swung from −23% to +18% between calibration runs on this shared machine). **tcp5/tcp10** are calibrated on the measured TCP throughput ratio, **rps5/rps10** on the measured RPS ratio: the rule count is scaled by (1/target − 1)/(1/measured − 1). Each calibration step measures only the calibrated test; during the run every trial applies a half step (log space) from its own measured effect, because machine load moves the base. The tables report each trial's measured effects, never the target.",
    '',
    ...calibrationLines(input),
    '',
    'Reproduce (root):',
    '',
    '```sh',
    input.reproduce,
    '```',
    '',
    '## Results',
    '',
    ...resultsTable(input),
    '',
    'Scenarios:',
    '',
  ];
  for (const s of ALL_SCENARIOS) {
    const rs = input.records.filter(inScenario(s));
    if (rs.length > 0)
      L.push(`- **${s}** (${rs.length} trial${rs.length === 1 ? '' : 's'}): ${rs[0]!.description}.`);
  }
  L.push(
    '',
    "Per-pair spread: the median over a scenario's trials of the standard deviation of per-pair log ratios (head/base), per gated headline metric. The paired one-sided bound clears a threshold t at about n ≥ (1.645 · spread / t)² pairs when the estimate is 0:",
    '',
    ...ALL_SCENARIOS.map((s) => spreadLine(input, s)).filter((x): x is string => x !== null),
  );
  const injected = ALL_SCENARIOS.filter((s) => INJECTIONS[s] !== undefined || !AA_SCENARIOS.includes(s));
  L.push(
    '',
    `Regression scenarios run: ${injected.filter((s) => input.records.some(inScenario(s))).join(', ') || 'none'}.`,
    '',
    '## The after gate at other maxRepetitions',
    '',
    "The same trials, the after judge with the quick profile's maxRepetitions set to each value (looks re-planned, time budget unchanged): what the profile's setting is chosen from.",
    '',
    ...sweepTable(input),
    '',
    ...(input.synthetic && input.synthetic.length > 0 ? [...input.synthetic, ''] : []),
    '## Targets (issue 18)',
    '',
    '| judge | target | measured | met? |',
    '|---|---|---|---|',
  );
  const targets = [
    ...input.judgeNames.flatMap((j) => targetRows(input, j)),
    ...(input.syntheticTargets ?? []),
  ];
  L.push(...targets.map(targetLine));
  L.push('');
  return L.join('\n');
}
