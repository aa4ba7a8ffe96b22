import { errorMessage } from '../core/errors.js';
import { sampleProfileOf, scenarioProfileOf, workMeasureOf } from '../core/profile/fold.js';
import type { FoldedStacks, SampleProfile, ScenarioProfile } from '../core/profile/types.js';
import type { Sample } from '../core/results/types.js';
import type { TestId } from '../core/scenarios.js';
import type { ProfileRecording } from './profiler.js';
import type { RunContext } from './run-context.js';

/** Folded stacks of the samples a run profiled, by their profile (kept or discarded alike). */
export type FoldedBySample = WeakMap<SampleProfile, FoldedStacks>;

/**
 * Runs `take` (one sample of `test`) under a profile recording when the run profiles and the
 * test has a unit of work: the sample gets its `profile`, and `folded` its stacks. A recorder
 * that fails is one log line; the sample is kept without a profile.
 */
export async function profiledSample(
  run: RunContext,
  test: TestId,
  folded: FoldedBySample,
  take: () => Promise<Sample>,
): Promise<Sample> {
  const measure = workMeasureOf(test);
  if (!run.profiler || !measure) return take();
  let recording: ProfileRecording | undefined;
  try {
    recording = await run.profiler.start();
  } catch (error) {
    run.log(`profile: not recorded for this sample: ${errorMessage(error)}`);
  }
  let sample: Sample;
  try {
    sample = await take();
  } catch (error) {
    await recording?.stop().catch(() => undefined);
    throw error;
  }
  if (!recording) return sample;
  try {
    const stacks = await recording.stop();
    const work = measure.of(sample.metrics, sample.durationS);
    if (work === null) return sample;
    const profile = sampleProfileOf(stacks, work);
    folded.set(profile, stacks);
    return { ...sample, profile };
  } catch (error) {
    run.log(`profile: not recorded for this sample: ${errorMessage(error)}`);
    return sample;
  }
}

/** A scenario's profile from its kept samples that carry one, or undefined when none does. */
export function scenarioProfile(
  run: RunContext,
  test: TestId,
  samples: readonly Sample[],
  folded: FoldedBySample,
): ScenarioProfile | undefined {
  const measure = workMeasureOf(test);
  if (!run.profiler || !measure) return undefined;
  const profiled = samples.flatMap((sample) => {
    const stacks = sample.profile ? folded.get(sample.profile) : undefined;
    return sample.profile && stacks ? [{ folded: stacks, work: sample.profile.work }] : [];
  });
  return profiled.length > 0 ? scenarioProfileOf(run.profiler.recorder, measure.unit, profiled) : undefined;
}
