/**
 * The lab's measured noise, for `npm run bench:history`: relative deviations of TCP throughput
 * samples from their run's median (within-run noise) and of run medians from the median of all
 * runs of the same datapath (run-to-run noise), both from the raw trials of the gate benchmark
 * (bench/data/gate-quality-trials.jsonl: real lab runs, bridge-hostgw, 1 s iperf3 samples).
 */
import type { ResultsFile } from '../src/core/results/types.js';
import { coefficientOfVariation, median } from '../src/core/stats/quantile.js';

/** Empirical noise pools (multiplicative: value = level × deviation). */
export interface NoisePools {
  /** sample / run median, pooled over runs. */
  readonly withinRun: readonly number[];
  /** run median / median of run medians. */
  readonly runToRun: readonly number[];
  readonly withinRunCv: number;
  readonly runToRunCv: number;
  readonly runs: number;
  readonly samples: number;
  /** A real results file to clone (subject, environment) for synthetic runs. */
  readonly template: ResultsFile;
}

const METRIC = 'tcp_throughput_bps';

/** Throughput samples of the file's one tcp-stream scenario. */
function throughputSamples(file: ResultsFile): number[] {
  return file.scenarios.flatMap((s) =>
    s.samples.map((sample) => sample.metrics[METRIC]).filter((v): v is number => v !== undefined),
  );
}

/**
 * Builds the pools from the gate benchmark's JSON lines: every trial's base file (the same datapath,
 * bridge-hostgw, every time) gives one run; head files are left out since most carry an injected change.
 */
export function noisePoolsFromTrials(jsonLines: string): NoisePools {
  const bases = jsonLines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { files: { base: ResultsFile } }).files.base)
    .filter((file) => throughputSamples(file).length >= 3);
  if (bases.length < 5)
    throw new Error('bench:history: too few gate-benchmark base runs to derive noise from');
  const withinRun: number[] = [];
  const medians: number[] = [];
  const cvs: number[] = [];
  for (const file of bases) {
    const values = throughputSamples(file);
    const m = median(values);
    medians.push(m);
    cvs.push(coefficientOfVariation(values));
    for (const v of values) withinRun.push(v / m);
  }
  const overall = median(medians);
  return {
    withinRun,
    runToRun: medians.map((m) => m / overall),
    withinRunCv: median(cvs),
    runToRunCv: coefficientOfVariation(medians),
    runs: bases.length,
    samples: withinRun.length,
    template: bases[0]!,
  };
}
