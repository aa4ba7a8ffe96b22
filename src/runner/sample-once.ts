import { ToolError } from '../core/errors.js';
import type { Sample } from '../core/results/types.js';
import type { ScenarioId, TestId } from '../core/scenarios.js';
import type { ToolInvocation } from '../platform/platform.js';
import { discardSample, keepSample, type Contender, type Slot } from './contender.js';
import { disturbance, MAX_RETAKES_PER_SAMPLE, STEADY_LOAD_STREAK } from './interference-check.js';
import { withRateNotes, type FixedRatePlan } from './fixed-rate.js';
import { abortable, throwIfAborted } from './interrupted.js';
import {
  connRateInvocation,
  fixedRateInvocation,
  httpMaxInvocation,
  iperfInvocation,
  serverKindOf,
} from './invocations.js';
import { podChurnRequest, podChurnSample } from './pod-churn-sample.js';
import { openResourceWindow } from './resource-probe.js';
import type { RunContext } from './run-context.js';
import { podPathIsHostPath, type RoundControls } from './round-controls.js';
import { toSample } from './sample.js';
import { countedToolRun, withCounters } from './sample-counters.js';
import { profiledSample } from './sample-profile.js';
import { endpointFor, runClient } from './tool-runs.js';

/** One scenario as the schedulers run it on the current placements. */
export interface ScenarioRun {
  readonly id: ScenarioId;
  readonly test: TestId;
  /** http-fixed-rate: each contender's rate plan for this placement. */
  readonly plans: ReadonlyMap<Contender, FixedRatePlan>;
  /**
   * The control scenario (host-cross-node/<test>) to sample on the contender's control slot right
   * before each kept sample, when this scenario carries the run's control for its test.
   */
  readonly controlId?: ScenarioId;
  /** The contenders that sample the control with this scenario. */
  readonly controlled?: ReadonlySet<Contender>;
}

/** Why a sample is taken: `kept` samples go into the results, `warmup` ones are discarded. */
export type SampleRole = 'kept' | 'warmup';

/**
 * Takes one sample of `scenario` on `contender` — every scheduler takes its samples here and
 * nowhere else — after reporting progress, and keeps it in the contender's results unless it is a
 * warm-up. `repetition` is the 1-based index reported in progress (0 for warm-ups).
 *
 * When the scenario carries the control, a control sample is taken on the contender's control
 * slot right before (or reused from the round, see RoundControls), and the two are kept or
 * discarded together. A sample taken under more
 * interference than the suite tolerates is set aside (recorded as discarded, with the reason) and
 * re-taken while the run's re-take budget lasts; after that it is kept, marked `disturbed`.
 */
export async function sampleOnce(
  run: RunContext,
  contender: Contender,
  scenario: ScenarioRun,
  repetition: number,
  role: SampleRole,
  round?: RoundControls,
): Promise<void> {
  const { progress } = run;
  // A suite without an interference tolerance (built by code, not resolved) judges none.
  const tolerance = run.suite.interference;
  for (let retake = 0; ; retake++) {
    const taken = await takeSampleSet(
      run,
      contender,
      scenario,
      repetition,
      role,
      retake === 0 ? round : undefined,
    );
    // The keep/discard decision: a warm-up is taken only to be discarded.
    if (role === 'warmup') return;
    const why = tolerance
      ? (taken.map(([, sample]) => disturbance(sample, tolerance)).find((reason) => reason !== null) ?? null)
      : null;
    progress.disturbedStreak = why === null ? 0 : progress.disturbedStreak + 1;
    const steady = progress.disturbedStreak >= STEADY_LOAD_STREAK;
    if (why !== null && progress.disturbedStreak === STEADY_LOAD_STREAK) {
      run.log(
        `${STEADY_LOAD_STREAK} disturbed attempts in a row: a steady co-tenant; no more re-takes until a sample comes back clean`,
      );
    }
    if (why !== null && !steady && retake < MAX_RETAKES_PER_SAMPLE && progress.retakesLeft > 0) {
      progress.retakesLeft--;
      progress.retaken++;
      for (const [id, sample] of taken) discardSample(contender, id, { ...sample, discardReason: why });
      run.log(`${contender.label}: ${scenario.id} #${repetition}: ${why}: re-taking the sample`);
      continue;
    }
    for (const [id, sample] of taken)
      keepSample(contender, id, why === null ? sample : { ...sample, disturbed: why });
    const control = taken.find(([id]) => id === scenario.controlId)?.[1];
    if (round && control && why === null) round.set(contender, control);
    if (why !== null) {
      const spent = steady
        ? 'steady load'
        : progress.retakesLeft > 0
          ? `${retake} re-takes did not help`
          : 're-take budget spent';
      run.log(`${contender.label}: ${scenario.id} #${repetition}: ${why}: kept as disturbed (${spent})`);
    }
    progress.done++;
    return;
  }
}

