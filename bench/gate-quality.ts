/**
 * The gate benchmark (`npm run bench:gate`, root, Linux): how often does the paired gate raise a false
 * alarm (A/A), how often does it catch regressions of known, MEASURED size (tbf rate caps and extra
 * iptables rules, each calibrated against the measured per-pair effect) and real ones (2000 extra
 * iptables rules, MTU 9000 → 1500, host-gw → vxlan), and how long does it take — adaptive sampling vs
 * fixed n vs the naive single-sample ratio alert of benchmark-action style tools.
 *
 * Every trial is one real paired lab run (ABBA, one discarded warm-up pair) of `maxN` pairs; the
 * judges read prefixes of the same sample stream, which is exactly what each would have seen had it
 * stopped there (the adaptive judge's stop rule only ever looks at the first n pairs). Each trial's
 * two results files are kept in the raw file, so the judges can be re-run at other thresholds.
 *
 * Parameters (environment):
 *   BENCH_SCENARIOS  comma list of aa,tbf5,tbf10,rules5,rules10,iptables,mtu,vxlan (default: all)
 *   BENCH_TRIALS     trials per scenario: a number, or name=count pairs (default "aa=6,tbf5=3,tbf10=3,iptables=2,mtu=2,vxlan=2")
 *   BENCH_MAX_N      pairs per trial = the adaptive plan's maxRepetitions = the large fixed n (default 40)
 *   BENCH_DURATION_S seconds per iperf3 sample (default 1)
 *   BENCH_IPTABLES_RULES extra FORWARD rules of the iptables scenario (default 2000)
 *   BENCH_CAL_PAIRS  pairs per calibration step (default 6); BENCH_CAL_STEPS steps per injection (default 3)
 *   BENCH_DEADLINE_MIN no new trial starts when it would end after this many minutes (default: none)
 *   BENCH_RAW        JSON-lines file of per-trial records, appended as trials finish (default /tmp/cni-perf-gate-bench/trials.jsonl)
 *   BENCH_CALIBRATION_RAW JSON-lines file of calibration records (default /tmp/cni-perf-gate-bench/calibration.jsonl)
 *   BENCH_FROM_RAW   1 = do not measure; judge and render from BENCH_RAW (+ BENCH_CALIBRATION_RAW)
 *   BENCH_THRESHOLD_PCT comma list of tcp_throughput_bps thresholds (percent) the gate judges are run at (default "2,2.5,3,4,5")
 *   BENCH_RESAMPLE_RUNS synthetic A/A runs per threshold and drawing mode (default 2000); BENCH_RESAMPLE_SEED (default 1)
 *   BENCH_NOTES      a markdown file appended to the report (hand-written reading of the figures)
 *   BENCH_OUT        the report (default docs/gate-quality.md)
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { dirname } from 'node:path';
import { defaultThresholdPct } from '../src/core/metrics.js';
import type { ResultsFile } from '../src/core/results/types.js';
import { resolveSuiteConfig } from '../src/core/suite/config.js';
import type { SuiteConfig } from '../src/core/suite/types.js';
import {
  createLabPlatform,
  createNodeLabDeps,
  makeRunId,
  type LabPlatformOptions,
} from '../src/platform/lab/index.js';
import { runSuite } from '../src/runner/run-suite.js';
import { createJudges, effectRatio, throughput } from './gate-quality-judge.js';
import { renderReport, type Evaluation } from './gate-quality-render.js';
import { resampleAa } from './gate-quality-resample.js';
import { median } from '../src/core/stats/quantile.js';
import {
  ALL_SCENARIOS,
  INJECTIONS,
  type CalibrationRecord,
  type CalibrationStep,
  type InjectionTarget,
  type ScenarioName,
  type TrialRecord,
} from './gate-quality-types.js';

const DEFAULT_TRIALS = 'aa=6,tbf5=3,tbf10=3,iptables=2,mtu=2,vxlan=2';

const env = process.env;
const maxN = Number(env['BENCH_MAX_N'] ?? 40);
const durationS = Number(env['BENCH_DURATION_S'] ?? 1);
const iptablesRules = Number(env['BENCH_IPTABLES_RULES'] ?? 2000);
const rawPath = env['BENCH_RAW'] ?? '/tmp/cni-perf-gate-bench/trials.jsonl';
const calibrationPath = env['BENCH_CALIBRATION_RAW'] ?? '/tmp/cni-perf-gate-bench/calibration.jsonl';
const calPairs = Number(env['BENCH_CAL_PAIRS'] ?? 6);
const calSteps = Number(env['BENCH_CAL_STEPS'] ?? 3);
const deadlineMin = Number(env['BENCH_DEADLINE_MIN'] ?? Infinity);
const outPath = env['BENCH_OUT'] ?? 'docs/gate-quality.md';
const thresholdsPct = (env['BENCH_THRESHOLD_PCT'] ?? '2,2.5,3,4,5').split(',').map((t) => Number(t.trim()));
const resampleRuns = Number(env['BENCH_RESAMPLE_RUNS'] ?? 2000);
const resampleSeed = Number(env['BENCH_RESAMPLE_SEED'] ?? 1);
const scenarios = (env['BENCH_SCENARIOS'] ?? ALL_SCENARIOS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is ScenarioName => (ALL_SCENARIOS as readonly string[]).includes(s));
const trialsSpec = env['BENCH_TRIALS'] ?? DEFAULT_TRIALS;
const trialsOf = (name: ScenarioName): number => {
  if (/^\d+$/.test(trialsSpec)) return Number(trialsSpec);
  const hit = trialsSpec.split(',').find((p) => p.trim().startsWith(`${name}=`));
  return hit ? Number(hit.split('=')[1]) : 0;
};
for (const t of thresholdsPct) {
  if (!(Number.isFinite(t) && t > 0 && t < 100)) {
    process.stderr.write(
      `BENCH_THRESHOLD_PCT: expected a comma list of percentages like "5,3", got ${env['BENCH_THRESHOLD_PCT']}\n`,
    );
    process.exit(2);
  }
}

const quick = resolveSuiteConfig({ overrides: { quick: true } });
const suite: SuiteConfig = {
  ...quick,
  topologies: ['pod-to-pod-cross-node'],
  tests: ['tcp-stream'],
  repetitions: maxN,
  maxRepetitions: maxN,
  iperf: { ...quick.iperf, durationS, omitS: 0 },
};

type LabSide = Omit<LabPlatformOptions, 'runId'>;
const hostgw: LabSide = { datapath: 'bridge-hostgw' };

async function pairedTrial(
  base: LabSide,
  head: LabSide,
  trialSuite: SuiteConfig = suite,
): Promise<{ base: ResultsFile; head: ResultsFile; wallS: number }> {
  const deps = createNodeLabDeps();
  const started = Date.now();
  const platforms = [
    createLabPlatform({ ...base, runId: makeRunId(Math.random) }, deps),
    createLabPlatform({ ...head, runId: makeRunId(Math.random) }, deps),
  ];
  const [b, h] = await runSuite(platforms, {
    suite: trialSuite,
    toolVersion: 'bench',
    paired: { pairingId: makeRunId(Math.random), warmupPairs: 1 },
    hooks: { onLog: (line) => process.stderr.write(`  ${line}\n`) },
  });
  return { base: b!, head: h!, wallS: (Date.now() - started) / 1000 };
}

/** The head side of an injection at a knob value. */
function injected(knob: InjectionTarget['knob'], value: number): LabSide {
  return knob === 'rate'
    ? { ...hostgw, impairment: { rateBps: value } }
    : { ...hostgw, impairment: { extraIptablesRules: value } };
}

