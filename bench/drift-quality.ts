/**
 * The drift benchmark (`npm run bench:drift`, root, Linux): can the gate's verdict be trusted when
 * the baseline and the PR run on a runner whose speed differs, or changes during the run?
 *
 * Every trial is two SEPARATE lab runs, as a scheduled baseline and a later PR run are: first the
 * base side, then the head side, each a plain `runSuite` (not paired) of the quick tests with the
 * in-run control, while a co-tenant loads the machine as a profile says:
 *   quiet          nothing injected
 *   hog-head       a steady CPU hog (outside the run: the meter sees it) during the head run only
 *   hog-base       the same during the base run only
 *   intermittent   a hog busy 6 s / idle 4 s during both runs
 *   hidden-head    a steady hog inside the runner's process tree during the head run: the meter
 *                  counts it as the run's own, so only the control can tell (a slower runner)
 * and the head side is the same datapath (A/A) or a real change: host-gw → VXLAN, +N iptables
 * FORWARD rules (calibrated by bench:gate to about −10% TCP throughput), MTU 9000 → 1500.
 * The judges (drift-quality-judge.ts) read the same two files: today's gate and the gate as it was.
 *
 * Parameters (environment):
 *   BENCH_TRIALS       profile:change=count list (default: see DEFAULT_TRIALS)
 *   BENCH_REPETITIONS  samples per scenario and run (default 8: the legacy judge's exact test needs
 *                      n ≥ 8 to pass its Holm bound at all); BENCH_DURATION_S seconds each (default 1)
 *   BENCH_RULES        FORWARD rules of the rules change (default 140, bench:gate's ~10% calibration)
 *   BENCH_DEADLINE_MIN no new trial starts after this many minutes (default: none)
 *   BENCH_RAW          JSON-lines file the trials are appended to (default
 *                      bench/data/drift-trials-<duration>s-x<repetitions>.jsonl)
 *   BENCH_READ         comma-separated raw files the report is rendered from (default: every
 *                      bench/data/drift-trials-*.jsonl, each trial grouped by its own sampling)
 *   BENCH_FROM_RAW     1 = do not measure; judge and render from BENCH_READ
 *   BENCH_NOTES        markdown appended to the report; BENCH_OUT the report (default docs/drift-quality.md)
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { dirname } from 'node:path';
import type { ResultsFile } from '../src/core/results/types.js';
import { resolveSuiteConfig } from '../src/core/suite/config.js';
import {
  createLabPlatform,
  createNodeLabDeps,
  makeRunId,
  type LabPlatformOptions,
} from '../src/platform/lab/index.js';
import { runSuite } from '../src/runner/run-suite.js';
import { startCoTenant, type CoTenant, type CoTenantKind } from './drift-co-tenant.js';
import { judgeTrial } from './drift-quality-judge.js';
import { renderDriftReport, type DriftTrial } from './drift-quality-render.js';

export const PROFILES = ['quiet', 'hog-head', 'hog-base', 'intermittent', 'hidden-head'] as const;
export type Profile = (typeof PROFILES)[number];
export const CHANGES = ['aa', 'vxlan', 'rules', 'mtu'] as const;
export type Change = (typeof CHANGES)[number];

const DEFAULT_TRIALS =
  'quiet:aa=12,hog-head:aa=8,hog-base:aa=6,intermittent:aa=8,hidden-head:aa=6,' +
  'quiet:vxlan=3,quiet:rules=3,quiet:mtu=2,hog-head:vxlan=2,intermittent:rules=2,hidden-head:vxlan=2';

const env = process.env;
const repetitions = Number(env['BENCH_REPETITIONS'] ?? 8);
const durationS = Number(env['BENCH_DURATION_S'] ?? 1);
const rules = Number(env['BENCH_RULES'] ?? 140);
const deadlineMin = Number(env['BENCH_DEADLINE_MIN'] ?? Infinity);
const rawPath = env['BENCH_RAW'] ?? `bench/data/drift-trials-${durationS}s-x${repetitions}.jsonl`;
const outPath = env['BENCH_OUT'] ?? 'docs/drift-quality.md';

/** The raw files the report is rendered from (read after measuring, so a new file is included). */
function readPaths(): string[] {
  if (env['BENCH_READ']) return env['BENCH_READ'].split(',').map((p) => p.trim());
  return readdirSync('bench/data')
    .filter((f) => /^drift-trials-.*\.jsonl$/.test(f))
    .sort()
    .map((f) => `bench/data/${f}`);
}

const suite = resolveSuiteConfig({
  text: [
    'profile: quick',
    'topologies: [pod-to-pod-cross-node]',
    'tests: [tcp-stream, http-max]',
    `repetitions: ${repetitions}`,
    `iperf: { durationS: ${durationS}, omitS: 1 }`,
    `http: { durationS: ${durationS} }`,
  ].join('\n'),
  source: 'bench:drift suite',
});

type LabSide = Omit<LabPlatformOptions, 'runId'>;