/** The samples one take produced: the scenario's, with its control sample when it carries one. */
export type SampleSet = readonly (readonly [ScenarioId, Sample])[];

/**
 * Takes one sample of `scenario` on `contender` (after reporting progress), with the control when
 * the scenario carries it for the contender and the sample is kept: reused from the round, taken
 * from the pod sample on the host datapath, or measured right before (RoundControls). `round` is
 * given only to a first attempt: a re-take measures afresh. Keeps nothing: the caller decides
 * (sampleOnce per sample, samplePair per pair).
 */
export async function takeSampleSet(
  run: RunContext,
  contender: Contender,
  scenario: ScenarioRun,
  repetition: number,
  role: SampleRole,
  round?: RoundControls,
): Promise<SampleSet> {
  const { progress } = run;
  throwIfAborted(run.signal);
  run.hooks.onProgress?.({
    datapath: contender.label,
    scenario: scenario.id,
    repetition,
    repetitions: progress.plannedReps,
    done: progress.done,
    total: progress.total,
    elapsedS: (run.now() - run.startedMs) / 1000,
    retaken: progress.retaken,
  });
  const controlId = scenario.controlId;
  const needsControl =
    controlId !== undefined && scenario.controlled?.has(contender) === true && role === 'kept';
  const shared = needsControl ? round?.get(contender) : undefined;
  const fromPod = needsControl && shared === undefined && podPathIsHostPath(contender, scenario.id);
  const taken: [ScenarioId, Sample][] = [];
  if (needsControl && shared) taken.push([controlId, shared]);
  else if (needsControl && !fromPod) {
    const control = { id: controlId, test: scenario.test, plans: new Map() };
    taken.push([
      controlId,
      await withScenario(controlId, () => takeSample(run, contender, control, contender.control)),
    ]);
  }
  // Kept pod samples are profiled (with --profile); warm-ups and controls are not.
  const own = await withScenario(scenario.id, () =>
    role === 'kept'
      ? profiledSample(run, scenario.test, contender.folded, () =>
          takeSample(run, contender, scenario, contender.current),
        )
      : takeSample(run, contender, scenario, contender.current),
  );
  if (fromPod) taken.push([controlId, own]);
  taken.push([scenario.id, own]);
  return taken;
}

/** Runs the scenario's tool once on the contender's current placement and parses its output. */
async function takeSample(
  run: RunContext,
  contender: Contender,
  scenario: ScenarioRun,
  slot: Slot,
): Promise<Sample> {
  const { suite } = run;
  const { id, test } = scenario;
  const plan = scenario.plans.get(contender);
  const endpoint = await endpointFor(run, contender, serverKindOf(test), slot);
  if (test === 'pod-churn') {
    const placement = slot.placement;
    if (!placement) throw new Error(`internal: ${contender.label} has no placement`);
    const work = run.inFlight.track(podChurnSample(placement, podChurnRequest(suite, endpoint)));
    return abortable(work, run.signal);
  }
  let invocation: ToolInvocation;
  if (test === 'http-max') invocation = httpMaxInvocation(suite, endpoint);
  else if (test === 'http-conn-rate') invocation = connRateInvocation(suite, endpoint);
  else if (test === 'http-fixed-rate') {
    if (!plan) throw new Error('internal: http-fixed-rate without a rate plan');
    invocation = fixedRateInvocation(suite, endpoint, plan.targetRps, plan.pacing);
  } else invocation = iperfInvocation(test, suite, endpoint);
  const resources = await openResourceWindow(run, contender, id, slot);
  const { output, counted, unavailable } = await countedToolRun(run, slot.placement, test, () =>
    runClient(run, contender, invocation, slot),
  );
  if (unavailable !== undefined && !contender.countersUnavailable.has(id))
    contender.countersUnavailable.set(id, unavailable);
  const addResources = await resources?.close();
  const parsed = toSample(id, test, invocation, output);
  const counters = withCounters(parsed.sample, test, counted);
  const sample = plan ? withRateNotes(counters, plan, parsed.rps) : counters;
  return addResources ? addResources(sample, parsed.bitsMoved) : sample;
}

/** Runs `work`; a ToolError that does not name a scenario yet (e.g. a server that failed to start) gets `id`. */
export async function withScenario<T>(id: ScenarioId, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ToolError && error.scenario === undefined) throw error.inScenario(id);
    throw error;
  }
}
