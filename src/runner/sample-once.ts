import { ToolError } from '../core/errors.js';
import type { Sample } from '../core/results/types.js';
import type { ScenarioId, TestId } from '../core/scenarios.js';
import type { ToolInvocation } from '../platform/platform.js';
import { discardSample, keepSample, type Contender, type Slot } from './contender.js';
import { disturbance, MAX_RETAKES_PER_SAMPLE } from './interference-check.js';
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
import type { RunContext } from './run-context.js';
import { toSample } from './sample.js';
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
 * slot right before, and the two are kept or discarded together. A sample taken under more
 * interference than the suite tolerates is set aside (recorded as discarded, with the reason) and
 * re-taken while the run's re-take budget lasts; after that it is kept, marked `disturbed`.
 */
export async function sampleOnce(
  run: RunContext,
  contender: Contender,
  scenario: ScenarioRun,
  repetition: number,
  role: SampleRole,
): Promise<void> {
  const { progress } = run;
  // A suite without an interference tolerance (built by code, not resolved) judges none.
  const tolerance = run.suite.interference;
  for (let retake = 0; ; retake++) {
    throwIfAborted(run.signal);
    run.hooks.onProgress?.({
      datapath: contender.datapath,
      scenario: scenario.id,
      repetition,
      repetitions: progress.plannedReps,
      done: progress.done,
      total: progress.total,
      elapsedS: (run.now() - run.startedMs) / 1000,
      retaken: progress.retaken,
    });
    const taken: [ScenarioId, Sample][] = [];
    if (scenario.controlId && scenario.controlled?.has(contender) && role === 'kept') {
      const control = { id: scenario.controlId, test: scenario.test, plans: new Map() };
      taken.push([
        control.id,
        await withScenario(control.id, () => takeSample(run, contender, control, contender.control)),
      ]);
    }
    taken.push([
      scenario.id,
      await withScenario(scenario.id, () => takeSample(run, contender, scenario, contender)),
    ]);
    // The keep/discard decision: a warm-up is taken only to be discarded.
    if (role === 'warmup') return;
    const why = tolerance
      ? (taken.map(([, sample]) => disturbance(sample, tolerance)).find((reason) => reason !== null) ?? null)
      : null;
    if (why !== null && retake < MAX_RETAKES_PER_SAMPLE && progress.retakesLeft > 0) {
      progress.retakesLeft--;
      progress.retaken++;
      for (const [id, sample] of taken) discardSample(contender, id, { ...sample, discardReason: why });
      run.log(`${contender.datapath}: ${scenario.id} #${repetition}: ${why}: re-taking the sample`);
      continue;
    }
    for (const [id, sample] of taken)
      keepSample(contender, id, why === null ? sample : { ...sample, disturbed: why });
    if (why !== null) {
      const spent = progress.retakesLeft > 0 ? `${retake} re-takes did not help` : 're-take budget spent';
      run.log(`${contender.datapath}: ${scenario.id} #${repetition}: ${why}: kept as disturbed (${spent})`);
    }
    progress.done++;
    return;
  }
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
    if (!placement) throw new Error(`internal: ${contender.datapath} has no placement`);
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
  const output = await runClient(run, contender, invocation, slot);
  const parsed = toSample(id, test, invocation, output);
  return plan ? withRateNotes(parsed.sample, plan, parsed.rps) : parsed.sample;
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
