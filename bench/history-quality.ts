/**
 * The history benchmark (`npm run bench:history`): how well does `cni-perf-gate history` find steps
 * in a series of baseline runs? Synthetic series with known steps (and A/A series without) are built
 * from this lab's measured noise (bench/history-quality-noise.ts: real within-run sample deviations
 * and real run-to-run deviations of run medians, resampled), written as results files in memory and
 * put through the same code as the CLI (buildHistory: run medians → E-divisive + permutation test).
 * A detection within ±1 run of the true step is a true positive.
 *
 * Parameters (environment):
 *   BENCH_TRIALS    series per configuration (default 500)
 *   BENCH_LENGTHS   series lengths in runs (default "12,30"); 12 puts the step at the 8th run, longer
 *                   series at a random run with ≥ 6 runs on either side
 *   BENCH_STEPS     step sizes in percent, throughput drops (default "3,5,7,10,15,20"); A/A series always run
 *   BENCH_NOISE     noise multipliers of the measured deviations (default "1,2": the lab, and twice it)
 *   BENCH_ALPHAS    significance levels judged (default "0.05,0.01"; the first is the CLI default)
 *   BENCH_SAMPLES   samples per run (default 10, the default suite's repetitions)
 *   BENCH_SEED      seed (default 1)
 *   BENCH_GATE_RAW  the gate benchmark's raw trials (default bench/data/gate-quality-trials.jsonl)
 *   BENCH_RAW       per-series records, JSON lines (default bench/data/history-quality-trials.jsonl)
 *   BENCH_OUT       the report (default docs/history-quality.md)
 *   BENCH_NOTES     a markdown file appended to the report (default bench/data/history-quality-notes.md, when present)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildHistory } from '../src/core/history/analyze.js';
import { HISTORY_DEFAULTS } from '../src/core/history/analyze.js';
import type { ResultsFile, Sample } from '../src/core/results/types.js';
import { createRng, deriveSeed, type Rng } from '../src/core/stats/rng.js';
import { noisePoolsFromTrials } from './history-quality-noise.js';
import { score, wilson, type Score, type SeriesOutcome } from './history-quality-score.js';

const env = process.env;
const list = (name: string, fallback: string): number[] =>
  (env[name] ?? fallback).split(',').map((v) => Number(v.trim()));
const trials = Number(env['BENCH_TRIALS'] ?? 500);
const lengths = list('BENCH_LENGTHS', '12,30');
const steps = list('BENCH_STEPS', '3,5,7,10,15,20');
const noiseScales = list('BENCH_NOISE', '1,2');
const alphas = list('BENCH_ALPHAS', '0.05,0.01');
const samples = Number(env['BENCH_SAMPLES'] ?? 10);
const seed = Number(env['BENCH_SEED'] ?? 1);
const gateRaw = env['BENCH_GATE_RAW'] ?? 'bench/data/gate-quality-trials.jsonl';
const rawPath = env['BENCH_RAW'] ?? 'bench/data/history-quality-trials.jsonl';
const outPath = env['BENCH_OUT'] ?? 'docs/history-quality.md';
const notesPath = env['BENCH_NOTES'] ?? 'bench/data/history-quality-notes.md';
const MIN_SIDE = 6;

for (const [name, values] of Object.entries({ lengths, steps, noiseScales, alphas })) {
  if (values.some((v) => !Number.isFinite(v) || v <= 0)) {
    process.stderr.write(`bench:history: ${name}: expected a comma list of positive numbers\n`);
    process.exit(2);
  }
}
if (lengths.some((l) => l < 12)) {
  process.stderr.write('bench:history: BENCH_LENGTHS: series need at least 12 runs\n');
  process.exit(2);
}

const pools = noisePoolsFromTrials(readFileSync(gateRaw, 'utf8'));

function pick(pool: readonly number[], rng: Rng, scale: number): number {
  return 1 + scale * (pool[rng.nextInt(pool.length)]! - 1);
}

/** One synthetic series of results files: a step of `stepPct` (a drop) from run `at` on, or none. */
function syntheticRuns(
  length: number,
  stepPct: number,
  at: number | null,
  scale: number,
  rng: Rng,
  template: ResultsFile,
): ResultsFile[] {
  const scenario = template.scenarios[0]!;
  const base = 1e10;
  return Array.from({ length }, (_, i) => {
    const level = base * (at !== null && i >= at ? 1 - stepPct / 100 : 1) * pick(pools.runToRun, rng, scale);
    const createdAt = new Date(Date.UTC(2026, 0, 1 + i, 3)).toISOString();
    const runSamples: Sample[] = Array.from({ length: samples }, () => ({
      metrics: { tcp_throughput_bps: level * pick(pools.withinRun, rng, scale) },
      startedAt: createdAt,
      durationS: 1,
    }));
    return { ...template, createdAt, scenarios: [{ ...scenario, samples: runSamples }] };
  });
}

