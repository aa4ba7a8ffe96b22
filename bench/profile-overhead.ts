/**
 * What `--profile` costs (`npm run bench:profile`, root, Linux with perf): one real lab run of the
 * quick suite's pod scenarios (tcp-stream, http-max on bridge-hostgw) in which the recorder runs
 * around every OTHER kept sample. Adjacent samples (one profiled, one not) form a pair; the
 * per-pair ratio profiled/unprofiled of TCP throughput, RPS and p50 latency is the overhead, and
 * the spread of each side tells whether profiling widens it. Interference judging is off (every
 * sample is kept, with the machine's load average recorded), so the pairs see the same machine.
 *
 * Raw samples are appended to BENCH_RAW (default bench/data/profile-overhead-trials.jsonl), and
 * the report (BENCH_OUT, default docs/profiling.md) is rendered from every run recorded there.
 *   BENCH_PAIRS      pairs per test (default 16)
 *   BENCH_FROM_RAW   1 = do not measure; render from BENCH_RAW
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { createNodeExec, createNodeSpawner } from '../src/adapters/node-exec.js';
import { createPerfProfiler, perfUnavailableReason } from '../src/adapters/perf-profiler.js';
import { resolveSuiteConfig } from '../src/core/suite/config.js';
import { coefficientOfVariation, median, quantile } from '../src/core/stats/quantile.js';
import { createPlatforms } from '../src/platform/factory.js';
import type { Profiler } from '../src/runner/profiler.js';
import { runSuite } from '../src/runner/run-suite.js';

const env = process.env;
const pairs = Number(env['BENCH_PAIRS'] ?? 16);
const rawPath = env['BENCH_RAW'] ?? 'bench/data/profile-overhead-trials.jsonl';
const outPath = env['BENCH_OUT'] ?? 'docs/profiling.md';

/** One kept sample of the benchmark run. */
interface OverheadSample {
  readonly test: string;
  readonly profiled: boolean;
  readonly value: number;
  readonly p50?: number;
}

/** One benchmark run as recorded. */
interface OverheadRun {
  readonly startedAt: string;
  readonly recorder: string;
  readonly loadAvgStart: readonly number[];
  readonly loadAvgEnd: readonly number[];
  readonly wallS: number;
  readonly samples: readonly OverheadSample[];
}

/** A profiler that records around every other sample: odd starts record, even ones do nothing. */
function everyOther(profiler: Profiler): Profiler {
  let calls = 0;
  return {
    recorder: profiler.recorder,
    async start() {
      calls++;
      return calls % 2 === 1 ? profiler.start() : { stop: async () => ({}) };
    },
  };
}