/**
 * The next knob value toward the target drop, from a measured ratio. A rate cap scales with the
 * throughput it lets through (value × target ratio / measured ratio); rule cost adds per-packet work,
 * ratio ≈ 1 / (1 + k·rules), so rules scale with (1/ratio − 1). `damping` (0–1] shrinks the step in
 * log space (1 = full step).
 */
function nextValue(target: InjectionTarget, value: number, measured: number, damping = 1): number {
  const want = 1 - target.drop;
  if (target.knob === 'rate') return Math.min(1e12, Math.max(1e6, value * (want / measured) ** damping));
  const factor = measured >= 0.995 ? 2 : (1 / want - 1) / (1 / measured - 1);
  return Math.min(100000, Math.max(1, Math.round(value * factor ** damping)));
}

/**
 * Finds the knob value whose MEASURED median per-pair throughput drop is the target: a tbf rate
 * starts at (1 − drop) × a measured base throughput, a rule count at the model fitted to the 2000-
 * rule collapse of the first run (−64.5%); each step measures `calPairs` pairs and updates the value
 * (stops early within ±0.5 points).
 */
async function calibrate(scenario: ScenarioName, target: InjectionTarget): Promise<CalibrationRecord> {
  const calSuite: SuiteConfig = { ...suite, repetitions: calPairs, maxRepetitions: calPairs };
  const want = 1 - target.drop;
  let value: number;
  if (target.knob === 'rate') {
    process.stderr.write(`${scenario}: measuring the base throughput (${calPairs} A/A pairs)…\n`);
    const aa = await pairedTrial(hostgw, hostgw, calSuite);
    value = want * median([...throughput(aa.base), ...throughput(aa.head)]);
  } else {
    const k = (1 / 0.355 - 1) / 2000;
    value = Math.round((1 / want - 1) / k);
  }
  const steps: CalibrationStep[] = [];
  for (let i = 0; i < calSteps; i++) {
    process.stderr.write(
      `${scenario}: calibration ${i + 1}/${calSteps} at ${target.knob} ${Math.round(value)}\n`,
    );
    const t = await pairedTrial(hostgw, injected(target.knob, value), calSuite);
    const ratio = effectRatio(t.base, t.head);
    steps.push({
      value,
      baseThroughputBps: median(throughput(t.base)),
      effectRatio: ratio,
      pairs: throughput(t.base).length,
    });
    process.stderr.write(
      `  measured ${((ratio - 1) * 100).toFixed(1)}% (target ${(-target.drop * 100).toFixed(1)}%)\n`,
    );
    if (Math.abs(ratio - want) <= 0.005) break;
    value = nextValue(target, value, ratio);
  }
  const record: CalibrationRecord = { scenario, knob: target.knob, targetDrop: target.drop, steps, value };
  appendFileSync(calibrationPath, `${JSON.stringify(record)}\n`);
  return record;
}

