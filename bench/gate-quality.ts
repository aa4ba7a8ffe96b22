/**
 * The gate benchmark (`npm run bench:gate`, root, Linux): how often does the paired gate raise a false
 * alarm (A/A), how often does it catch regressions of known size (tbf rate limits) and real ones
 * (extra iptables rules, MTU 9000 → 1500, host-gw → vxlan), and how long does it take — adaptive
 * sampling vs fixed n vs the naive single-sample ratio alert of benchmark-action style tools.
 *
 * Every trial is one real paired lab run (ABBA, one discarded warm-up pair) of `maxN` pairs; the
 * judges read prefixes of the same sample stream, which is exactly what each would have seen had it
 * stopped there (the adaptive judge's stop rule only ever looks at the first n pairs).
 *
 * Parameters (environment):
 *   BENCH_SCENARIOS  comma list of aa,tbf95,tbf90,iptables,mtu,vxlan (default: all)
 *   BENCH_TRIALS     trials per scenario: a number, or name=count pairs (default "aa=6,tbf95=3,tbf90=3,iptables=2,mtu=2,vxlan=2")
 *   BENCH_MAX_N      pairs per trial = the adaptive plan's maxRepetitions = the large fixed n (default 24)
 *   BENCH_DURATION_S seconds per iperf3 sample (default 1)
 *   BENCH_IPTABLES_RULES extra FORWARD rules of the iptables scenario (default 2000)
 *   BENCH_RAW        JSON-lines file of per-trial records, appended as trials finish (default /tmp/cni-perf-gate-bench/trials.jsonl)
 *   BENCH_FROM_RAW   1 = do not measure; render the doc from BENCH_RAW
 *   BENCH_OUT        the report (default docs/gate-quality.md)
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { dirname } from 'node:path';
import { compareResults } from '../src/core/compare/engine.js';
import type { ResultsFile } from '../src/core/results/types.js';
import { resolveSuiteConfig } from '../src/core/suite/config.js';
import type { SuiteConfig } from '../src/core/suite/types.js';
import {
  createLabPlatform,
  createNodeLabDeps,
  makeRunId,
  type LabPlatformOptions,
} from '../src/platform/lab/index.js';
import { createAdaptiveController } from '../src/runner/adaptive.js';
import { runSuite } from '../src/runner/run-suite.js';

type ScenarioName = 'aa' | 'tbf95' | 'tbf90' | 'iptables' | 'mtu' | 'vxlan';
const ALL: readonly ScenarioName[] = ['aa', 'tbf95', 'tbf90', 'iptables', 'mtu', 'vxlan'];
const DEFAULT_TRIALS = 'aa=6,tbf95=3,tbf90=3,iptables=2,mtu=2,vxlan=2';

const env = process.env;
const maxN = Number(env['BENCH_MAX_N'] ?? 24);
const durationS = Number(env['BENCH_DURATION_S'] ?? 1);
const iptablesRules = Number(env['BENCH_IPTABLES_RULES'] ?? 2000);
const rawPath = env['BENCH_RAW'] ?? '/tmp/cni-perf-gate-bench/trials.jsonl';
const outPath = env['BENCH_OUT'] ?? 'docs/gate-quality.md';
const scenarios = (env['BENCH_SCENARIOS'] ?? ALL.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is ScenarioName => (ALL as readonly string[]).includes(s));
const trialsSpec = env['BENCH_TRIALS'] ?? DEFAULT_TRIALS;
const trialsOf = (name: ScenarioName): number => {
  if (/^\d+$/.test(trialsSpec)) return Number(trialsSpec);
  const hit = trialsSpec.split(',').find((p) => p.trim().startsWith(`${name}=`));
  return hit ? Number(hit.split('=')[1]) : 0;
};

const suite: SuiteConfig = {
  ...resolveSuiteConfig({ overrides: { quick: true } }),
  topologies: ['pod-to-pod-cross-node'],
  tests: ['tcp-stream'],
  repetitions: maxN,
  maxRepetitions: maxN,
  iperf: { ...resolveSuiteConfig({ overrides: { quick: true } }).iperf, durationS, omitS: 0 },
};
const controller = createAdaptiveController(suite);
const firstLook = controller.plan.looks[0]!;

/** What one trial produced, per judge. */
interface TrialRecord {
  readonly scenario: ScenarioName;
  readonly description: string;
  readonly baseThroughputBps: number;
  /** Median per-pair throughput ratio head/base over all maxN pairs (the size of the injected change). */
  readonly effectRatio: number;
  readonly wallS: number;
  readonly judges: Record<
    string,
    { alarm: boolean; verdict: string; timeS: number; n: number; stop?: string; regressed?: string[] }
  >;
}

