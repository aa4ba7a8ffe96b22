/**
 * Synthetic A/A gate runs built from the recorded real A/A trials (bench/gate-quality.ts): each
 * synthetic trial is maxN (base, head) pairs drawn with replacement, by a seeded PRNG, from the
 * real A/A pairs, then judged by the same gate code. This assumes the pairs are exchangeable; it is
 * an estimate to read next to the real A/A count, never a replacement for it.
 */
import type { ResultsFile, Sample } from '../src/core/results/types.js';
import type { Judges } from './gate-quality-judge.js';
import { seededRandom } from './gate-quality-stats.js';
import type { TrialRecord } from './gate-quality-types.js';

/**
 * How pairs are drawn: `within-trial` picks one real A/A trial, then all pairs from it (keeps that
 * trial's lab-instance offset); `pooled` draws every pair from all A/A trials' pairs (averages the
 * instance offsets away).
 */
export type ResampleMode = 'within-trial' | 'pooled';

/** Alarms per judge over the synthetic runs. */
export interface ResampleResult {
  readonly mode: ResampleMode;
  readonly runs: number;
  readonly sourceTrials: number;
  readonly sourcePairs: number;
  readonly alarms: Readonly<Record<string, number>>;
}

interface Pair {
  readonly base: Sample;
  readonly head: Sample;
}

function withSamples(file: ResultsFile, samples: readonly Sample[]): ResultsFile {
  return { ...file, scenarios: [{ ...file.scenarios[0]!, samples }] };
}

/** Judges `runs` synthetic A/A trials of `judges.maxN` pairs drawn from the A/A records with `files`. */
export function resampleAa(
  records: readonly TrialRecord[],
  judges: Judges,
  options: { readonly runs: number; readonly seed: number; readonly mode: ResampleMode },
): ResampleResult {
  const trials = records
    .filter((r) => r.scenario === 'aa' && r.files)
    .map((r) => {
      const { base, head } = r.files!;
      const hs = head.scenarios[0]!.samples;
      const pairs: Pair[] = base.scenarios[0]!.samples.map((b, i) => ({ base: b, head: hs[i]! }));
      return { base, head, pairs: pairs.filter((p) => p.head !== undefined) };
    })
    .filter((t) => t.pairs.length > 0);
  const pooled = trials.flatMap((t) => t.pairs);
  const alarms: Record<string, number> = Object.fromEntries(judges.names.map((n) => [n, 0]));
  const random = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let run = 0; run < options.runs && trials.length > 0; run++) {
    const template = pick(trials);
    const source = options.mode === 'pooled' ? pooled : template.pairs;
    const drawn = Array.from({ length: judges.maxN }, () => pick(source));
    const verdicts = judges.judge(
      withSamples(
        template.base,
        drawn.map((p) => p.base),
      ),
      withSamples(
        template.head,
        drawn.map((p) => p.head),
      ),
    );
    for (const [name, v] of Object.entries(verdicts)) if (v.alarm) alarms[name] = (alarms[name] ?? 0) + 1;
  }
  return {
    mode: options.mode,
    runs: trials.length > 0 ? options.runs : 0,
    sourceTrials: trials.length,
    sourcePairs: pooled.length,
    alarms,
  };
}