/** Trials of every scenario spread evenly over the run (so a cut-short run still covers all). */
function schedule(): ScenarioName[] {
  const slots: { scenario: ScenarioName; at: number }[] = [];
  for (const scenario of scenarios) {
    const n = trialsOf(scenario);
    for (let i = 0; i < n; i++) slots.push({ scenario, at: (i + 0.5) / n });
  }
  return slots.sort((x, y) => x.at - y.at).map((x) => x.scenario);
}

async function measure(): Promise<void> {
  mkdirSync(dirname(rawPath), { recursive: true });
  mkdirSync(dirname(calibrationPath), { recursive: true });
  const judges = createJudges(suite);
  const started = Date.now();
  const values = new Map<ScenarioName, number>();
  for (const scenario of scenarios) {
    const target = INJECTIONS[scenario];
    if (target !== undefined && trialsOf(scenario) > 0)
      values.set(scenario, (await calibrate(scenario, target)).value);
  }
  const order = schedule();
  let lastTrialS = 0;
  for (const [i, scenario] of order.entries()) {
    if ((Date.now() - started) / 60000 + lastTrialS / 60 > deadlineMin) {
      process.stderr.write(
        `deadline: ${order.length - i} trials not started (BENCH_DEADLINE_MIN=${deadlineMin})\n`,
      );
      break;
    }
    let base = hostgw;
    let head: LabSide = hostgw;
    let description = 'A/A: bridge-hostgw vs bridge-hostgw';
    const target = INJECTIONS[scenario];
    const value = values.get(scenario);
    if (target !== undefined && value !== undefined) {
      head = injected(target.knob, value);
      description =
        target.knob === 'rate'
          ? `tbf rate cap on the nodes' underlay, calibrated to a measured ${Math.round(target.drop * 100)}% drop`
          : `extra non-matching FORWARD rules on every node, calibrated to a measured ${Math.round(target.drop * 100)}% drop`;
    } else if (scenario === 'iptables') {
      head = injected('rules', iptablesRules);
      description = `${iptablesRules} extra non-matching FORWARD rules on every node`;
    } else if (scenario === 'mtu') {
      base = { ...hostgw, mtu: 9000 };
      head = { ...hostgw, mtu: 1500 };
      description = 'bridge-hostgw underlay MTU 9000 → 1500';
    } else if (scenario === 'vxlan') {
      head = { datapath: 'bridge-vxlan' };
      description = 'bridge-hostgw → bridge-vxlan';
    }
    process.stderr.write(`trial ${i + 1}/${order.length} ${scenario}: ${description}\n`);
    const t = await pairedTrial(base, head);
    lastTrialS = t.wallS;
    const ratio = effectRatio(t.base, t.head);
    if (target !== undefined && value !== undefined) {
      // Machine load moves the base throughput (a rate cap is absolute): keep the injection on
      // target with a half step from this trial's own measured effect.
      values.set(scenario, nextValue(target, value, ratio, 0.5));
    }
    const record: TrialRecord = {
      scenario,
      description,
      baseThroughputBps: median(throughput(t.base)),
      effectRatio: ratio,
      wallS: t.wallS,
      ...(target?.knob === 'rate' && value !== undefined ? { tbfRateBps: value } : {}),
      ...(target?.knob === 'rules' && value !== undefined ? { extraRules: value } : {}),
      files: { base: t.base, head: t.head },
      judges: judges.judge(t.base, t.head),
    };
    appendFileSync(rawPath, `${JSON.stringify(record)}\n`);
    const summary = Object.entries(record.judges)
      .map(([k, v]) => `${k}=${v.verdict}@${v.n}`)
      .join(' ');
    process.stderr.write(
      `  effect ${((ratio - 1) * 100).toFixed(1)}%, ${Math.round(t.wallS)} s: ${summary}\n`,
    );
  }
}

