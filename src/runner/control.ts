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
 * The control of a run: host-cross-node measured beside the pod scenarios (each control sample
 * right before a kept pod sample), for `tests`. `suite` is the suite as results record it: the
 * control topology first among the topologies.
 */
export interface ControlPlan {
  readonly topology: typeof CONTROL_TOPOLOGY;
  /** The control's tests: the suite's tests it is measured for (controlTests). */
  readonly tests: readonly TestId[];
  /** The pod topologies the run places, in suite order (host-cross-node is the control's). */
  readonly podTopologies: readonly TopologyId[];
  /** The suite with the control: `[host-cross-node, ...podTopologies]`. */
  readonly suite: SuiteConfig;
}

/**
 * The run's control, or null when it has none: paired runs cancel drift by pairing and take no
 * control; a suite with `control` off (a suite object without the key has none), without a pod
 * topology, or without a test the control is measured for has none either (host-cross-node then
 * runs as any other topology when listed).
 */
export function planControl(suite: SuiteConfig, paired: boolean): ControlPlan | null {
  if (paired || suite.control !== true) return null;
  const podTopologies = suite.topologies.filter((t) => t !== CONTROL_TOPOLOGY);
  const tests = controlTests(suite.tests);
  if (podTopologies.length === 0 || tests.length === 0) return null;
  return {
    topology: CONTROL_TOPOLOGY,
    tests,
    podTopologies,
    suite: { ...suite, topologies: [CONTROL_TOPOLOGY, ...podTopologies] },
  };
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
