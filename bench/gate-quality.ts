/**
 * The gate benchmark (`npm run bench:gate`, root, Linux): how often does the paired gate of the
 * QUICK SUITE (pod-to-pod-cross-node: tcp-stream and http-max, every headline metric gated: TCP
 * throughput, RPS, p50) raise a false alarm (A/A), how often does it catch regressions of known,
 * MEASURED size (extra iptables rules calibrated on the TCP effect, and on the RPS effect) and real ones (MTU 9000 → 1500, host-gw → vxlan), also under a steady co-tenant CPU hog
 * for the whole trial, and how long it takes — the gate before issue 18 vs after it vs fixed n.
 *
 * Every trial is one real paired lab run (ABBA, one discarded warm-up pair) of `maxN` pairs per
 * scenario, recorded with interference judging OFF (no sample is re-taken or marked; each keeps its
 * foreign CPU / steal): the judges read prefixes of the same sample stream and each applies its own
 * interference rule to the recorded figures, which is what it would have seen had it stopped there
 * (re-takes are not replayed). Each trial's two results files are kept in the raw file.
 *
 * Parameters (environment):
 *   BENCH_SCENARIOS  comma list of aa,tcp5,tcp10,rps5,rps10,mtu,vxlan,hog-aa,hog-vxlan (default: all)
 *   BENCH_TRIALS     trials per scenario: a number, or name=count pairs (default "aa=4,tcp5=2,tcp10=1,rps5=2,rps10=1,mtu=1,vxlan=1,hog-aa=1,hog-vxlan=1")
 *   BENCH_MAX_N      pairs per scenario per trial (default 32); the judges' plans stop at or before it
 *   BENCH_DURATION_S seconds per iperf3 sample (default 1); BENCH_OMIT_S seconds iperf3 omits first
 *                    (default 0; the quick profile: 2 s after a 1 s omit); BENCH_HTTP_DURATION_S per wrk sample (default 1)
 *   BENCH_CAL_PAIRS  pairs per calibration step (default 6); BENCH_CAL_STEPS steps per injection (default 3)
 *   BENCH_HOG        the co-tenant command of the hog scenarios (default "sha256sum /dev/zero")
 *   BENCH_PIN        CPU pinning of the lab's client and server: off (default), on, or alternate (odd trials pinned)
 *   BENCH_DEADLINE_MIN no new trial starts when it would end after this many minutes (default: none)
 *   BENCH_RAW        JSON-lines file of per-trial records, appended (default /tmp/cni-perf-gate-bench/quick-trials.jsonl)
 *   BENCH_CALIBRATION_RAW JSON-lines file of calibration records (default /tmp/cni-perf-gate-bench/quick-calibration.jsonl)
 *   BENCH_FROM_RAW   1 = do not measure; judge and render from BENCH_RAW (+ BENCH_CALIBRATION_RAW)
 *   BENCH_READ       comma list of raw files the report is judged from (default: BENCH_RAW), e.g. every
 *                    batch under bench/data; BENCH_CALIBRATION_READ likewise for calibration records
 *   BENCH_QUIET_FOREIGN_PCT keep only trials (hog scenarios aside, whose co-tenant is the point) whose
 *                    median foreign CPU over their pod samples is at most this many percent: the
 *                    trials of a quiet machine (default: keep all)
 *   BENCH_SWEEP      comma list of max pairs the after judge is also judged at (default 12,16,20,24,32,36,40;
 *                    empty: no sweep)
 *   BENCH_TCP_SYNTHETIC_DROPS comma list of exact TCP drops (percent) judged on the A/A trials (default 5,10; empty: none)
 *   BENCH_RPS_THRESHOLDS comma list of RPS/p50 paired thresholds (percent) the synthetic drops are judged at (default 5,4,3,2.5; empty: none)
 *   BENCH_SYNTHETIC_MAX comma list of max pairs the synthetic drops are judged at (default: the quick profile's)
 *   BENCH_SYNTHETIC_DROPS comma list of exact HTTP drops (percent) scaled into the quiet A/A trials (default 5,10)
 *   BENCH_PINNED     include = also judge trials recorded with CPU pinning (default: left out, the product does not pin)
 *   BENCH_NOTES      comma list of markdown files appended to the report (hand-written reading of the figures)
 *   BENCH_OUT        the report (default docs/gate-quality.md)
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { dirname } from 'node:path';
import { defaultThresholdPct } from '../src/core/metrics.js';
import type { ResultsFile } from '../src/core/results/types.js';
import { DEFAULT_INTERFERENCE, QUICK_SUITE } from '../src/core/suite/profiles.js';
import { resolveSuiteConfig } from '../src/core/suite/config.js';
import type { SuiteConfig } from '../src/core/suite/types.js';
import { median } from '../src/core/stats/quantile.js';
import {
  createLabPlatform,
  createNodeLabDeps,
  defaultCpuPinning,
  type CpuPinning,
  makeRunId,
  type LabPlatformOptions,
} from '../src/platform/lab/index.js';
import { runSuite } from '../src/runner/run-suite.js';
import { killHogs, startHog, type Hog } from './gate-quality-hog.js';
import { createJudges, effectsOf, pairRatio, type Judges } from './gate-quality-judge.js';
import { renderReport } from './gate-quality-render.js';
import {
  renderSynthetic,
  syntheticTargets,
  withHttpDrop,
  withTcpDrop,
  type SyntheticRow,
} from './gate-quality-synthetic.js';
import {
  ALL_SCENARIOS,
  HOG_SCENARIOS,
  INJECTIONS,
  type CalibrationRecord,
  type CalibrationStep,
  type InjectionTarget,
  type ScenarioName,
  type TrialRecord,
} from './gate-quality-types.js';

const DEFAULT_TRIALS = 'aa=4,tcp5=2,tcp10=1,rps5=2,rps10=1,mtu=1,vxlan=1,hog-aa=1,hog-vxlan=1';

const env = process.env;
const maxN = Number(env['BENCH_MAX_N'] ?? 32);
const durationS = Number(env['BENCH_DURATION_S'] ?? 1);
const httpDurationS = Number(env['BENCH_HTTP_DURATION_S'] ?? 1);
const omitS = Number(env['BENCH_OMIT_S'] ?? 0);
const rawPath = env['BENCH_RAW'] ?? '/tmp/cni-perf-gate-bench/quick-trials.jsonl';
const calibrationPath = env['BENCH_CALIBRATION_RAW'] ?? '/tmp/cni-perf-gate-bench/quick-calibration.jsonl';
const calPairs = Number(env['BENCH_CAL_PAIRS'] ?? 6);
const calSteps = Number(env['BENCH_CAL_STEPS'] ?? 3);
const hogCommand = env['BENCH_HOG'] ?? 'sha256sum /dev/zero';
const deadlineMin = Number(env['BENCH_DEADLINE_MIN'] ?? Infinity);
const pinMode = env['BENCH_PIN'] ?? 'off';
if (!['off', 'on', 'alternate'].includes(pinMode)) {
  process.stderr.write(`BENCH_PIN: expected off, on or alternate, got ${pinMode}\n`);
  process.exit(2);
}
const outPath = env['BENCH_OUT'] ?? 'docs/gate-quality.md';
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
for (const [name, v] of [
  ['BENCH_MAX_N', maxN],
  ['BENCH_DURATION_S', durationS],
  ['BENCH_HTTP_DURATION_S', httpDurationS],
] as const) {
  if (!(Number.isInteger(v) && v >= 1)) {
    process.stderr.write(`${name}: expected a whole number ≥ 1, got ${env[name]}\n`);
    process.exit(2);
  }
}
if (!(Number.isInteger(omitS) && omitS >= 0)) {
  process.stderr.write(`BENCH_OMIT_S: expected a whole number ≥ 0, got ${env['BENCH_OMIT_S']}\n`);
  process.exit(2);
}

const quick = resolveSuiteConfig({ overrides: { quick: true } });
/** The recording suite: the quick suite's scenarios, maxN pairs, interference judging off. */
const suite: SuiteConfig = {
  ...quick,
  repetitions: maxN,
  maxRepetitions: maxN,
  timeBudgetS: 86_400,
  iperf: { ...quick.iperf, durationS, omitS },
  http: { ...quick.http, durationS: httpDurationS },
  interference: { maxForeignCpuPercent: 100, maxStealPercent: 100, retakeBudget: 0 },
};
const afterLimits = { maxRepetitions: QUICK_SUITE.maxRepetitions!, timeBudgetS: QUICK_SUITE.timeBudgetS! };

