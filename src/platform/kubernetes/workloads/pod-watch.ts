import type { V1Pod } from '@kubernetes/client-node';
import { sleep } from '../../../adapters/sleep.js';
import type { KubeClient } from '../api/kube-client.js';
import { KubernetesError } from '../errors.js';

/** Time for pollers; injectable so tests run fast. */
export interface PollClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Poll interval in ms. */
  readonly intervalMs: number;
}

/** The real clock, polling every second. */
export const REAL_POLL_CLOCK: PollClock = {
  now: () => Date.now(),
  sleep,
  intervalMs: 1_000,
};

const IMAGE_PULL_REASONS = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
]);

/** What the pod looks like now, for a not-ready / timeout report. */
export function podSummary(pod: V1Pod): string {
  const status = pod.status;
  const parts = [`phase ${status?.phase ?? 'unknown'}`];
  for (const c of status?.containerStatuses ?? []) {
    const waiting = c.state?.waiting;
    const terminated = c.state?.terminated;
    if (waiting) parts.push(`${c.name} waiting: ${waiting.reason ?? ''}`);
    else if (terminated) parts.push(`${c.name} terminated: exit ${terminated.exitCode}`);
    else if (c.state?.running) parts.push(`${c.name} running${c.ready ? ', ready' : ', not ready'}`);
  }
  const scheduled = status?.conditions?.find((cond) => cond.type === 'PodScheduled');
  if (scheduled?.status === 'False')
    parts.push(`unscheduled: ${scheduled.message ?? scheduled.reason ?? ''}`);
  return parts.join('; ');
}

/**
 * Checks a pod for failures that will not heal by waiting and throws the named error:
 * image pull failures (naming the image), unschedulable (naming the node selector and the
 * nodes seen), crash loops (with the last log lines).
 */
export async function assertPodNotStuck(
  client: KubeClient,
  pod: V1Pod,
  nodesSeen: readonly string[],
): Promise<void> {
  const name = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  for (const c of pod.status?.containerStatuses ?? []) {
    const reason = c.state?.waiting?.reason ?? '';
    if (IMAGE_PULL_REASONS.has(reason)) {
      const image = pod.spec?.containers.find((spec) => spec.name === c.name)?.image ?? c.image;
      throw new KubernetesError(
        'ImagePull',
        `pod ${name} cannot pull image ${image} (${reason}${c.state?.waiting?.message ? `: ${c.state.waiting.message}` : ''}); check the image name/tag or registry access`,
      );
    }
    if (reason === 'CrashLoopBackOff') {
      const logTail = await client
        .podLog(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', 10)
        .catch(() => '');
      const exit = c.lastState?.terminated?.exitCode;
      throw new KubernetesError(
        'CrashLoop',
        `pod ${name} container ${c.name} is in CrashLoopBackOff${exit === undefined ? '' : ` (last exit ${exit})`}; last log lines: ${oneLine(logTail)}`,
      );
    }
  }
  const scheduled = pod.status?.conditions?.find((cond) => cond.type === 'PodScheduled');
  if (
    pod.status?.phase === 'Pending' &&
    scheduled?.status === 'False' &&
    scheduled.reason === 'Unschedulable'
  ) {
    const selector = Object.entries(pod.spec?.nodeSelector ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    throw new KubernetesError(
      'Unschedulable',
      `pod ${name} cannot be scheduled with nodeSelector ${selector || '(none)'}; nodes seen: ${nodesSeen.join(', ') || 'none'}; scheduler: ${scheduled.message ?? 'no message'}`,
    );
  }
}

/** Log text squeezed onto one line (last lines joined with " | "). */
export function oneLine(text: string, lines = 10): string {
  const kept = text.trim().split('\n').slice(-lines).join(' | ');
  return kept.length > 0 ? kept : '(empty log)';
}

/** True when a pod's containers are all ready. */
export function podReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** The arguments of a pod wait: the API, the pod, how long, the poll clock and the cluster's node names. */
type PodWait = [
  client: KubeClient,
  namespace: string,
  name: string,
  timeoutMs: number,
  clock: PollClock,
  nodesSeen: readonly string[],
];

/** Where a poll of one pod stands: done with the pod, or keep polling. */
type PodPollStep = { readonly done: V1Pod } | { readonly done?: undefined };

/**
 * Reads a pod until `step` says it is done, failing fast on stuck pods (named errors) and with a
 * Timeout error (`timeoutWords` says what did not happen) at the deadline.
 */
async function pollPod(
  wait: PodWait,
  step: (pod: V1Pod) => Promise<PodPollStep>,
  timeoutWords: string,
): Promise<V1Pod> {
  const [client, namespace, name, timeoutMs, clock] = wait;
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const pod = await client.readPod(namespace, name);
    const outcome = await step(pod);
    if (outcome.done) return outcome.done;
    if (clock.now() >= deadline) {
      throw new KubernetesError(
        'Timeout',
        `pod ${namespace}/${name} ${timeoutWords} ${Math.round(timeoutMs / 1000)}s: ${podSummary(pod)}`,
      );
    }
    await clock.sleep(clock.intervalMs);
  }
}

/** Waits until a server pod is Running and Ready; named errors for stuck pods, Timeout otherwise. */
export function waitForPodReady(...wait: PodWait): Promise<V1Pod> {
  const [client, namespace, name, , , nodesSeen] = wait;
  return pollPod(
    wait,
    async (pod) => {
      await assertPodNotStuck(client, pod, nodesSeen);
      if (pod.status?.phase === 'Running' && podReady(pod)) return { done: pod };
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
        const log = await client.podLog(namespace, name, 10).catch(() => '');
        throw new KubernetesError(
          'PodFailed',
          `server pod ${namespace}/${name} exited (${podSummary(pod)}); last log lines: ${oneLine(log)}`,
        );
      }
      return {};
    },
    'not ready after',
  );
}

/** Waits until a one-shot pod has finished (Succeeded or Failed) and returns it. */
export function waitForPodCompletion(...wait: PodWait): Promise<V1Pod> {
  const [client, , , , , nodesSeen] = wait;
  return pollPod(
    wait,
    async (pod) => {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return { done: pod };
      await assertPodNotStuck(client, pod, nodesSeen);
      return {};
    },
    'did not finish within',
  );
}

/** Exit code of a finished pod's first container (1 when the pod failed without one, e.g. deadline). */
export function podExitCode(pod: V1Pod): number {
  const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
  if (terminated) return terminated.exitCode;
  return pod.status?.phase === 'Succeeded' ? 0 : 1;
}
