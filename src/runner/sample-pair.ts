import { pairLoad, type PairLoad } from '../core/compare/pair-load.js';
import type { Sample } from '../core/results/types.js';
import type { PairSide } from '../core/sequential/abba.js';
import { discardSample, keepSample, type Contender } from './contender.js';
import { MAX_RETAKES_PER_SAMPLE } from './interference-check.js';
import type { RunContext } from './run-context.js';
import { takeSampleSet, type SampleSet, type ScenarioRun } from './sample-once.js';

/** The worst load over the matched samples of two sets (scenario and control): one-sided > shared > quiet. */
function worstLoad(a: SampleSet, b: SampleSet, judge: (x: Sample, y: Sample) => PairLoad): PairLoad {
  const loads = a.map(([, sample], i) => judge(sample, b[i]![1]));
  return (
    loads.find((l) => l.kind === 'one-sided') ?? loads.find((l) => l.kind === 'shared') ?? { kind: 'quiet' }
  );
}

/**
 * Takes one kept pair of a paired run — both sides in `order` — and judges interference per PAIR
 * (compare/pair-load.ts): a quiet pair is kept; a pair whose two sides saw foreign CPU / steal within
 * the tolerance of each other (a steady co-tenant loads A and B alike, and the ratio cancels it) is
 * kept with `sharedLoad` noted on both samples; a pair where one side alone was loaded is discarded
 * and re-taken in the same order, bounded like single samples (MAX_RETAKES_PER_SAMPLE per pair, two
 * samples of the run's re-take budget per re-take); when the budget is spent the pair is kept with
 * both samples marked `disturbed`, and the log says so.
 */
export async function samplePair(
  run: RunContext,
  order: readonly [PairSide, PairSide],
  sides: Readonly<Record<PairSide, Contender>>,
  scenario: ScenarioRun,
  repetition: number,
): Promise<void> {
  const { progress } = run;
  const tolerance = run.suite.interference;
  for (let retake = 0; ; retake++) {
    const sets: Partial<Record<PairSide, SampleSet>> = {};
    for (const side of order)
      sets[side] = await takeSampleSet(run, sides[side], scenario, repetition, 'kept');
    const base = sets.base!;
    const head = sets.head!;
    const load: PairLoad = tolerance
      ? worstLoad(base, head, (x, y) => pairLoad(x, y, tolerance))
      : { kind: 'quiet' };
    if (load.kind === 'one-sided' && retake < MAX_RETAKES_PER_SAMPLE && progress.retakesLeft >= 2) {
      progress.retakesLeft -= 2;
      progress.retaken += 2;
      for (const side of order)
        for (const [id, sample] of sets[side]!)
          discardSample(sides[side], id, { ...sample, discardReason: load.why });
      run.log(`${scenario.id} pair #${repetition}: ${load.why}: re-taking the pair`);
      continue;
    }
    const mark: Partial<Sample> =
      load.kind === 'one-sided'
        ? { disturbed: `${load.why}; re-take budget spent` }
        : load.kind === 'shared'
          ? { sharedLoad: load.note }
          : {};
    for (const side of order)
      for (const [id, sample] of sets[side]!) keepSample(sides[side], id, { ...sample, ...mark });
    if (load.kind === 'one-sided') {
      const spent = progress.retakesLeft >= 2 ? `${retake} re-takes did not help` : 're-take budget spent';
      run.log(`${scenario.id} pair #${repetition}: ${load.why}: kept as disturbed (${spent})`);
    }
    progress.done += 2;
    return;
  }
}