// An interrupt ends the current trial through the runner (which tears its namespaces down) and
// kills the co-tenant; no new trial starts.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    process.stderr.write(`${signal}: stopping after tearing the current trial down\n`);
    killHogs();
    interrupt.abort(new Error(`benchmark interrupted (${signal})`));
  });

type LabSide = Omit<LabPlatformOptions, 'runId'>;
/** The CPU pinning of the trial being measured (BENCH_PIN). */
let trialPinning: CpuPinning | null = null;
const hostgw: LabSide = { datapath: 'bridge-hostgw' };

async function pairedTrial(
  base: LabSide,
  head: LabSide,
  trialSuite: SuiteConfig = suite,
): Promise<{ base: ResultsFile; head: ResultsFile; wallS: number }> {
  const deps = createNodeLabDeps();
  const started = Date.now();
  const platforms = [
    createLabPlatform({ ...base, runId: makeRunId(Math.random), pinning: trialPinning }, deps),
    createLabPlatform({ ...head, runId: makeRunId(Math.random), pinning: trialPinning }, deps),
  ];
  const [b, h] = await runSuite(platforms, {
    suite: trialSuite,
    toolVersion: 'bench',
    paired: { pairingId: makeRunId(Math.random), warmupPairs: 1 },
    hooks: { onLog: (line) => process.stderr.write(`  ${line}\n`), signal: interrupt.signal },
  });
  return { base: b!, head: h!, wallS: (Date.now() - started) / 1000 };
}