function sides(change: Change): { base: LabSide; head: LabSide; description: string } {
  const hostgw: LabSide = { datapath: 'bridge-hostgw' };
  switch (change) {
    case 'aa':
      return { base: hostgw, head: hostgw, description: 'bridge-hostgw → bridge-hostgw' };
    case 'vxlan':
      return {
        base: hostgw,
        head: { datapath: 'bridge-vxlan' },
        description: 'bridge-hostgw → bridge-vxlan',
      };
    case 'rules':
      return {
        base: hostgw,
        head: { ...hostgw, impairment: { extraIptablesRules: rules } },
        description: `+${rules} non-matching FORWARD rules on every node`,
      };
    case 'mtu':
      return { base: { ...hostgw, mtu: 9000 }, head: hostgw, description: 'underlay MTU 9000 → 1500' };
  }
}

function coTenantFor(profile: Profile, side: 'base' | 'head'): CoTenantKind | null {
  if (profile === 'intermittent') return 'intermittent';
  if (profile === 'hog-head' && side === 'head') return 'visible';
  if (profile === 'hog-base' && side === 'base') return 'visible';
  if (profile === 'hidden-head' && side === 'head') return 'hidden';
  return null;
}

/** One separate run of one side, with the profile's co-tenant around it. */

async function oneRun(side: LabSide, coTenant: CoTenantKind | null): Promise<ResultsFile> {
  let tenant: CoTenant | undefined;
  try {
    if (coTenant) {
      tenant = startCoTenant(coTenant);
      await new Promise((resolve) => setTimeout(resolve, 500)); // let it reach full speed
    }
    const [file] = await runSuite(
      [createLabPlatform({ ...side, runId: makeRunId(Math.random) }, createNodeLabDeps())],
      {
        suite,
        toolVersion: 'bench',
        hooks: { onLog: (line) => process.stderr.write(`  ${line}\n`) },
      },
    );
    return file!;
  } finally {
    tenant?.stop();
  }
}

function parseTrials(spec: string): { profile: Profile; change: Change }[] {
  const slots: { profile: Profile; change: Change; at: number }[] = [];
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z-]+):([a-z]+)=(\d+)$/.exec(part);
    const profile = m?.[1] as Profile;
    const change = m?.[2] as Change;
    if (!m || !PROFILES.includes(profile) || !CHANGES.includes(change)) {
      throw new Error(
        `BENCH_TRIALS: "${part}" is not profile:change=count (profiles ${PROFILES.join('|')}, changes ${CHANGES.join('|')})`,
      );
    }
    const n = Number(m[3]);
    for (let i = 0; i < n; i++) slots.push({ profile, change, at: (i + 0.5) / n });
  }
  // Spread every kind over the run, so that a run cut short by the deadline still covers all.
  return slots.sort((a, b) => a.at - b.at);
}

async function measure(): Promise<void> {
  mkdirSync(dirname(rawPath), { recursive: true });
  const plan = parseTrials(env['BENCH_TRIALS'] ?? DEFAULT_TRIALS);
  const started = Date.now();
  let perTrialS = 0;
  for (const [index, { profile, change }] of plan.entries()) {
    const elapsedMin = (Date.now() - started) / 60_000;
    if (elapsedMin + perTrialS / 60 > deadlineMin) {
      process.stderr.write(`deadline: stopping after ${index} of ${plan.length} trials\n`);
      break;
    }

    const { base, head, description } = sides(change);
    const t0 = Date.now();
    process.stderr.write(`[${index + 1}/${plan.length}] ${profile} ${change}: ${description}\n`);
    const baseFile = await oneRun(base, coTenantFor(profile, 'base'));
    const headFile = await oneRun(head, coTenantFor(profile, 'head'));
    const wallS = (Date.now() - t0) / 1000;
    perTrialS = perTrialS === 0 ? wallS : 0.8 * perTrialS + 0.2 * wallS;
    const trial: DriftTrial = {
      profile,
      change,
      description,
      startedAt: new Date(t0).toISOString(),
      wallS,
      machine: machineLoad(),
      base: baseFile,
      head: headFile,
    };
    appendFileSync(rawPath, `${JSON.stringify(trial)}\n`);
    const j = judgeTrial(baseFile, headFile);
    process.stderr.write(
      `  ${wallS.toFixed(0)} s: new ${j.new.verdict} (${j.new.reason}); legacy ${j.legacy.verdict}\n`,
    );
  }
}

/** What else ran on the machine: load average when the trial ended (other agents, CI jobs…). */
function machineLoad(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

function readTrials(paths: readonly string[]): DriftTrial[] {
  return paths
    .filter((path) => existsSync(path))
    .flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as DriftTrial),
    );
}

if (env['BENCH_FROM_RAW'] !== '1') await measure();
const sources = readPaths();
const trials = readTrials(sources);
const notes =
  env['BENCH_NOTES'] && existsSync(env['BENCH_NOTES']) ? readFileSync(env['BENCH_NOTES'], 'utf8') : '';
writeFileSync(
  outPath,
  renderDriftReport(trials, {
    machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, kernel ${release()}`,
    suite:
      'tcp-stream + http-max on pod-to-pod-cross-node with the control (host-cross-node), samples per run as in the tables',
    notes,
    sources: sources.join(', '),
  }),
);
process.stderr.write(`wrote ${outPath} from ${trials.length} trials in ${sources.join(', ')}\n`);
