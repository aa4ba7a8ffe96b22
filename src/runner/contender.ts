import { errorMessage } from '../core/errors.js';
import { subjectLabel } from '../core/kube-proxy.js';
import { environmentFingerprint } from '../core/results/fingerprint.js';
import type { DiscardedSample, Environment, Sample, ScenarioSampling } from '../core/results/types.js';
import type { MetricId } from '../core/metrics.js';
import type { ScenarioId, TopologyId } from '../core/scenarios.js';
import type { Endpoint, Placement, Platform, ServerKind } from '../platform/platform.js';
import { throwIfAborted } from './interrupted.js';
import type { RunContext } from './run-context.js';
import type { FoldedBySample } from './sample-profile.js';

/** A placement and the servers started on it. */
export interface Slot {
  placement?: Placement;
  readonly endpoints: Map<ServerKind, Endpoint>;
}

/** One platform's state during a run. */
export interface Contender {
  readonly platform: Platform;
  /** The subject's label for messages: the datapath, with its kube-proxy mode when not iptables (`ptp-hostgw+ebpf`). */
  readonly label: string;
  environment?: Environment;
  readonly samples: Map<ScenarioId, Sample[]>;
  /** Samples set aside for interference, per scenario. */
  readonly discarded: Map<ScenarioId, DiscardedSample[]>;
  readonly skipped: Map<TopologyId, string>;
  /** Scenarios skipped on a topology that runs (pod-churn where the platform cannot create pods). */
  readonly skippedScenarios: Map<ScenarioId, string>;
  /** The placement of the topology being run, and its servers. */
  readonly current: Slot;
  /** The control placement (host-cross-node), held for the whole run beside the current one. */
  readonly control: Slot;
  /** Adaptive sampling facts per scenario (paired runs). */
  readonly sampling: Map<ScenarioId, ScenarioSampling>;
  /** Why metrics the platform could provide are absent, per scenario (the first reason seen). */
  readonly unavailable: Map<ScenarioId, Map<MetricId, string>>;
  /** Why the samples of a scenario have no kernel counters, when the platform cannot read them. */
  readonly countersUnavailable: Map<ScenarioId, string>;
  /** Set once the resource probe said its source is unavailable: it is not read again this run. */
  resourceProbeOff?: boolean;
  /** `--profile`: the folded stacks of each profiled sample (results keep them summed per scenario). */
  readonly folded: FoldedBySample;
}

/** A contender for a platform that is not prepared yet. */
export function createContender(platform: Platform): Contender {
  return {
    platform,
    label: subjectLabel(platform.subject()),
    samples: new Map(),
    discarded: new Map(),
    skipped: new Map(),
    skippedScenarios: new Map(),
    current: { endpoints: new Map() },
    control: { endpoints: new Map() },
    sampling: new Map(),
    unavailable: new Map(),
    countersUnavailable: new Map(),
    folded: new WeakMap(),
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

/**
 * Prepares every platform and records its environment (with its fingerprint). Lab platforms share
 * this machine's network stack and are prepared in turn; Kubernetes platforms each create their
 * own cluster, so they are prepared concurrently (two kind clusters take the time of one). When a
 * concurrent preparation fails, the others still finish (so teardown finds what they made) and
 * the first failure is thrown.
 */
export async function prepareContenders(run: RunContext, contenders: readonly Contender[]): Promise<void> {
  const concurrent = contenders.length > 1 && contenders.every((c) => c.platform.kind === 'kubernetes');
  if (!concurrent) {
    for (const contender of contenders) {
      await run.group(`prepare ${contender.label}`, () => contender.platform.prepare(run.suite));
      throwIfAborted(run.signal);
      await recordEnvironment(contender);
    }
    return;
  }
  const names = contenders.map((c) => c.label).join(' and ');
  await run.group(`prepare ${names} (concurrently)`, async () => {
    const outcomes = await Promise.allSettled(
      contenders.map(async (contender) => {
        await contender.platform.prepare(run.suite);
        run.log(`${contender.label}: ready`);
      }),
    );
    const failures = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ i, reason: o.reason }] : []));
    const first = failures[0] ? errorMessage(failures[0].reason) : '';
    for (const failure of failures.slice(1)) {
      const message = errorMessage(failure.reason);
      if (message !== first) run.log(`${contenders[failure.i]!.label}: prepare failed too: ${message}`);
    }
    if (failures[0]) throw failures[0].reason;
  });
  throwIfAborted(run.signal);
  for (const contender of contenders) await recordEnvironment(contender);
}

async function recordEnvironment(contender: Contender): Promise<void> {
  const env = await contender.platform.environment();
  contender.environment = { ...env, fingerprint: environmentFingerprint(env) };
}

/**
 * Tears every platform down (Kubernetes clusters concurrently, the lab in turn); a failure is
 * logged with the platform's leftover hint, never thrown.
 */
export async function teardownContenders(run: RunContext, contenders: readonly Contender[]): Promise<void> {
  const teardown = async (contender: Contender): Promise<void> => {
    try {
      await contender.platform.teardown();
    } catch (error) {
      run.log(
        `${contender.label}: teardown failed: ${errorMessage(error)}; ${contender.platform.leftoverHint}`,
      );
    }
  };
  await run.group('teardown', async () => {
    if (contenders.every((c) => c.platform.kind === 'kubernetes')) {
      await Promise.all(contenders.map(teardown));
      return;
    }
    for (const contender of contenders) await teardown(contender);
  });
}