function truncate(file: ResultsFile, n: number): ResultsFile {
  return { ...file, scenarios: file.scenarios.map((s) => ({ ...s, samples: s.samples.slice(0, n) })) };
}

/** Seconds from the first kept sample's start to the end of the last sample of the first n pairs. */
function timeToN(base: ResultsFile, head: ResultsFile, n: number): number {
  const samples = [base, head].flatMap((f) => f.scenarios[0]!.samples.slice(0, n));
  const all = [base, head].flatMap((f) => f.scenarios[0]!.samples);
  const start = Math.min(...all.map((s) => Date.parse(s.startedAt)));
  const end = Math.max(...samples.map((s) => Date.parse(s.startedAt) + s.durationS * 1000));
  return (end - start) / 1000;
}

const throughput = (f: ResultsFile): number[] =>
  f.scenarios[0]!.samples.map((s) => s.metrics.tcp_throughput_bps ?? Number.NaN);
const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function regressedMetrics(report: ReturnType<typeof compareResults>): string[] {
  return report.comparisons.filter((c) => c.verdict === 'regression').map((c) => c.metric);
}

function judge(
  scenario: ScenarioName,
  description: string,
  base: ResultsFile,
  head: ResultsFile,
  wallS: number,
): TrialRecord {
  const tb = throughput(base);
  const th = throughput(head);
  const judges: TrialRecord['judges'] = {};
  // Naive: one sample each side, alert when head is worse by the factor (benchmark-action's alert-threshold).
  for (const [name, factor] of [
    ['naive-110%', 1.1],
    ['naive-200%', 2],
  ] as const) {
    const alarm = tb[0]! / th[0]! >= factor;
    judges[name] = { alarm, verdict: alarm ? 'regression' : 'pass', timeS: timeToN(base, head, 1), n: 1 };
  }
  for (const n of [firstLook, maxN]) {
    const report = compareResults(truncate(base, n), truncate(head, n), { paired: true });
    judges[`fixed-n${n}`] = {
      regressed: regressedMetrics(report),
      alarm: report.verdict === 'regression',
      verdict: report.verdict,
      timeS: timeToN(base, head, n),
      n,
    };
  }
  for (const n of controller.plan.looks) {
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
      const report = compareResults(b, h, { paired: true, alpha: controller.plan.alphaPerLook });
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
  const ratios = tb.map((b, i) => th[i]! / b);
  return { scenario, description, baseThroughputBps: median(tb), effectRatio: median(ratios), wallS, judges };
}

async function pairedTrial(
  base: Omit<LabPlatformOptions, 'runId'>,
  head: Omit<LabPlatformOptions, 'runId'>,
): Promise<{ base: ResultsFile; head: ResultsFile; wallS: number }> {
  const deps = createNodeLabDeps();
  const started = Date.now();
  const platforms = [
    createLabPlatform({ ...base, runId: makeRunId(Math.random) }, deps),
    createLabPlatform({ ...head, runId: makeRunId(Math.random) }, deps),
  ];
  const [b, h] = await runSuite(platforms, {
    suite,
    toolVersion: 'bench',
    paired: { pairingId: makeRunId(Math.random), warmupPairs: 1 },
    hooks: { onLog: (line) => process.stderr.write(`  ${line}\n`) },
  });
  return { base: b!, head: h!, wallS: (Date.now() - started) / 1000 };
}

async function measure(): Promise<void> {
  mkdirSync(dirname(rawPath), { recursive: true });
  const hostgw: Omit<LabPlatformOptions, 'runId'> = { datapath: 'bridge-hostgw' };
  let calibration: number | null = null;
  const calibrate = async (): Promise<number> => {
    if (calibration !== null) return calibration;
    process.stderr.write('calibrating the base throughput (one A/A trial)…\n');
    const t = await pairedTrial(hostgw, hostgw);
    calibration = median([...throughput(t.base), ...throughput(t.head)]);
    return calibration;
  };
  for (const scenario of scenarios) {
    const trials = trialsOf(scenario);
    for (let i = 0; i < trials; i++) {
      let base = hostgw;
      let head: Omit<LabPlatformOptions, 'runId'> = hostgw;
      let description = 'A/A: bridge-hostgw vs bridge-hostgw';
      if (scenario === 'tbf95' || scenario === 'tbf90') {
        const fraction = scenario === 'tbf95' ? 0.95 : 0.9;
        const rate = fraction * (await calibrate());
        head = { ...hostgw, impairment: { rateBps: rate } };
        description = `tbf at ${fraction * 100}% of the calibrated base throughput (${(rate / 1e9).toFixed(2)} Gbit/s) on the nodes' underlay`;
      } else if (scenario === 'iptables') {
        head = { ...hostgw, impairment: { extraIptablesRules: iptablesRules } };
        description = `${iptablesRules} extra non-matching FORWARD rules on every node`;
      } else if (scenario === 'mtu') {
        base = { ...hostgw, mtu: 9000 };
        head = { ...hostgw, mtu: 1500 };
        description = 'bridge-hostgw underlay MTU 9000 → 1500';
      } else if (scenario === 'vxlan') {
        head = { datapath: 'bridge-vxlan' };
        description = 'bridge-hostgw → bridge-vxlan';
      }
      process.stderr.write(`${scenario} trial ${i + 1}/${trials}: ${description}\n`);
      const t = await pairedTrial(base, head);
      if (scenario === 'aa' && calibration === null)
        calibration = median([...throughput(t.base), ...throughput(t.head)]);
      const record = judge(scenario, description, t.base, t.head, t.wallS);
      appendFileSync(rawPath, `${JSON.stringify(record)}\n`);
      const summary = Object.entries(record.judges)
        .map(([k, v]) => `${k}=${v.verdict}@${v.n}`)
        .join(' ');
      process.stderr.write(
        `  effect ${((record.effectRatio - 1) * 100).toFixed(1)}%, ${Math.round(t.wallS)} s: ${summary}\n`,
      );
    }
  }
}

/** Wilson score interval (95%) of k successes in n trials. */
function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;

function render(records: readonly TrialRecord[]): string {
  const judgesOrder = ['naive-110%', 'naive-200%', `fixed-n${firstLook}`, `fixed-n${maxN}`, 'adaptive'];
  const lines: string[] = [];
  const cpuModel = cpus()[0]?.model ?? 'unknown';
  lines.push('# Gate quality: false alarms, detection and time to verdict');
  lines.push('');
  lines.push(
    '_Generated by `npm run bench:gate` (bench/gate-quality.ts) from real paired lab runs; do not edit by hand._',
  );
  lines.push('');
  lines.push('## Setup');
  lines.push('');
  lines.push(
    `- Machine: ${cpuModel}, ${cpus().length} CPUs, kernel ${release()}; shared with other work while it ran.`,
  );
  lines.push(
    `- Each trial: one paired lab run (\`pod-to-pod-cross-node/tcp-stream\`, ${durationS} s iperf3 samples, no omit), one discarded warm-up pair, then ${maxN} pairs in ABBA order.`,
  );
  lines.push(
    `- Judges read prefixes of the same trial: **naive-110% / naive-200%** = one sample per side, alert when head throughput is ≥ 1.1× / 2× worse (benchmark-action style \`alert-threshold\`); **fixed-n${firstLook} / fixed-n${maxN}** = the paired gate (Wilcoxon signed-rank, Holm, α = 0.01, default thresholds) on the first ${firstLook} / all ${maxN} pairs; **adaptive** = looks at n = ${controller.plan.looks.join(', ')} pairs, each judged at α/${controller.plan.looks.length} = ${controller.plan.alphaPerLook.toPrecision(3)} (Bonferroni over the planned looks), stopping on a regression or when every headline metric is settled.`,
  );
  lines.push(
    '- A "detection"/"false alarm" is an overall verdict `regression` (any gated metric, as the gate fails); time to verdict is wall time from the first kept sample to the end of the last sample the judge needed (setup and warm-up excluded, the same for all judges).',
  );
  lines.push(
    '- Rates carry a 95% Wilson interval and the number of trials behind them; with this few trials the intervals are wide.',
  );
  lines.push('');
  lines.push('Reproduce (root):');
  lines.push('');
  lines.push('```sh');
  lines.push(
    `BENCH_TRIALS='${trialsSpec}' BENCH_MAX_N=${maxN} BENCH_DURATION_S=${durationS} BENCH_IPTABLES_RULES=${iptablesRules} npm run bench:gate`,
  );
  lines.push('```');
  lines.push('');
  lines.push('## Results');
  lines.push('');
  lines.push(
    '| scenario | trials | measured effect (median per-pair ratio) | judge | alarm rate [95% CI] | median time to verdict | verdicts |',
  );
  lines.push('|---|---:|---:|---|---:|---:|---|');
  for (const scenario of ALL) {
    const rs = records.filter((r) => r.scenario === scenario);
    if (rs.length === 0) continue;
    const effect = median(rs.map((r) => r.effectRatio));
    for (const j of judgesOrder) {
      const js = rs.map((r) => r.judges[j]).filter((x) => x !== undefined);
      if (js.length === 0) continue;
      const k = js.filter((x) => x.alarm).length;
      const [lo, hi] = wilson(k, js.length);
      const counts = new Map<string, number>();
      for (const x of js) {
        const key = x.stop ? `${x.verdict} (n=${x.n}, ${x.stop})` : x.verdict;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const verdicts = [...counts].map(([v, c]) => `${c}× ${v}`).join(', ');
      lines.push(
        `| ${scenario} | ${js.length} | ${((effect - 1) * 100).toFixed(1)}% | ${j} | ${k}/${js.length} = ${pct(k / js.length)} [${pct(lo)}, ${pct(hi)}] | ${median(js.map((x) => x.timeS)).toFixed(1)} s | ${verdicts} |`,
      );
    }
  }
  lines.push('');
  const regressedBy = (scenario: ScenarioName): string => {
    const counts = new Map<string, number>();
    for (const r of records.filter((x) => x.scenario === scenario)) {
      for (const m of r.judges['adaptive']?.regressed ?? []) counts.set(m, (counts.get(m) ?? 0) + 1);
    }
    return counts.size === 0
      ? ''
      : ` Adaptive regressions named: ${[...counts].map(([m, c]) => `${m} (${c}×)`).join(', ')}.`;
  };
  lines.push('Scenarios:');
  lines.push('');
  for (const scenario of ALL) {
    const r = records.find((x) => x.scenario === scenario);
    if (r)
      lines.push(
        `- **${scenario}**: ${r.description}; base throughput ≈ ${(r.baseThroughputBps / 1e9).toFixed(2)} Gbit/s.${regressedBy(scenario)}`,
      );
  }
  lines.push('');
  lines.push(...targets(records));
  lines.push('');
  lines.push('## What the defaults are calibrated to');
  lines.push('');
  lines.push(
    `- **α = 0.01 family-wise, Holm inside a look, Bonferroni over the planned looks** (each look at α/K): the exact rank tests have discrete p-values with a hard floor (1/2ⁿ for n pairs), for which Pocock / O'Brien–Fleming boundaries (derived for normal increments) give no guarantee; Bonferroni over K looks holds the false-alarm rate ≤ α for any stopping rule and costs little at K = ${controller.plan.looks.length}.`,
  );
  lines.push(
    `- **First look** = the smallest even n whose smallest possible p passes α/(K·m) (here n = ${firstLook} for m = 5 metrics of one tcp-stream scenario), then every 4 pairs (two ABBA blocks) up to \`maxRepetitions\` (quick profile ${maxN}, default profile 32) or \`timeBudgetS\`.`,
  );
  lines.push(
    '- **Stop rule**: stop at the first look with a `regression` on any metric, or when every headline metric is settled (regression, improvement or unchanged); otherwise continue until the last look or the time budget.',
  );
  lines.push(
    "- **Thresholds** (throughput/RPS 5%, p50 5%, p99 10%): a regression needs the CI's near end past the threshold, so a true change of exactly the threshold is caught about half the time by construction; the tbf95 row measures that.",
  );
  lines.push('');
  return lines.join('\n');
}

/** The targets of the gate, judged on the measured figures (never tuned to pass). */
function targets(records: readonly TrialRecord[]): string[] {
  const rate = (scenario: ScenarioName, judgeName: string): { k: number; n: number } | null => {
    const js = records
      .filter((r) => r.scenario === scenario)
      .map((r) => r.judges[judgeName])
      .filter((x) => x);
    return js.length === 0 ? null : { k: js.filter((x) => x!.alarm).length, n: js.length };
  };
  const fmt = (r: { k: number; n: number }): string => {
    const [lo, hi] = wilson(r.k, r.n);
    return `${r.k}/${r.n} = ${pct(r.k / r.n)} [95% CI ${pct(lo)}–${pct(hi)}]`;
  };
  const out = ['## Targets', '', '| target | measured (adaptive gate) | met? |', '|---|---|---|'];
  const aa = rate('aa', 'adaptive');
  if (aa) {
    const [, hi] = wilson(aa.k, aa.n);
    const status =
      aa.k / aa.n > 0.01
        ? 'NO'
        : hi <= 0.01
          ? 'yes'
          : `not demonstrated: ${aa.n} trials cannot show ≤ 1% (upper CI ${pct(hi)})`;
    out.push(`| A/A false alarms ≤ 1% per gate run | ${fmt(aa)} | ${status} |`);
  }
  const detect = (scenario: ScenarioName, target: number, nominal: number, label: string): void => {
    const r = rate(scenario, 'adaptive');
    if (!r) return;
    const [lo] = wilson(r.k, r.n);
    const effect = median(records.filter((x) => x.scenario === scenario).map((x) => x.effectRatio)) - 1;
    let status =
      r.k / r.n < target
        ? 'NO'
        : lo >= target
          ? 'yes'
          : `point estimate yes, not demonstrated with ${r.n} trials`;
    if (Math.abs(-effect - nominal) > 0.015) {
      status += `; NOT a test of this target: the injected drop measured ${(-effect * 100).toFixed(1)}%, not ${Math.round(nominal * 100)}%`;
    }
    out.push(`| ${label} | ${fmt(r)} | ${status} |`);
  };
  detect('tbf90', 0.95, 0.1, 'detection ≥ 95% at 10% (tbf 90%)');
  detect('tbf95', 0.8, 0.05, 'detection ≥ 80% at 5% (tbf 95%)');
  for (const s of ['iptables', 'mtu', 'vxlan'] as const) {
    const r = rate(s, 'adaptive');
    if (r)
      out.push(`| real regression caught every time: ${s} | ${fmt(r)} | ${r.k === r.n ? 'yes' : 'NO'} |`);
  }
  const times = (j: string): number[] =>
    records.map((r) => r.judges[j]?.timeS).filter((t): t is number => t !== undefined);
  const ta = times('adaptive');
  const tf = times(`fixed-n${maxN}`);
  if (ta.length > 0 && tf.length > 0) {
    const saving = 1 - median(ta) / median(tf);
    out.push(
      `| adaptive median time to verdict ≥ 40% below fixed n = ${maxN} (all trials) | ${median(ta).toFixed(1)} s vs ${median(tf).toFixed(1)} s: ${pct(saving)} less | ${saving >= 0.4 ? 'yes' : 'NO'} |`,
    );
  }
  return out;
}

if (env['BENCH_FROM_RAW'] !== '1') await measure();
const records = readFileSync(rawPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as TrialRecord);
const generated = render(records);
const extraPath = env['BENCH_NOTES'];
writeFileSync(outPath, generated + (extraPath ? `\n${readFileSync(extraPath, 'utf8')}` : ''));
process.stderr.write(`wrote ${outPath} from ${records.length} trials (${rawPath})\n`);