interface Config {
  readonly length: number;
  readonly noise: number;
  readonly stepPct: number;
}

interface Record {
  readonly length: number;
  readonly noise: number;
  readonly stepPct: number;
  readonly trial: number;
  readonly truth: number | null;
  /** Run medians relative to the starting level (5 significant digits). */
  readonly medians: number[];
  /** α → detected change points. */
  readonly detected: Readonly<{ [alpha: string]: { index: number; ratio: number; p: number }[] }>;
}

const configs: Config[] = lengths.flatMap((length) =>
  noiseScales.flatMap((noise) => [0, ...steps].map((stepPct) => ({ length, noise, stepPct }))),
);
const records: Record[] = [];
const started = Date.now();
process.stderr.write(
  `bench:history: noise from ${pools.runs} lab runs (${pools.samples} samples): within-run CV ${(pools.withinRunCv * 100).toFixed(1)}%, run-to-run CV of medians ${(pools.runToRunCv * 100).toFixed(1)}%\n`,
);
for (const [c, config] of configs.entries()) {
  for (let trial = 0; trial < trials; trial++) {
    const rng = createRng(
      deriveSeed(seed, String(config.length), String(config.noise), String(config.stepPct), String(trial)),
    );
    const truth =
      config.stepPct === 0
        ? null
        : config.length === 12
          ? 7
          : MIN_SIDE + rng.nextInt(config.length - 2 * MIN_SIDE + 1);
    const files = syntheticRuns(config.length, config.stepPct, truth, config.noise, rng, pools.template);
    const loaded = files.map((results, i) => ({ file: `run-${i + 1}.json`, results }));
    const detected: { [alpha: string]: { index: number; ratio: number; p: number }[] } = {};
    let medians: number[] = [];
    for (const alpha of alphas) {
      const report = buildHistory(loaded, [], { alpha, seed: deriveSeed(seed, 'history', String(trial)) });
      const series = report.series.find((s) => s.metric === 'tcp_throughput_bps')!;
      medians = series.points.map((p) => Number((p.median / 1e10).toPrecision(5)));
      detected[String(alpha)] = series.changePoints.map((cp) => ({
        index: cp.index,
        ratio: Number(cp.ratio.toPrecision(5)),
        p: cp.p,
      }));
    }
    records.push({ ...config, trial, truth, medians, detected });
  }
  process.stderr.write(
    `  [${c + 1}/${configs.length}] ${config.length} runs, noise ×${config.noise}, ${config.stepPct === 0 ? 'A/A' : `−${config.stepPct}% step`}: ${trials} series (${((Date.now() - started) / 1000).toFixed(0)} s)\n`,
  );
}
mkdirSync(dirname(rawPath), { recursive: true });
writeFileSync(rawPath, records.map((r) => JSON.stringify(r)).join('\n') + '\n');

function outcomes(config: Config, alpha: number): SeriesOutcome[] {
  return records
    .filter((r) => r.length === config.length && r.noise === config.noise && r.stepPct === config.stepPct)
    .map((r) => ({ truth: r.truth, detected: r.detected[String(alpha)]!.map((d) => d.index) }));
}

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const ci = (k: number, n: number): string => {
  const [lo, hi] = wilson(k, n);
  return `${(lo * 100).toFixed(1)}–${(hi * 100).toFixed(1)}%`;
};

