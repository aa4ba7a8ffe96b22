import type { V1Pod } from '@kubernetes/client-node';
import { ToolError, errorMessage } from '../../../core/errors.js';
import type { Endpoint, PodChurnOutput, PodChurnRequest, PodChurnTiming } from '../../platform.js';
import type { KubeClient } from '../api/kube-client.js';
import { PLACEMENT_LABEL, runLabels } from './labels.js';
import type { WorkloadContext } from './manifests.js';
import { assertPodNotStuck, oneLine, podReady, type PollClock } from './pod-watch.js';
import type { TopologyPlan } from './topology-plan.js';

/** The log line the churn pod prints at its first successful connect, then the node's epoch seconds. */
export const CONNECTED_MARK = 'cpg-connected';
/** How often a churn pod is read while it starts (Ready and the connect line are seen at this resolution at worst). */
export const CHURN_POLL_MS = 20;

/**
 * The churn pod's script (bash, in the iperf3 image, netshoot): tries a TCP connect to the target
 * every 10 ms through bash's /dev/tcp, prints CONNECTED_MARK and `$EPOCHREALTIME` (the node's clock,
 * microseconds) at the first success, then sleeps until deleted so that Ready stays observable.
 */
export function churnScript(target: Endpoint, connectTimeoutS: number): string {
  const attempts = Math.ceil((connectTimeoutS * 1000) / 10);
  return [
    'i=0',
    `until (exec 3<>/dev/tcp/${target.address}/${target.port}) 2>/dev/null; do`,
    '  i=$((i+1))',
    `  if [ "$i" -gt ${attempts} ]; then echo "cpg-no-connect after $i attempts"; exit 3; fi`,
    '  sleep 0.01',
    'done',
    `echo "${CONNECTED_MARK} $EPOCHREALTIME attempts=$i"`,
    'exec sleep 3600',
  ].join('\n');
}

/** A churn pod on the plan's client node (restartPolicy Never, killed by deletion). */
export function churnPodManifest(
  ctx: WorkloadContext,
  spec: { name: string; placementId: string; plan: TopologyPlan; target: Endpoint; connectTimeoutS: number },
): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: spec.name,
      namespace: ctx.namespace,
      labels: { ...runLabels(ctx.runId, 'client'), [PLACEMENT_LABEL]: spec.placementId },
    },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': spec.plan.clientNode.name },
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      activeDeadlineSeconds: Math.ceil(spec.connectTimeoutS) + 300,
      containers: [
        {
          name: 'churn',
          image: ctx.images.iperf3,
          command: ['bash', '-c', churnScript(spec.target, spec.connectTimeoutS)],
        },
      ],
    },
  };
}

/** The node's epoch milliseconds of the first connect, from the churn pod's log; undefined before it. */
export function connectedAtMs(log: string): number | undefined {
  const m = new RegExp(`${CONNECTED_MARK} (\\d+(?:\\.\\d+)?)`).exec(log);
  return m ? Number(m[1]) * 1000 : undefined;
}

/** What a Kubernetes churn needs from its placement. */
export interface KubernetesChurnDeps {
  readonly client: KubeClient;
  readonly ctx: WorkloadContext;
  readonly clock: PollClock;
  readonly nodesSeen: readonly string[];
  /** Wall clock in epoch ms (compared with the node's `$EPOCHREALTIME`). */
  readonly wallNow: () => number;
  readonly placementId: string;
  readonly plan: TopologyPlan;
}

/**
 * One churn pod: create → Ready (seen by polling) → the connect line in its log, then delete.
 * setupMs is creation → the pod's own connect time (node clock; falls back to when the line was
 * seen when the clocks disagree), readyMs is creation → Ready as polled.
 */
async function churnOne(
  deps: KubernetesChurnDeps,
  name: string,
  request: PodChurnRequest,
): Promise<PodChurnTiming> {
  const { client, ctx, clock } = deps;
  const timeoutMs = request.connectTimeoutMs + 120_000;
  try {
    const created = deps.wallNow();
    const start = clock.now();
    await client.createPod(
      churnPodManifest(ctx, {
        name,
        placementId: deps.placementId,
        plan: deps.plan,
        target: request.target,
        connectTimeoutS: request.connectTimeoutMs / 1000,
      }),
    );
    let readyMs: number | undefined;
    for (;;) {
      const pod = await client.readPod(ctx.namespace, name);
      await assertPodNotStuck(client, pod, deps.nodesSeen);
      if (readyMs === undefined && podReady(pod)) readyMs = clock.now() - start;
      if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') {
        const log = await client.podLog(ctx.namespace, name, 5).catch(() => '');
        throw new ToolError(
          'pod-churn',
          `pod ${ctx.namespace}/${name} ended before connecting: ${oneLine(log)}`,
        );
      }
      if (readyMs !== undefined) {
        const log = await client.podLog(ctx.namespace, name, 5);
        const at = connectedAtMs(log);
        if (at !== undefined) {
          const seen = clock.now() - start;
          const own = at - created;
          return { setupMs: own >= 0 && own <= seen ? own : seen, readyMs };
        }
      }
      if (clock.now() - start > timeoutMs)
        throw new ToolError(
          'pod-churn',
          `pod ${ctx.namespace}/${name} did not connect within ${Math.round(timeoutMs / 1000)} s`,
        );
      await clock.sleep(CHURN_POLL_MS);
    }
  } finally {
    await client.deletePod(ctx.namespace, name).catch(() => undefined);
  }
}

/**
 * A burst of churn pods, `request.parallel` at a time; every pod created is deleted, also when
 * one fails (the first failure is thrown after all have finished).
 */
export async function churnKubernetesPods(
  deps: KubernetesChurnDeps,
  request: PodChurnRequest,
  nextName: () => string,
): Promise<PodChurnOutput> {
  const startMs = deps.wallNow();
  const start = deps.clock.now();
  const timings: PodChurnTiming[] = [];
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < request.pods && failure === undefined) {
      next++;
      try {
        timings.push(await churnOne(deps, nextName(), request));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(request.parallel, request.pods)) }, worker));
  if (failure !== undefined)
    throw failure instanceof ToolError ? failure : new ToolError('pod-churn', errorMessage(failure));
  return {
    startedAt: new Date(startMs).toISOString(),
    durationS: (deps.clock.now() - start) / 1000,
    pods: timings,
  };
}
