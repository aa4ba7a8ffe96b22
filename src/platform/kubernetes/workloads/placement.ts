import type { CounterReading } from '../../../core/diagnostics/types.js';
import type { TopologyId } from '../../../core/scenarios.js';
import { UserError } from '../../../core/errors.js';
import {
  assertPlainFileNames,
  substituteFileArgs,
  type Endpoint,
  type Placement,
  type PodChurnOutput,
  type PodChurnRequest,
  type ServerKind,
  type ToolInvocation,
  type ToolOutput,
} from '../../platform.js';
import type { KubeClient } from '../api/kube-client.js';
import { KubernetesError } from '../errors.js';
import {
  clientFilesConfigMap,
  clientImage,
  clientPodManifest,
  httpServerConfigMap,
  mountedFilePath,
  serverName,
  serverPodManifest,
  serverServiceManifest,
  type WorkloadContext,
} from './manifests.js';
import { oneLine, podExitCode, waitForPodCompletion, waitForPodReady, type PollClock } from './pod-watch.js';
import { churnKubernetesPods } from './pod-churn.js';
import { describePlan, type TopologyPlan } from './topology-plan.js';

/** What a placement needs from the platform. */
export interface PlacementDeps {
  readonly client: KubeClient;
  readonly ctx: WorkloadContext;
  readonly clock: PollClock;
  /** Node names seen in the cluster (for unschedulable reports). */
  readonly nodesSeen: readonly string[];
  /** How long a server may take to become Ready (image pull included). */
  readonly serverReadyTimeoutMs: number;
  /** Extra time a client pod gets on top of the tool's timeout (scheduling, image pull). */
  readonly podStartSlackMs: number;
  /** Body size the http server serves. */
  readonly responseBytes: number;
  /** ISO timestamp for "now" (wall clock, injectable). */
  readonly isoNow: () => string;
  /** Reads the kernel counters of the nodes this placement uses (kind clusters); absent: none. */
  readonly readCounters?: () => Promise<CounterReading>;
  /** Why this placement has no kernel counters (an existing cluster), when it has none. */
  readonly countersUnavailable?: string;
}

type Created = { kind: 'pod' | 'service' | 'configmap'; name: string };

/** Server and client pods of one topology in the run's namespace. */
export class KubernetesPlacement implements Placement {
  readonly description: string;
  private readonly endpoints = new Map<ServerKind, Endpoint>();
  private readonly created: Created[] = [];
  private clients = 0;
  private released = false;
  readonly readCounters?: () => Promise<CounterReading>;
  readonly countersUnavailable?: string;

  constructor(
    private readonly deps: PlacementDeps,
    private readonly id: string,
    private readonly plan: TopologyPlan,
  ) {
    this.description = describePlan(plan);
    const read = deps.readCounters;
    if (read) {
      this.readCounters = () =>
        this.released ? Promise.reject(new Error('the placement was released')) : read();
    }
    if (deps.countersUnavailable !== undefined) this.countersUnavailable = deps.countersUnavailable;
  }

  get topology(): TopologyId {
    return this.plan.topology;
  }

  /** Starts the server pod (and its Service for service/NodePort paths); resolves to where the client connects. */
  async startServer(kind: ServerKind): Promise<Endpoint> {
    const known = this.endpoints.get(kind);
    if (known) return known;
    const { client, ctx } = this.deps;
    if (kind === 'http') {
      const map = httpServerConfigMap(ctx, this.id, this.deps.responseBytes);
      this.created.push({ kind: 'configmap', name: map.metadata?.name ?? '' });
      await client.createConfigMap(map);
    }
    const pod = serverPodManifest(ctx, this.id, kind, this.plan);
    this.created.push({ kind: 'pod', name: pod.metadata?.name ?? '' });
    await client.createPod(pod);
    const port = kind === 'iperf3' ? ctx.ports.iperf3 : ctx.ports.http;
    let endpoint: Endpoint;
    if (this.plan.path === 'pod-ip') {
      const ready = await this.waitReady(kind);
      endpoint = { address: ready, port };
    } else {
      const type = this.plan.path === 'cluster-ip' ? 'ClusterIP' : 'NodePort';
      const service = await this.createService(kind, type);
      await this.waitReady(kind);
      if (type === 'ClusterIP') {
        const ip = service.spec?.clusterIP;
        if (!ip)
          throw new KubernetesError(
            'Api',
            `service ${ctx.namespace}/${service.metadata?.name} has no clusterIP`,
          );
        endpoint = { address: ip, port };
      } else {
        const nodePort = service.spec?.ports?.[0]?.nodePort;
        const target = this.plan.targetNode;
        if (!nodePort || !target) {
          throw new KubernetesError(
            'Api',
            `service ${ctx.namespace}/${service.metadata?.name} has no nodePort`,
          );
        }
        endpoint = { address: target.internalIp, port: nodePort };
      }
    }
    this.endpoints.set(kind, endpoint);
    return endpoint;
  }

  private async createService(kind: ServerKind, type: 'ClusterIP' | 'NodePort') {
    const manifest = serverServiceManifest(this.deps.ctx, this.id, kind, type);
    this.created.push({ kind: 'service', name: manifest.metadata?.name ?? '' });
    return this.deps.client.createService(manifest);
  }