function stepTable(alpha: number): string[] {
  const rows = [
    '| Runs | Noise | Step | Series | Detected | Recall (±1 run) | 95% CI | Precision | Exactly one, right place | Mean / max location error (runs) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const config of configs.filter((c) => c.stepPct > 0)) {
    const s: Score = score(outcomes(config, alpha));
    rows.push(
      `| ${config.length} | ×${config.noise} | −${config.stepPct}% | ${s.series} | ${s.detected} | ${pct(s.recall)} | ${ci(s.truePositives, s.series)} | ${pct(s.precision)} | ${pct(s.exactlyRight / s.series)} | ${s.meanLocationError === null ? '—' : s.meanLocationError.toFixed(2)} / ${s.maxLocationError ?? '—'} |`,
    );
  }
  return rows;
}

function aaTable(): string[] {
  const rows = [
    `| Runs | Noise | Series | ${alphas.map((a) => `α = ${a}: series with a false change point (95% CI) | false change points per series`).join(' | ')} |`,
    `|---:|---:|---:|${alphas.map(() => '---:|---:').join('|')}|`,
  ];
  for (const config of configs.filter((c) => c.stepPct === 0)) {
    const cells = alphas.map((alpha) => {
      const s = score(outcomes(config, alpha));
      return `${s.seriesWithFalse}/${s.series} = ${pct(s.seriesWithFalse / s.series)} (${ci(s.seriesWithFalse, s.series)}) | ${s.falsePerSeries.toFixed(3)}`;
    });
    rows.push(`| ${config.length} | ×${config.noise} | ${trials} | ${cells.join(' | ')} |`);
  }
  return rows;
}

const doc = [
  '# History quality: change-point detection on baseline series',
  '',
  '_Generated by `npm run bench:history` (bench/history-quality.ts); raw per-series records in',
  `${rawPath}. Do not edit by hand: re-run the benchmark._`,
  '',
  '## What is measured',
  '',
  '`cni-perf-gate history` finds change points in each series of run medians with E-divisive means',
  '(Matteson & James 2014) and a permutation test, as Apache Otava (Hunter) does. This benchmark feeds',
  'it synthetic series whose truth is known — a drop of a given size at a known run, or no change at',
  'all (A/A) — through the same code as the CLI (results files → run medians → change points).',
  '',
  `- **Noise is this lab's, measured.** Each synthetic run draws its level from the ${pools.runs} real`,
  `  runs of the gate benchmark (bench/data/gate-quality-trials.jsonl, bridge-hostgw, TCP throughput):`,
  `  run median / median of all runs, run-to-run CV ${pct(pools.runToRunCv)}; and each of its ${samples}`,
  `  samples from the ${pools.samples} real samples' deviations from their run's median (median`,
  `  within-run CV ${pct(pools.withinRunCv)}, 1 s iperf3 samples). "Noise ×2" doubles both deviations`,
  '  (a noisier shared runner).',
  '- **Series.** 12 runs with the step at the 8th run (the acceptance case of issue 12), and',
  `  ${lengths.filter((l) => l !== 12).join(', ') || '—'} runs (a month of nightly baselines) with the step at a random run with at least ${MIN_SIDE} runs on either side.`,
  `  ${trials} series per configuration, seed ${seed}.`,
  `- **Scoring.** A detected change point within ±1 run of the true step is a true positive (at most one per`,
  '  series); every other detection is false. Recall = series whose step was found; precision = true',
  '  detections / all detections; location error = |detected − true| runs over the true positives.',
  `- **Settings.** CLI defaults: ${HISTORY_DEFAULTS.permutations} permutations, minimum segment ${HISTORY_DEFAULTS.minSegment} runs, significance ${HISTORY_DEFAULTS.alpha} (also judged at ${alphas.filter((a) => a !== HISTORY_DEFAULTS.alpha).join(', ') || '—'}).`,
  '',
  ...alphas.flatMap((alpha) => [
    `## Steps, significance ${alpha}${alpha === HISTORY_DEFAULTS.alpha ? ' (default)' : ''}`,
    '',
    ...stepTable(alpha),
    '',
  ]),
  '## A/A series (no change): false change points',
  '',
  ...aaTable(),
  '',
  `Wall time: ${((Date.now() - started) / 1000).toFixed(0)} s for ${records.length} series × ${alphas.length} significance levels.`,
  '',
  ...(existsSync(notesPath) ? [readFileSync(notesPath, 'utf8')] : []),
];
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, doc.join('\n'));
process.stderr.write(`bench:history: wrote ${outPath} and ${rawPath}\n`);
