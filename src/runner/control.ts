import { errorMessage } from '../core/errors.js';
import { CONTROL_TOPOLOGY } from '../core/metrics.js';
import { scenarioId, type TestId, type TopologyId } from '../core/scenarios.js';
import type { SuiteConfig } from '../core/suite/types.js';
import type { Contender } from './contender.js';
import { throwIfAborted } from './interrupted.js';
import type { RunContext } from './run-context.js';

/**
 * Tests the control is measured for (http-fixed-rate's rate is planned per pod placement: not a
 * control; pod-churn creates pods, which the host network has none of).
 */
export function controlTests(tests: readonly TestId[]): TestId[] {
  return tests.filter((test) => test !== 'http-fixed-rate' && test !== 'pod-churn');
}

/**
 * The suite a run actually measures: with the control on (`control: true`, the default of every
 * resolved suite; a suite object without the key has none) and at least one pod topology,
 * host-cross-node comes first in the topologies, to be sampled interleaved with the pod scenarios.
 * Paired runs cancel drift by pairing and take no control.
 */
export function suiteWithControl(suite: SuiteConfig, paired: boolean): SuiteConfig {
  if (paired || suite.control !== true) return suite;
  const pods = suite.topologies.filter((t) => t !== CONTROL_TOPOLOGY);
  if (pods.length === 0 || controlTests(suite.tests).length === 0) return suite;
  return { ...suite, topologies: [CONTROL_TOPOLOGY, ...pods] };
}

/** True when `suite` (as returned by suiteWithControl) samples the control interleaved. */
export function interleavesControl(suite: SuiteConfig, paired: boolean): boolean {
  return (
    !paired &&
    suite.control === true &&
    suite.topologies[0] === CONTROL_TOPOLOGY &&
    suite.topologies.length > 1 &&
    controlTests(suite.tests).length > 0
  );
}

/**
 * Places the control (host-cross-node) on every contender that supports it and keeps it for the
 * whole run; the others record why they skip it.
 */
export async function placeControls(run: RunContext, contenders: readonly Contender[]): Promise<void> {
  for (const contender of contenders) {
    throwIfAborted(run.signal);
    const reason = contender.platform.supports(CONTROL_TOPOLOGY);
    if (reason !== null) {
      contender.skipped.set(CONTROL_TOPOLOGY, reason);
      run.log(`${contender.label}: no control: ${reason}`);
      continue;
    }
    contender.control.placement = await contender.platform.place(CONTROL_TOPOLOGY);
  }
}

/** Releases every control placement (a failure is logged; teardown removes everything anyway). */
export async function releaseControls(run: RunContext, contenders: readonly Contender[]): Promise<void> {
  for (const contender of contenders) {
    const placement = contender.control.placement;
    contender.control.placement = undefined;
    contender.control.endpoints.clear();
    if (!placement) continue;
    try {
      await placement.release();
    } catch (error) {
      if (!run.signal?.aborted)
        run.log(`${contender.label}: releasing the control failed: ${errorMessage(error)}`);
    }
  }
}

/**
 * Which contenders carry the control for a test on this topology: each contender samples the
 * control of a test alongside the first pod topology it runs that test on.
 */
export class ControlCarriers {
  private readonly carried = new Map<Contender, Set<TestId>>();

  /** The control scenario and the contenders that sample it with (topology, test), if any. */
  claim(
    topology: TopologyId,
    test: TestId,
    contenders: readonly Contender[],
  ): { controlId: ReturnType<typeof scenarioId>; controlled: Set<Contender> } | undefined {
    if (topology === CONTROL_TOPOLOGY || !controlTests([test]).length) return undefined;
    const carriers = new Set<Contender>();
    for (const contender of contenders) {
      if (!contender.control.placement) continue;
      const done = this.carried.get(contender) ?? new Set<TestId>();
      if (done.has(test)) continue;
      done.add(test);
      this.carried.set(contender, done);
      carriers.add(contender);
    }
    return carriers.size > 0
      ? { controlId: scenarioId(CONTROL_TOPOLOGY, test), controlled: carriers }
      : undefined;
  }
}