function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

if (env['BENCH_FROM_RAW'] !== '1') await measure();
const all = readJsonLines<TrialRecord>(rawPath);
const records = all.filter((r) => r.files !== undefined);
if (records.length < all.length)
  process.stderr.write(
    `skipping ${all.length - records.length} trials without raw results files (cannot be re-judged)\n`,
  );
const defaultPct = defaultThresholdPct('tcp_throughput_bps', true);
const evaluations: Evaluation[] = thresholdsPct.map((thresholdPct, i) => {
  const judges = createJudges(suite, { tcp_throughput_bps: thresholdPct });
  const judged = records.map((r) => judges.judge(r.files!.base, r.files!.head));
  const resampled = (['within-trial', 'pooled'] as const).map((mode) =>
    resampleAa(records, judges, { runs: resampleRuns, seed: resampleSeed + i, mode }),
  );
  process.stderr.write(
    `judged ${records.length} trials + ${2 * resampleRuns} synthetic A/A runs at ${thresholdPct}%\n`,
  );
  return { thresholdPct, isDefault: thresholdPct === defaultPct, judged, resampled };
});
const judges = createJudges(suite);
const report = renderReport({
  records,
  calibrations: readJsonLines<CalibrationRecord>(calibrationPath),
  evaluations,
  judgeNames: judges.names,
  looks: judges.looks,
  alphaPerLook: judges.alphaPerLook,
  maxN,
  machine: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} CPUs, kernel ${release()}`,
  reproduce: `BENCH_TRIALS='${trialsSpec}' BENCH_MAX_N=${maxN} BENCH_DURATION_S=${durationS} BENCH_IPTABLES_RULES=${iptablesRules} BENCH_CAL_PAIRS=${calPairs} BENCH_CAL_STEPS=${calSteps}${Number.isFinite(deadlineMin) ? ` BENCH_DEADLINE_MIN=${deadlineMin}` : ''} npm run bench:gate\n# re-judge only: BENCH_FROM_RAW=1 BENCH_RAW=bench/data/gate-quality-trials.jsonl BENCH_CALIBRATION_RAW=bench/data/gate-quality-calibration.jsonl BENCH_THRESHOLD_PCT=${thresholdsPct.join(',')} npm run bench:gate`,
  resampleSeed,
});
const extraPath = env['BENCH_NOTES'];
writeFileSync(outPath, report + (extraPath ? `\n${readFileSync(extraPath, 'utf8')}` : ''));
process.stderr.write(`wrote ${outPath} from ${records.length} trials (${rawPath})\n`);