async function measure(): Promise<OverheadRun> {
  const exec = createNodeExec();
  const reason = await perfUnavailableReason(exec, tmpdir());
  if (reason) throw new Error(`cannot benchmark --profile: ${reason}`);
  const perf = createPerfProfiler({
    exec,
    spawner: createNodeSpawner(),
    tempDir: tmpdir(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const suite = {
    ...resolveSuiteConfig({ overrides: { quick: true } }),
    topologies: ['pod-to-pod-cross-node' as const],
    tests: ['tcp-stream' as const, 'http-max' as const],
    repetitions: 2 * pairs,
    interference: undefined,
  };
  const platforms = createPlatforms({ platform: 'lab', datapaths: ['bridge-hostgw'] });
  const started = Date.now();
  const loadAvgStart = loadavg();
  const [file] = await runSuite(platforms, {
    suite,
    toolVersion: 'bench',
    profiler: everyOther(perf),
    hooks: { onProgress: (e) => process.stderr.write(`\r${e.scenario} ${e.repetition}/${e.repetitions}   `) },
  });
  process.stderr.write('\n');
  const samples: OverheadSample[] = [];
  for (const scenario of file?.scenarios ?? []) {
    if (!scenario.id.startsWith('pod-to-pod-cross-node/')) continue;
    for (const sample of scenario.samples) {
      const value =
        scenario.test === 'tcp-stream' ? sample.metrics.tcp_throughput_bps : sample.metrics.http_rps;
      if (value === undefined) continue;
      samples.push({
        test: scenario.test,
        profiled: (sample.profile?.cpuNs ?? 0) > 0,
        value,
        ...(sample.metrics.http_latency_p50_ms !== undefined
          ? { p50: sample.metrics.http_latency_p50_ms }
          : {}),
      });
    }
  }
  return {
    startedAt: new Date(started).toISOString(),
    recorder: perf.recorder,
    loadAvgStart,
    loadAvgEnd: loadavg(),
    wallS: (Date.now() - started) / 1000,
    samples,
  };
}

/** Per-pair ratios profiled/unprofiled of adjacent samples of one test. */
function pairRatios(
  samples: readonly OverheadSample[],
  pick: (s: OverheadSample) => number | undefined,
): number[] {
  const ratios: number[] = [];
  for (let i = 0; i + 1 < samples.length; i += 2) {
    const [a, b] = [samples[i]!, samples[i + 1]!];
    if (a.profiled === b.profiled) continue;
    const on = pick(a.profiled ? a : b);
    const off = pick(a.profiled ? b : a);
    if (on !== undefined && off !== undefined && off > 0) ratios.push(on / off);
  }
  return ratios;
}

const pct = (r: number): string => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`;

function render(runs: readonly OverheadRun[]): string {
  const rows: string[] = [];
  const all = (test: string) => runs.flatMap((run) => run.samples.filter((s) => s.test === test));
  const line = (name: string, test: string, pick: (s: OverheadSample) => number | undefined): void => {
    const ratios = runs.flatMap((run) =>
      pairRatios(
        run.samples.filter((s) => s.test === test),
        pick,
      ),
    );
    if (ratios.length === 0) return;
    const on = all(test)
      .filter((s) => s.profiled)
      .map(pick)
      .filter((v): v is number => v !== undefined);
    const off = all(test)
      .filter((s) => !s.profiled)
      .map(pick)
      .filter((v): v is number => v !== undefined);
    rows.push(
      `| ${name} | ${ratios.length} | ${pct(median(ratios))} | ${pct(quantile(ratios, 0.25))} … ${pct(quantile(ratios, 0.75))} | ${(coefficientOfVariation(off) * 100).toFixed(1)}% | ${(coefficientOfVariation(on) * 100).toFixed(1)}% |`,
    );
  };
  line('TCP throughput', 'tcp-stream', (s) => s.value);
  line('HTTP RPS', 'http-max', (s) => s.value);
  line('HTTP p50 latency', 'http-max', (s) => s.p50);
  const loads = runs.map((r) => `${r.loadAvgStart[0]?.toFixed(2)}→${r.loadAvgEnd[0]?.toFixed(2)}`).join(', ');
  return [
    '# What `--profile` costs',
    '',
    '_Generated by `npm run bench:profile` (bench/profile-overhead.ts) from bench/data/profile-overhead-trials.jsonl; do not edit by hand._',
    '',
    `- ${runs.length} run(s) on the lab (bridge-hostgw, pod-to-pod-cross-node, 1 s iperf3 / 2 s wrk samples), the recorder (\`${runs[0]?.recorder ?? 'perf'}\`) around every other kept sample; adjacent samples form a pair (profiled / not). Interference judging off; 1-minute load average at start→end: ${loads}.`,
    '- Δ is the median per-pair ratio profiled/unprofiled (negative: profiling costs throughput; for p50, positive: it adds latency); the spread columns are the coefficient of variation of each side.',
    '',
    '| metric | pairs | Δ (median) | Δ (quartiles) | spread unprofiled | spread profiled |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  if (env['BENCH_FROM_RAW'] !== '1') {
    const run = await measure();
    appendFileSync(rawPath, `${JSON.stringify(run)}\n`);
  }
  const runs = existsSync(rawPath)
    ? readFileSync(rawPath, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as OverheadRun)
    : [];
  const notesPath = 'bench/data/profile-overhead-notes.md';
  const notes = existsSync(notesPath) ? `\n${readFileSync(notesPath, 'utf8')}` : '';
  writeFileSync(outPath, render(runs) + notes);
  process.stdout.write(render(runs));
}

await main();
