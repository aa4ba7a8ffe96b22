import { ToolError } from '../core/errors.js';
import type { Sample } from '../core/results/types.js';
import type { ScenarioId, TestId } from '../core/scenarios.js';
import type { ToolInvocation } from '../platform/platform.js';
import { keepSample, type Contender } from './contender.js';
import { withRateNotes, type FixedRatePlan } from './fixed-rate.js';
import { throwIfAborted } from './interrupted.js';
import {
  connRateInvocation,
  fixedRateInvocation,
  httpMaxInvocation,
  iperfInvocation,
  serverKindOf,
} from './invocations.js';
import type { RunContext } from './run-context.js';
import { toSample } from './sample.js';
import { endpointFor, runClient } from './tool-runs.js';

/** One scenario as the schedulers run it on the current placements. */
export interface ScenarioRun {
  readonly id: ScenarioId;
  readonly test: TestId;
  /** http-fixed-rate: each contender's rate plan for this placement. */
  readonly plans: ReadonlyMap<Contender, FixedRatePlan>;
}

/** Why a sample is taken: `kept` samples go into the results, `warmup` ones are discarded. */
export type SampleRole = 'kept' | 'warmup';

/**
 * Takes one sample of `scenario` on `contender` — every scheduler takes its samples here and
 * nowhere else — after reporting progress, and keeps it in the contender's results unless it is a
 * warm-up. `repetition` is the 1-based index reported in progress (0 for warm-ups).
 */
export async function sampleOnce(
  run: RunContext,
  contender: Contender,
  scenario: ScenarioRun,
  repetition: number,
  role: SampleRole,
): Promise<void> {
  throwIfAborted(run.signal);
  const { progress } = run;
  run.hooks.onProgress?.({
    datapath: contender.datapath,
    scenario: scenario.id,
    repetition,
    repetitions: progress.plannedReps,
    done: progress.done,
    total: progress.total,
    elapsedS: (run.now() - run.startedMs) / 1000,
  });
  const sample = await withScenario(scenario.id, () => takeSample(run, contender, scenario));
  // The keep/discard decision: a warm-up is taken only to be discarded.
  if (role === 'warmup') return;
  keepSample(contender, scenario.id, sample);
  progress.done++;
}

/** Runs the scenario's tool once on the contender's current placement and parses its output. */
async function takeSample(run: RunContext, contender: Contender, scenario: ScenarioRun): Promise<Sample> {
  const { suite } = run;
  const { id, test } = scenario;
  const plan = scenario.plans.get(contender);
  const endpoint = await endpointFor(run, contender, serverKindOf(test));
  let invocation: ToolInvocation;
  if (test === 'http-max') invocation = httpMaxInvocation(suite, endpoint);
  else if (test === 'http-conn-rate') invocation = connRateInvocation(suite, endpoint);
  else if (test === 'http-fixed-rate') {
    if (!plan) throw new Error('internal: http-fixed-rate without a rate plan');
    invocation = fixedRateInvocation(suite, endpoint, plan.targetRps, plan.pacing);
  } else invocation = iperfInvocation(test, suite, endpoint);
  const output = await runClient(run, contender, invocation);
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