/** The head side of an injection at a knob value. */
function injected(knob: InjectionTarget['knob'], value: number): LabSide {
  return knob === 'rate'
    ? { ...hostgw, impairment: { rateBps: value } }
    : { ...hostgw, impairment: { extraIptablesRules: Math.round(value) } };
}

const effectId = {
  tcp: ['pod-to-pod-cross-node/tcp-stream', 'tcp_throughput_bps'],
  rps: ['pod-to-pod-cross-node/http-max', 'http_rps'],
  p50: ['pod-to-pod-cross-node/http-max', 'http_latency_p50_ms'],
} as const;

/** The calibrated effect of a trial (the ratio of the metric the injection is calibrated on). */
function targetEffect(target: InjectionTarget, base: ResultsFile, head: ResultsFile): number {
  const [id, metric] = effectId[target.effect];
  return pairRatio(base, head, id, metric) ?? 1;
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

/** Only the test an injection is calibrated on, `calPairs` pairs. */
function calibrationSuite(target: InjectionTarget): SuiteConfig {
  return {
    ...suite,
    tests: [target.effect === 'tcp' ? 'tcp-stream' : 'http-max'],
    repetitions: calPairs,
    maxRepetitions: calPairs,
  };
}

/**
 * Finds the knob value whose MEASURED median per-pair drop of the calibrated metric is the target:
 * a tbf rate starts at (1 − drop) × a measured base throughput, a rule count at the injection's
 * start; each step measures `calPairs` pairs of the calibrated test only and the search stops
 * within ±1 point of the target.
 */
async function calibrate(scenario: ScenarioName, target: InjectionTarget): Promise<CalibrationRecord> {
  const calSuite = calibrationSuite(target);
  let value: number;
  if (target.knob === 'rate') {
    process.stderr.write(`${scenario}: measuring the base throughput (${calPairs} A/A pairs)…\n`);
    const aa = await pairedTrial(hostgw, hostgw, calSuite);
    const [id, metric] = effectId.tcp;
    const tput = [aa.base, aa.head].flatMap(
      (f) => f.scenarios.find((s) => s.id === id)?.samples.map((s) => s.metrics[metric] ?? NaN) ?? [],
    );
    value = (1 - target.drop) * median(tput);
  } else {
    value = target.start;
  }
  const steps: CalibrationStep[] = [];
  for (let i = 0; i < calSteps; i++) {
    process.stderr.write(
      `${scenario}: calibration ${i + 1}/${calSteps} at ${target.knob} ${Math.round(value)}\n`,
    );
    const t = await pairedTrial(hostgw, injected(target.knob, value), calSuite);
    const ratio = targetEffect(target, t.base, t.head);
    steps.push({ value, effectRatio: ratio, pairs: calPairs });
    process.stderr.write(
      `  measured ${((ratio - 1) * 100).toFixed(1)}% (target ${(-target.drop * 100).toFixed(1)}%)\n`,
    );
    if (Math.abs(ratio - (1 - target.drop)) <= 0.01) break;
    value = nextValue(target, value, ratio);
  }
  const record: CalibrationRecord = {
    bench: 'quick-suite',
    scenario,
    knob: target.knob,
    effect: target.effect,
    targetDrop: target.drop,
    steps,
    value,
  };
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

/** Base and head of a scenario, and a description for the report. */
function sidesOf(
  scenario: ScenarioName,
  value: number | undefined,
): { base: LabSide; head: LabSide; description: string } {
  const target = INJECTIONS[scenario];
  if (target !== undefined && value !== undefined) {
    const what =
      (target.knob === 'rate'
        ? "tbf rate cap on the nodes' underlay"
        : 'extra non-matching FORWARD rules on every node') +
      `, calibrated on ${target.effect === 'tcp' ? 'TCP throughput' : 'RPS'}`;
    return {
      base: hostgw,
      head: injected(target.knob, value),
      description: `${what} to a measured ${Math.round(target.drop * 100)}% drop`,
    };
  }
  if (scenario === 'mtu')
    return {
      base: { ...hostgw, mtu: 9000 },
      head: { ...hostgw, mtu: 1500 },
      description: 'bridge-hostgw underlay MTU 9000 → 1500',
    };
  const hog = HOG_SCENARIOS.includes(scenario) ? `, co-tenant \`${hogCommand}\` running the whole trial` : '';
  if (scenario === 'vxlan' || scenario === 'hog-vxlan')
    return {
      base: hostgw,
      head: { datapath: 'bridge-vxlan' },
      description: `bridge-hostgw → bridge-vxlan${hog}`,
    };
  return { base: hostgw, head: hostgw, description: `A/A: bridge-hostgw vs bridge-hostgw${hog}` };
}

async function runTrial(scenario: ScenarioName, value: number | undefined): Promise<TrialRecord> {
  const { base, head, description } = sidesOf(scenario, value);
  const loadAvgStart = loadavg();
  const startedAt = new Date().toISOString();
  let hog: Hog | undefined;
  if (HOG_SCENARIOS.includes(scenario)) hog = startHog(hogCommand);
  let t: Awaited<ReturnType<typeof pairedTrial>>;
  try {
    t = await pairedTrial(base, head);
  } finally {
    await hog?.stop();
  }
  const target = INJECTIONS[scenario];
  const tcpValues = (f: ResultsFile, id: string, metric: 'tcp_throughput_bps' | 'http_rps'): number[] =>
    f.scenarios.find((s) => s.id === id)?.samples.map((s) => s.metrics[metric] ?? NaN) ?? [];
  const baseTput = tcpValues(t.base, effectId.tcp[0], 'tcp_throughput_bps');
  const baseRps = tcpValues(t.base, effectId.rps[0], 'http_rps');
  return {
    bench: 'quick-suite',
    scenario,
    description,
    startedAt,
    baseThroughputBps: baseTput.length > 0 ? median(baseTput) : null,
    baseRps: baseRps.length > 0 ? median(baseRps) : null,
    effects: effectsOf(t.base, t.head),
    wallS: t.wallS,
    loadAvgStart,
    loadAvgEnd: loadavg(),
    ...(hog ? { hog: hogCommand } : {}),
    ...(target?.knob === 'rate' && value !== undefined ? { tbfRateBps: value } : {}),
    ...(target?.knob === 'rules' && value !== undefined ? { extraRules: Math.round(value) } : {}),
    files: { base: t.base, head: t.head },
    judges: {},
  };
}

async function measure(): Promise<void> {
  mkdirSync(dirname(rawPath), { recursive: true });
  mkdirSync(dirname(calibrationPath), { recursive: true });
  const judges = createJudges(suite, afterLimits, {}, DEFAULT_INTERFERENCE);
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
    const value = values.get(scenario);
    process.stderr.write(
      `trial ${i + 1}/${order.length} ${scenario}: ${sidesOf(scenario, value).description}\n`,
    );
    trialPinning =
      pinMode === 'on' || (pinMode === 'alternate' && i % 2 === 1) ? defaultCpuPinning(cpus().length) : null;
    const measured = {
      ...(await runTrial(scenario, value)),
      ...(pinMode === 'off' ? {} : { pinning: trialPinning }),
    };
    const record: TrialRecord = {
      ...measured,
      judges: judges.judge(measured.files.base, measured.files.head),
    };
    lastTrialS = record.wallS;
    const target = INJECTIONS[scenario];
    if (target !== undefined && value !== undefined) {
      // Machine load moves the base (a rate cap is absolute): keep the injection on target with a
      // half step from this trial's own measured effect.
      values.set(
        scenario,
        nextValue(target, value, targetEffect(target, record.files.base, record.files.head), 0.5),
      );
    }
    appendFileSync(rawPath, `${JSON.stringify(record)}\n`);
    const fx = Object.entries(record.effects)
      .map(([k, v]) => `${k} ${v === null ? '—' : `${((v - 1) * 100).toFixed(1)}%`}`)
      .join(', ');
    const summary = Object.entries(record.judges)
      .map(([k, v]) => `${k}=${v.verdict}@${Math.round(v.timeS)}s`)
      .join(' ');
    process.stderr.write(
      `  ${fx}; ${Math.round(record.wallS)} s; load ${loadavg()[0]!.toFixed(1)}: ${summary}\n`,
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

if (env['BENCH_FROM_RAW'] !== '1') {
  try {
    await measure();
  } catch (error) {
    if (!interrupt.signal.aborted) throw error;
    // The current trial was torn down by the runner; the trials before it are in BENCH_RAW.
    process.stderr.write(`${(error as Error).message.split('\n')[0]}; judging the trials recorded so far\n`);
  }
}
/** Settings of the judging (not the measuring) that a re-judge must repeat to reproduce the report. */
const JUDGE_KNOBS = [
  'BENCH_SWEEP',
  'BENCH_SYNTHETIC_MAX',
  'BENCH_RPS_THRESHOLDS',
  'BENCH_SYNTHETIC_DROPS',
  'BENCH_TCP_SYNTHETIC_DROPS',
  'BENCH_PINNED',
  'BENCH_NOTES',
] as const;
/** A comma list of words (empty entries ignored). */
const wordList = (text: string): string[] =>
  text
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
/** A comma list of numbers (empty entries ignored). */
const numberList = (text: string): number[] =>
  text
    .split(',')
    .filter((x) => x.trim() !== '')
    .map(Number);
const readPaths = (env['BENCH_READ'] ?? rawPath).split(',').map((p) => p.trim());
const calibrationReads = (env['BENCH_CALIBRATION_READ'] ?? calibrationPath).split(',').map((p) => p.trim());
const quietForeignPct =
  env['BENCH_QUIET_FOREIGN_PCT'] === undefined ? null : Number(env['BENCH_QUIET_FOREIGN_PCT']);
/** Median foreign CPU (percent of the machine) over a trial's pod samples, both sides. */
const foreignOf = (r: TrialRecord): number =>
  median(
    [r.files.base, r.files.head].flatMap((f) =>
      f.scenarios.flatMap((s) => s.samples.map((x) => x.metrics.foreign_cpu_percent ?? 0)),
    ),
  );
const allRecords = readPaths
  .flatMap((p) => readJsonLines<TrialRecord>(p))
  .filter((r) => r.bench === 'quick-suite');
// Pinned trials (BENCH_PIN) measure a lab the product does not run: judged only on request.
const pinnedRead = env['BENCH_PINNED'] === 'include';
const records = allRecords.filter(
  (r) =>
    (pinnedRead || !r.pinning) &&
    (quietForeignPct === null || HOG_SCENARIOS.includes(r.scenario) || foreignOf(r) <= quietForeignPct),
);
const selection =
  quietForeignPct === null
    ? null
    : `Only quiet trials: ${records.length} of ${allRecords.length} (every hog trial kept; the others only when the median foreign CPU over their pod samples was ≤ ${quietForeignPct}%${pinnedRead ? '' : ', and none recorded with CPU pinning (BENCH_PIN)'} — ${allRecords.length - records.length} left out) from ${readPaths.join(', ')}.`;
const pairsOf = (r: TrialRecord): number =>
  Math.min(...r.files.base.scenarios.filter((s) => s.samples.length > 0).map((s) => s.samples.length));
// Batches may hold different numbers of pairs (batch 2: 32, batch 3: 40): judges plan up to the
// most any trial holds, and a judge that needs more pairs than a trial holds stops there
// (`recorded pairs exhausted`), which reads such trials pessimistically.
const recordedN = Math.min(Math.max(...records.map(pairsOf)), maxN);
const pairCounts = [...new Set(records.map(pairsOf))].sort((a, b) => a - b);
/** The suite every judge replays: the pairs the trials hold. */
const recordedSuite: SuiteConfig = { ...suite, repetitions: recordedN, maxRepetitions: recordedN };
const judges = createJudges(recordedSuite, afterLimits, {}, DEFAULT_INTERFERENCE);
const judged = records.map((r, i) => {
  process.stderr.write(`\rjudging ${i + 1}/${records.length}`);
  return judges.judge(r.files.base, r.files.head);
});
process.stderr.write('\n');
// The after judge at other limits: what the quick profile's maxRepetitions is chosen from.
const sweep = numberList(env['BENCH_SWEEP'] ?? '12,16,20,24,32,36,40')
  .filter((m) => m <= recordedN)
  .map((m) => {
    const j = createJudges(recordedSuite, { ...afterLimits, maxRepetitions: m }, {}, DEFAULT_INTERFERENCE);
    process.stderr.write(`sweep: after judge at max ${m} pairs\n`);
    return { maxRepetitions: m, judged: records.map((r) => j.judgeAfter(r.files.base, r.files.head)) };
  });
// Exact drops on the quiet A/A trials' real noise: HTTP at candidate RPS/p50 paired thresholds and
// maximums of pairs, TCP at the product's limits.
const aaRecords = records.filter((r) => r.scenario === 'aa');
/** One synthetic row: `j`'s after judge on every A/A trial, its head dropped by each of `drops`. */
const syntheticRow = (
  j: Judges,
  limits: { maxRepetitions: number; thresholdPct: number },
  drops: readonly number[],
  withDrop: (head: ResultsFile, drop: number) => ResultsFile,
): SyntheticRow => ({
  ...limits,
  byDrop: [0, ...drops].map((drop) => ({
    drop,
    judged: aaRecords.map((r) => j.judgeAfter(r.files.base, withDrop(r.files.head, drop))),
  })),
});
const percents = (name: string, fallback: string): number[] =>
  numberList(env[name] ?? fallback).map((d) => d / 100);
const syntheticDrops = percents('BENCH_SYNTHETIC_DROPS', '5,10');
const syntheticMax = numberList(env['BENCH_SYNTHETIC_MAX'] ?? String(afterLimits.maxRepetitions));
const synthetic: SyntheticRow[] = syntheticMax.flatMap((m) =>
  numberList(env['BENCH_RPS_THRESHOLDS'] ?? '5,4,3,2.5').map((t) => {
    const j = createJudges(
      recordedSuite,
      { ...afterLimits, maxRepetitions: m },
      { http_rps: t, http_latency_p50_ms: t },
      DEFAULT_INTERFERENCE,
    );
    process.stderr.write(`synthetic: max ${m} pairs, RPS/p50 threshold ${t}%\n`);
    return syntheticRow(j, { maxRepetitions: m, thresholdPct: t }, syntheticDrops, withHttpDrop);
  }),
);
// TCP: the judges above already are the product's after judge (its maximum, its thresholds).
const tcpSyntheticDrops = percents('BENCH_TCP_SYNTHETIC_DROPS', '5,10');
process.stderr.write(`synthetic: TCP drops at max ${afterLimits.maxRepetitions} pairs\n`);
const tcpSynthetic: SyntheticRow[] = tcpSyntheticDrops.length
  ? [
      syntheticRow(
        judges,
        {
          maxRepetitions: afterLimits.maxRepetitions,
          thresholdPct: defaultThresholdPct('tcp_throughput_bps', true),
        },
        tcpSyntheticDrops,
        withTcpDrop,
      ),
    ]
  : [];
// The targets on exact drops: the product's rows, on the A/A trials that hold all its pairs.
const productHttp = synthetic.find(
  (r) =>
    r.maxRepetitions === afterLimits.maxRepetitions &&
    r.thresholdPct === defaultThresholdPct('http_rps', true),
);
const syntheticTargetRows = syntheticTargets(
  { ...(productHttp ? { http: productHttp } : {}), ...(tcpSynthetic[0] ? { tcp: tcpSynthetic[0] } : {}) },
  aaRecords.map((r) => pairsOf(r) >= afterLimits.maxRepetitions),
  'after',
);
const report = renderReport({
  syntheticTargets: syntheticTargetRows,
  // Sections that have rows, a blank line between them.
  synthetic: [
    renderSynthetic(
      synthetic,
      aaRecords.length,
      `The thresholds of the product are those of src/core/metrics.ts (paired: RPS ${defaultThresholdPct('http_rps', true)}%, p50 ${defaultThresholdPct('http_latency_p50_ms', true)}%).`,
    ),
    renderSynthetic(
      tcpSynthetic,
      aaRecords.length,
      'The quick profile as it is (its maximum of pairs and paired thresholds): the real tcp5 trials above measure their drop only to within the noise, so this is the exact-size answer.',
      'tcp',
    ),
  ]
    .filter((lines) => lines.length > 0)
    .flatMap((lines, i) => (i === 0 ? lines : ['', ...lines])),
  sweep,
  records,
  judged,
  calibrations: calibrationReads
    .flatMap((p) => readJsonLines<CalibrationRecord>(p))
    .filter((c) => c.bench === 'quick-suite'),
  selection,
  judgeNames: judges.names,
  looks: judges.looks,
  maxN: recordedN,
  pairCounts,
  afterLimits,
  machine: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} CPUs, kernel ${release()}`,
  reproduce: [
    `# measure (appends to BENCH_RAW; the batch's own BENCH_TRIALS is in the notes below)`,
    `BENCH_TRIALS='${trialsSpec}' BENCH_MAX_N=${maxN} BENCH_DURATION_S=${durationS} BENCH_OMIT_S=${omitS} BENCH_HTTP_DURATION_S=${httpDurationS} BENCH_CAL_PAIRS=${calPairs} BENCH_CAL_STEPS=${calSteps} BENCH_RAW=${readPaths[0]} BENCH_CALIBRATION_RAW=${calibrationReads[0]} npm run bench:gate`,
    `# re-judge this report from the raw trials`,
    `BENCH_FROM_RAW=1 BENCH_MAX_N=${maxN} BENCH_READ=${readPaths.join(',')} BENCH_CALIBRATION_READ=${calibrationReads.join(',')}${quietForeignPct === null ? '' : ` BENCH_QUIET_FOREIGN_PCT=${quietForeignPct}`}${JUDGE_KNOBS.filter(
      (k) => env[k] !== undefined,
    )
      .map((k) => ` ${k}=${env[k]}`)
      .join('')} npm run bench:gate`,
  ].join('\n'),
});
const notes = wordList(env['BENCH_NOTES'] ?? '').map((p) => `\n${readFileSync(p, 'utf8')}`);
writeFileSync(outPath, report + notes.join(''));
process.stderr.write(`wrote ${outPath} from ${records.length} trials (${readPaths.join(', ')})\n`);
