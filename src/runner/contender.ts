import { errorMessage } from '../core/errors.js';
import { subjectLabel } from '../core/kube-proxy.js';
import { environmentFingerprint } from '../core/results/fingerprint.js';
import type { DiscardedSample, Environment, Sample, ScenarioSampling } from '../core/results/types.js';
import type { ScenarioId, TopologyId } from '../core/scenarios.js';
import type { Endpoint, Placement, Platform, ServerKind } from '../platform/platform.js';
import { throwIfAborted } from './interrupted.js';
import type { RunContext } from './run-context.js';

/** A placement and the servers started on it. */
export interface Slot {
  placement?: Placement;
  readonly endpoints: Map<ServerKind, Endpoint>;
}

/** One platform's state during a run. */
export interface Contender extends Slot {
  readonly platform: Platform;
  readonly datapath: string;
  environment?: Environment;
  readonly samples: Map<ScenarioId, Sample[]>;
  /** Samples set aside for interference, per scenario. */
  readonly discarded: Map<ScenarioId, DiscardedSample[]>;
  readonly skipped: Map<TopologyId, string>;
  /** Scenarios skipped on a topology that runs (pod-churn where the platform cannot create pods). */
  readonly skippedScenarios: Map<ScenarioId, string>;
  /** The control placement (host-cross-node), held for the whole run beside the topology's. */
  readonly control: Slot;
  /** Adaptive sampling facts per scenario (paired runs). */
  readonly sampling: Map<ScenarioId, ScenarioSampling>;
}

/** A contender for a platform that is not prepared yet. */
export function createContender(platform: Platform): Contender {
  return {
    platform,
    datapath: subjectLabel(platform.subject()),
    samples: new Map(),
    discarded: new Map(),
    skipped: new Map(),
    skippedScenarios: new Map(),
    endpoints: new Map(),
    control: { endpoints: new Map() },
    sampling: new Map(),
  };
}

/** Adds a sample to the contender's results of scenario `id`. */
export function keepSample(contender: Contender, id: ScenarioId, sample: Sample): void {
  const list = contender.samples.get(id) ?? [];
  list.push(sample);
  contender.samples.set(id, list);
}

/** Records a sample that was taken and set aside (it will be re-taken). */
export function discardSample(contender: Contender, id: ScenarioId, sample: DiscardedSample): void {
  const list = contender.discarded.get(id) ?? [];
  list.push(sample);
  contender.discarded.set(id, list);
}

/** Prepares every platform in turn and records its environment (with its fingerprint). */
export async function prepareContenders(run: RunContext, contenders: readonly Contender[]): Promise<void> {
  for (const contender of contenders) {
    await run.group(`prepare ${contender.datapath}`, () => contender.platform.prepare(run.suite));
    throwIfAborted(run.signal);
    const env = await contender.platform.environment();
    contender.environment = { ...env, fingerprint: environmentFingerprint(env) };
  }
}

/** Tears every platform down; a failure is logged with the platform's leftover hint, never thrown. */
export async function teardownContenders(run: RunContext, contenders: readonly Contender[]): Promise<void> {
  await run.group('teardown', async () => {
    for (const contender of contenders) {
      try {
        await contender.platform.teardown();
      } catch (error) {
        run.log(
          `${contender.datapath}: teardown failed: ${errorMessage(error)}; ${contender.platform.leftoverHint}`,
        );
      }
    }
  });
}