  private async waitReady(kind: ServerKind): Promise<string> {
    const { client, ctx, clock, nodesSeen } = this.deps;
    const name = serverName(this.id, kind);
    const pod = await waitForPodReady(
      client,
      ctx.namespace,
      name,
      this.deps.serverReadyTimeoutMs,
      clock,
      nodesSeen,
    );
    const ip = pod.status?.podIP;
    if (!ip)
      throw new KubernetesError('Api', `server pod ${ctx.namespace}/${name} is ready but has no podIP`);
    if (pod.spec?.nodeName && pod.spec.nodeName !== this.plan.serverNode.name) {
      throw new KubernetesError(
        'Api',
        `server pod ${ctx.namespace}/${name} landed on ${pod.spec.nodeName}, expected ${this.plan.serverNode.name}`,
      );
    }
    return ip;
  }

  /** Runs the tool in a one-shot client pod and returns its log as stdout. */
  async runClient(invocation: ToolInvocation): Promise<ToolOutput> {
    const { client, ctx, clock, nodesSeen } = this.deps;
    const image = clientImage(ctx.images, invocation.tool);
    if (!image) {
      throw new UserError(
        `no image configured for ${invocation.tool}; set the kubernetes ${invocation.tool} image option`,
      );
    }
    const index = ++this.clients;
    const name = `cpg-${this.id}-client-${index}`;
    const files = invocation.files ?? [];
    assertPlainFileNames(files);
    const filesName = files.length > 0 ? `${name}-files` : undefined;
    const timeoutMs = invocation.timeoutMs + this.deps.podStartSlackMs;
    try {
      if (filesName) await client.createConfigMap(clientFilesConfigMap(ctx, filesName, this.id, files));
      await client.createPod(
        clientPodManifest(ctx, {
          name,
          placementId: this.id,
          plan: this.plan,
          tool: invocation.tool,
          image,
          args: substituteFileArgs(invocation.args, files, mountedFilePath),
          ...(filesName ? { filesConfigMap: filesName } : {}),
          deadlineS: Math.ceil(timeoutMs / 1000),
        }),
      );
      const wallStart = clock.now();
      const startedIso = this.deps.isoNow();
      let pod;
      try {
        pod = await waitForPodCompletion(client, ctx.namespace, name, timeoutMs, clock, nodesSeen);
      } catch (error) {
        if (error instanceof KubernetesError && error.reason === 'Timeout') {
          const log = await client.podLog(ctx.namespace, name, 10).catch(() => '');
          throw new KubernetesError(
            'Timeout',
            `${invocation.tool} in pod ${ctx.namespace}/${name} ran past ${Math.round(invocation.timeoutMs / 1000)}s (+${Math.round(this.deps.podStartSlackMs / 1000)}s to start); last log lines: ${oneLine(log)}`,
          );
        }
        throw error;
      }
      const log = await client.podLog(ctx.namespace, name);
      const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
      const started = terminated?.startedAt ? new Date(terminated.startedAt) : undefined;
      const finished = terminated?.finishedAt ? new Date(terminated.finishedAt) : undefined;
      const durationS =
        started && finished && finished >= started
          ? (finished.getTime() - started.getTime()) / 1000
          : (clock.now() - wallStart) / 1000;
      const exitCode = podExitCode(pod);
      const reason = pod.status?.reason ?? terminated?.reason;
      return {
        exitCode,
        stdout: log,
        stderr:
          exitCode === 0
            ? ''
            : `client pod ${ctx.namespace}/${name} ${pod.status?.phase ?? 'failed'}${reason ? ` (${reason})` : ''}, exit ${exitCode}; last log lines: ${oneLine(log)}`,
        startedAt: started ? started.toISOString() : startedIso,
        durationS,
      };
    } finally {
      await client.deletePod(ctx.namespace, name).catch(() => undefined);
      if (filesName) await client.deleteConfigMap(ctx.namespace, filesName).catch(() => undefined);
    }
  }

  /** pod-churn: a burst of churn pods on the client node, each timed to Ready and to its first connect. */
  async churnPods(request: PodChurnRequest): Promise<PodChurnOutput> {
    if (this.released) throw new Error(`placement ${this.plan.topology} was released`);
    const { client, ctx, clock, nodesSeen } = this.deps;
    return churnKubernetesPods(
      {
        client,
        ctx,
        clock,
        nodesSeen,
        wallNow: () => Date.parse(this.deps.isoNow()),
        placementId: this.id,
        plan: this.plan,
      },
      request,
      () => {
        const name = `cpg-${this.id}-churn-${++this.clients}`;
        // Deleted by the churn itself; recorded so that release removes it should that delete fail.
        this.created.push({ kind: 'pod', name });
        return name;
      },
    );
  }

  /** Deletes this placement's pods, services and configmaps (idempotent). */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const { client, ctx } = this.deps;
    const errors: unknown[] = [];
    for (const item of this.created.reverse()) {
      const remove =
        item.kind === 'pod'
          ? client.deletePod(ctx.namespace, item.name)
          : item.kind === 'service'
            ? client.deleteService(ctx.namespace, item.name)
            : client.deleteConfigMap(ctx.namespace, item.name);
      await remove.catch((error: unknown) => errors.push(error));
    }
    this.endpoints.clear();
    if (errors.length > 0) throw errors[0];
  }
}
