import type { ResultsFile } from '../core/results/types.js';
import { scenarioId, testRunsIn, type TestId, type TopologyId } from '../core/scenarios.js';
import type { Platform } from '../platform/platform.js';
import { createContender, prepareContenders, teardownContenders, type Contender } from './contender.js';
import { ControlCarriers, placeControls, planControl, releaseControls, type ControlPlan } from './control.js';
import { planFixedRate, type FixedRatePlan } from './fixed-rate.js';
import { RunInterruptedError, abortReason, throwIfAborted } from './interrupted.js';
import { podChurnSkipReason } from './pod-churn-sample.js';
import { assembleResults } from './results-file.js';
import { createRunContext, type RunContext } from './run-context.js';
import { withScenario, type ScenarioRun } from './sample-once.js';
import { runInterleaved } from './schedule-interleaved.js';
import { runPairedScenario } from './schedule-paired.js';
import { contendersFor, withPlacements } from './topology.js';
import type { SuiteRunOptions } from './types.js';

/**
 * Runs the suite on every platform and returns one results file per platform (datapath), in order.
 * All platforms are prepared first; then, per topology, each is placed once and every test runs
 * its repetitions INTERLEAVED across platforms (A B C A B C …) so that drift hits all alike — or,
 * paired, in ABBA order after a warm-up (schedule-paired.ts). Every sample is taken by sampleOnce.
 * Topologies a platform does not support become `skipped` scenarios. Every platform is torn down
 * in the end, also after a failed sample or an abort (hooks.signal → RunInterruptedError).
 */
export async function runSuite(
  platforms: readonly Platform[],
  options: SuiteRunOptions,
): Promise<ResultsFile[]> {
  const paired = options.paired;
  const control = planControl(options.suite, paired !== undefined);
  const run = createRunContext({ ...options, suite: control?.suite ?? options.suite });
  const topologies = control?.podTopologies ?? options.suite.topologies;
  const contenders = platforms.map(createContender);
  const carriers = new ControlCarriers();
  if (paired && contenders.length !== 2) {
    throw new Error(
      `internal: a paired run needs exactly two platforms (base, head), got ${contenders.length}`,
    );
  }
  try {
    throwIfAborted(run.signal);
    await prepareContenders(run, contenders);
    const tests = executionOrder(run.suite.tests);
    planProgress(run, contenders, tests, topologies, control);
    if (control) await run.group('control', () => placeControls(run, contenders));
    for (const topology of topologies) {
      const active = contendersFor(run, contenders, topology, paired !== undefined);
      if (active.length === 0) {
        run.progress.scenariosDone += tests.filter((t) => testRunsIn(t, topology)).length;
        continue;
      }
      await run.group(topology, () =>
        withPlacements(run, active, topology, async () => {
          for (const test of tests.filter((t) => testRunsIn(t, topology))) {
            const sampling = contendersForTest(run, active, topology, test, paired !== undefined);
            if (sampling.length > 0) {
              const scenario = {
                ...(await scenarioRun(run, sampling, topology, test)),
                ...(control ? carriers.claim(topology, test, sampling) : undefined),
              };
              if (paired)
                await runPairedScenario(run, { base: sampling[0]!, head: sampling[1]! }, scenario, paired);
              else await runInterleaved(run, sampling, scenario);
            }
            run.progress.scenariosDone++;
          }
        }),
      );
    }
    if (control) run.progress.scenariosDone += tests.filter((t) => testRunsIn(t, control.topology)).length;
    return assembleResults(run, contenders, paired, control);
  } catch (error) {
    // Platforms watching the same signal throw its reason; report every abort the same way.
    if (run.signal?.aborted && !(error instanceof RunInterruptedError))
      throw new RunInterruptedError(abortReason(run.signal));
    throw error;
  } finally {
    await run.inFlight.settle();
    await releaseControls(run, contenders);
    await teardownContenders(run, contenders);
  }
}

/**
 * Sets the run's planned totals: samples over every supported topology the run places (the
 * control's samples ride along with the pod samples), scenarios in the suite (the control's
 * included), and the re-take budget.
 */
function planProgress(
  run: RunContext,
  contenders: readonly Contender[],
  tests: readonly TestId[],
  own: readonly TopologyId[],
  control: ControlPlan | null,
): void {
  const { progress, suite } = run;
  const testsIn = (topology: TopologyId): number => tests.filter((t) => testRunsIn(t, topology)).length;
  progress.total = own.reduce(
    (sum, topology) =>
      sum +
      contenders.filter((c) => c.platform.supports(topology) === null).length *
        testsIn(topology) *
        progress.plannedReps,
    0,
  );
  progress.scenarioCount = [...own, ...(control ? [control.topology] : [])].reduce(
    (sum, topology) => sum + testsIn(topology),
    0,
  );
  progress.retakesLeft = Math.ceil((suite.interference?.retakeBudget ?? 0) * progress.total);
}

/**
 * The placed contenders that can sample `test` (pod-churn needs a placement that creates pods);
 * the others record why they skip the scenario. In a paired run a pair skips together.
 */
function contendersForTest(
  run: RunContext,
  contenders: readonly Contender[],
  topology: TopologyId,
  test: TestId,
  paired: boolean,
): Contender[] {
  if (test !== 'pod-churn') return [...contenders];
  const id = scenarioId(topology, test);
  const able: Contender[] = [];
  for (const contender of contenders) {
    const reason = podChurnSkipReason(contender.current.placement);
    if (reason === null) able.push(contender);
    else {
      contender.skippedScenarios.set(id, reason);
      run.log(`${contender.label}: skipping ${id}: ${reason}`);
    }
  }
  if (paired && able.length !== contenders.length) {
    for (const contender of able)
      contender.skippedScenarios.set(id, 'the other side of the pair cannot run it');
    return [];
  }
  return able;
}

/** A scenario ready to sample on the placed contenders (http-fixed-rate: after planning each one's rate). */
async function scenarioRun(
  run: RunContext,
  contenders: readonly Contender[],
  topology: TopologyId,
  test: TestId,
): Promise<ScenarioRun> {
  const id = scenarioId(topology, test);
  const plans = new Map<Contender, FixedRatePlan>();
  if (test === 'http-fixed-rate') {
    for (const contender of contenders) {
      plans.set(contender, await withScenario(id, () => planFixedRate(run, contender, id)));
    }
  }
  return { id, test, plans };
}

/** Tests in the suite's order, except that http-max runs before http-fixed-rate (it sets its rate). */
export function executionOrder(tests: readonly TestId[]): TestId[] {
  const order = [...tests];
  const max = order.indexOf('http-max');
  const fixed = order.indexOf('http-fixed-rate');
  if (max > fixed && fixed >= 0) {
    order.splice(max, 1);
    order.splice(fixed, 0, 'http-max');
  }
  return order;
}
