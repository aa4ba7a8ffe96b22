import type { CpuPinning } from './cpu-pinning.js';
import { cleanupSteps } from '../../core/cleanup-steps.js';
import type { BackgroundProcess } from '../../adapters/exec.js';
import type { TopologyId } from '../../core/scenarios.js';
import type {
  CounterReading,
  Endpoint,
  Placement,
  PodChurnOutput,
  PodChurnRequest,
  ServerKind,
  ToolInvocation,
  ToolOutput,
} from '../platform.js';
import { labAddresses, labNames, labPorts } from './address-plan.js';
import { runInNamespace } from './client.js';
import { createNamespaceAnchors, type NamespaceAnchors } from './counter-anchors.js';
import { readLabCounters, type CounterScope } from './counters.js';
import { cniAdd, cniDel, type Attachment, type CniRuntimeContext } from './cni-runtime.js';
import type { HostRouting } from './bpf/hostrouting.js';
import type { LabDeps } from './deps.js';
import type { LabService } from './kube-proxy-rules.js';
import type { ServiceProxy } from './service-proxy.js';
import { createNamespace, destroyNamespace } from './netns.js';
import { churnPods } from './pod-churn.js';
import { launchServer, waitUntilReady } from './servers.js';

/** What a placement needs from its platform. */
export interface PlacementContext {
  readonly deps: LabDeps;
  readonly runId: string;
  readonly stateDir: string;
  /** Null for the `host` datapath (server and client run in node namespaces). */
  readonly cni: ((node: number) => CniRuntimeContext) | null;
  readonly dummyServices: number;
  /** The run's kube-proxy mode (installs services, may wrap client commands). */
  readonly proxy: ServiceProxy;
  /** ebpf-hostrouting: attaches each pod's veth and endpoint entry after CNI ADD. */
  readonly hostRouting?: HostRouting;
  readonly serverReadyTimeoutS: number;
  readonly responseBytes: number;
  /** A fresh number each call (pods, services, placements). */
  nextId(): number;
  /** The Node binary that runs pod-churn's connect probe inside pods (default: this process's). */
  readonly nodeBinary?: string;
  /** Where the client tool and the server run (none: wherever the scheduler puts them). */
  readonly pinning?: CpuPinning;
  readonly signal?: AbortSignal;
}

/** One end of a placement: a node namespace, the external namespace or a pod. */
interface End {
  readonly namespace: string;
  readonly address: string;
  readonly label: string;
  /** The node whose host network this end is (node ends only). */
  readonly node?: number;
  readonly pod?: { readonly node: number; readonly attachment: Attachment; detach?: () => Promise<void> };
}

async function nodeEnd(ctx: PlacementContext, node: number): Promise<End> {
  return {
    namespace: labNames.node(ctx.runId, node),
    address: labAddresses.node(node),
    label: `node-${node} host network`,
    node,
  };
}

async function podEnd(ctx: PlacementContext, node: number, created: End[]): Promise<End> {
  if (!ctx.cni) return nodeEnd(ctx, node);
  const namespace = labNames.pod(ctx.runId, ctx.nextId());
  await createNamespace(ctx.deps, namespace, ctx.signal);
  // Recorded before ADD so that release removes the namespace even when ADD fails.
  const pending: End = { namespace, address: '', label: `pod on node-${node}` };
  created.push(pending);
  const attachment = await cniAdd(ctx.deps, ctx.cni(node), namespace, namespace);
  const end: End = {
    namespace,
    address: attachment.ip,
    label: `pod ${attachment.ip} on node-${node}`,
    pod: { node, attachment },
  };
  created[created.indexOf(pending)] = end;
  if (ctx.hostRouting)
    end.pod!.detach = await ctx.hostRouting.attachPod(node, attachment.ip, attachment.result);
  return end;
}

/** The server and client ends of a topology (pods attached through the CNI chain), and its description. */
async function placeEnds(
  ctx: PlacementContext,
  topology: TopologyId,
  pods: End[],
): Promise<{ server: End; client: End; description: string }> {
  switch (topology) {
    case 'host-cross-node':
      return {
        server: await nodeEnd(ctx, 1),
        client: await nodeEnd(ctx, 0),
        description: 'client on node-0 host network → server on node-1 host network',
      };
    case 'pod-to-pod-same-node': {
      const server = await podEnd(ctx, 0, pods);
      const client = await podEnd(ctx, 0, pods);
      return { server, client, description: `client ${client.label} → server ${server.label}` };
    }
    case 'pod-to-pod-cross-node':
    case 'pod-to-service-cross-node': {
      const server = await podEnd(ctx, 1, pods);
      const client = await podEnd(ctx, 0, pods);
      return { server, client, description: `client ${client.label} → server ${server.label}` };
    }
    case 'nodeport-via-other-node': {
      const server = await podEnd(ctx, 1, pods);
      return {
        server,
        client: {
          namespace: labNames.external(ctx.runId),
          address: labAddresses.external,
          label: 'external client',
        },
        description: `external client → NodePort on node-0 → server ${server.label} (DNAT + MASQUERADE)`,
      };
    }
  }
}

/**
 * The namespaces whose counters a placement reads (diagnostics): the nodes its traffic crosses
 * (node-0 too behind a service or NodePort: its rules sit there), and its client and server ends
 * when they are not a node's host network (pods, the external client).
 */
function counterScopes(
  ctx: PlacementContext,
  topology: TopologyId,
  client: End,
  server: End,
): CounterScope[] {
  const nodes = new Set<number>();
  for (const end of [client, server]) {
    const node = end.node ?? end.pod?.node;
    if (node !== undefined) nodes.add(node);
  }
  if (topology === 'pod-to-service-cross-node' || topology === 'nodeport-via-other-node') nodes.add(0);
  const scopes: CounterScope[] = [...nodes]
    .sort((a, b) => a - b)
    .map((node) => ({ scope: `node-${node}`, namespace: labNames.node(ctx.runId, node) }));
  if (client.node === undefined) scopes.push({ scope: 'client', namespace: client.namespace });
  if (server.node === undefined) scopes.push({ scope: 'server', namespace: server.namespace });
  return scopes;
}

/** A placement's counter reading (diagnostics) through its anchors, refused once it is released. */
function counterReader(
  ctx: PlacementContext,
  anchors: NamespaceAnchors,
  scopes: readonly CounterScope[],
  released: () => boolean,
): () => Promise<CounterReading> {
  return () =>
    released()
      ? Promise.reject(new Error('the placement was released'))
      : readLabCounters(ctx.deps, anchors, scopes);
}

/**
 * Adds the kube-proxy rules of a ClusterIP service (or, `nodePort`, a NodePort on node-0) in front
 * of the server; returns how to remove them, the endpoints clients use and a description suffix.
 */
async function addService(
  ctx: PlacementContext,
  id: number,
  nodePort: boolean,
  server: End,
): Promise<{ remove: () => Promise<void>; iperf3: Endpoint; http: Endpoint; description: string }> {
  const service: LabService = {
    id,
    ...(nodePort ? {} : { vip: labAddresses.serviceVip(id) }),
    backend: server.address,
    dummyServices: ctx.dummyServices,
    ports: [
      {
        protocol: 'tcp',
        port: labPorts.iperf3,
        targetPort: labPorts.iperf3,
        ...(nodePort ? { nodePort: labPorts.nodePortIperf3 } : {}),
      },
      {
        protocol: 'udp',
        port: labPorts.iperf3,
        targetPort: labPorts.iperf3,
        ...(nodePort ? { nodePort: labPorts.nodePortIperf3 } : {}),
      },
      {
        protocol: 'tcp',
        port: labPorts.http,
        targetPort: labPorts.http,
        ...(nodePort ? { nodePort: labPorts.nodePortHttp } : {}),
      },
    ],
  };
  const remove = await ctx.proxy.addService(0, service);
  const address = nodePort ? labAddresses.node(0) : labAddresses.serviceVip(id);
  return {
    remove,
    iperf3: { address, port: nodePort ? labPorts.nodePortIperf3 : labPorts.iperf3 },
    http: { address, port: nodePort ? labPorts.nodePortHttp : labPorts.http },
    description: nodePort
      ? ` (kube-proxy ${ctx.proxy.mode})`
      : ` via ClusterIP ${address} (kube-proxy ${ctx.proxy.mode} on node-0)`,
  };
}

/** pod-churn on a placement: bursts of pods on node-0 (the client's node), each timed and removed. */
function labChurn(
  ctx: PlacementContext,
  id: number,
  topology: TopologyId,
  released: () => boolean,
): (request: PodChurnRequest) => Promise<PodChurnOutput> {
  return (request) => {
    if (released()) return Promise.reject(new Error(`placement ${topology} was released`));
    return churnPods(
      {
        deps: ctx.deps,
        cni: ctx.cni!(0),
        node: 0,
        podNamespace: () => labNames.pod(ctx.runId, ctx.nextId()),
        dir: `${ctx.stateDir}/churn/${id}`,
        ...(ctx.hostRouting ? { hostRouting: ctx.hostRouting } : {}),
        wrap: ctx.proxy.wrapClient,
        nodeBinary: ctx.nodeBinary ?? process.execPath,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
      request,
    );
  };
}

/** What a placement has created so far, in the order it must be removed. */
interface PlacementState {
  readonly pods: End[];
  readonly services: (() => Promise<void>)[];
  readonly servers: Map<ServerKind, { process: BackgroundProcess; endpoint: Endpoint }>;
  readonly anchors: ReturnType<typeof createNamespaceAnchors>;
  released: boolean;
}

/**
 * Creates the server and client of a topology (pods attached through the CNI chain, service
 * rules like kube-proxy) and returns the placement. On failure everything created so far is
 * removed before the error is thrown.
 */
export async function createPlacement(ctx: PlacementContext, topology: TopologyId): Promise<Placement> {
  const id = ctx.nextId();
  const state: PlacementState = {
    pods: [],
    services: [],
    servers: new Map(),
    anchors: createNamespaceAnchors(ctx.deps),
    released: false,
  };
  const release = (): Promise<void> => releasePlacement(ctx, state);
  let placed: Awaited<ReturnType<typeof placeWithEndpoints>>;
  try {
    placed = await placeWithEndpoints(ctx, topology, id, state);
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
  const { server, client, description } = placed;
  const fileDir = `${ctx.stateDir}/files/${id}`;
  const releasedCheck = (): boolean => state.released;
  return {
    topology,
    description,
    startServer: (kind) =>
      startPlacedServer(ctx, state, { topology, id, server, client }, placed.endpointFor, kind),
    runClient(invocation: ToolInvocation): Promise<ToolOutput> {
      if (state.released) return Promise.reject(new Error(`placement ${topology} was released`));
      return runInNamespace(
        ctx.deps,
        client.namespace,
        fileDir,
        invocation,
        ctx.signal,
        ctx.proxy.wrapClient,
        ctx.pinning?.client,
      );
    },
    ...(ctx.cni && topology !== 'host-cross-node'
      ? { churnPods: labChurn(ctx, id, topology, releasedCheck) }
      : {}),
    readCounters: counterReader(
      ctx,
      state.anchors,
      counterScopes(ctx, topology, client, server),
      releasedCheck,
    ),
    release,
  };
}

/** Removes what the placement created (anchors, servers, services, pods newest first); the first error is rethrown. */
async function releasePlacement(ctx: PlacementContext, state: PlacementState): Promise<void> {
  if (state.released) return;
  state.released = true;
  const steps = cleanupSteps();
  const attempt = steps.run;
  await attempt(() => state.anchors.stop());
  for (const server of state.servers.values()) await attempt(() => server.process.stop());
  state.servers.clear();
  for (const remove of state.services) await attempt(remove);
  for (const pod of [...state.pods].reverse()) {
    if (pod.pod?.detach) await attempt(pod.pod.detach);
    if (pod.pod && ctx.cni) {
      const { node, attachment } = pod.pod;
      await attempt(() =>
        cniDel(ctx.deps, ctx.cni!(node), attachment.containerId, attachment.podNamespace, attachment.result),
      );
    }
    await attempt(() => destroyNamespace(ctx.deps, pod.namespace));
  }
  steps.finish();
}

/** The topology's two ends and the endpoint of each server kind (direct, or through a service). */
async function placeWithEndpoints(
  ctx: PlacementContext,
  topology: TopologyId,
  id: number,
  state: PlacementState,
): Promise<{ server: End; client: End; description: string; endpointFor: Map<ServerKind, Endpoint> }> {
  const placed = await placeEnds(ctx, topology, state.pods);
  const { server } = placed;
  let { description } = placed;
  const endpointFor = new Map<ServerKind, Endpoint>([
    ['iperf3', { address: server.address, port: labPorts.iperf3 }],
    ['http', { address: server.address, port: labPorts.http }],
  ]);
  if (topology === 'pod-to-service-cross-node' || topology === 'nodeport-via-other-node') {
    const service = await addService(ctx, id, topology === 'nodeport-via-other-node', server);
    state.services.push(service.remove);
    endpointFor.set('iperf3', service.iperf3);
    endpointFor.set('http', service.http);
    description += service.description;
  }
  return { server, client: placed.client, description, endpointFor };
}

/** Starts a server kind once per placement and waits until the client reaches it. */
async function startPlacedServer(
  ctx: PlacementContext,
  state: PlacementState,
  ends: { topology: TopologyId; id: number; server: End; client: End },
  endpointFor: ReadonlyMap<ServerKind, Endpoint>,
  kind: ServerKind,
): Promise<Endpoint> {
  if (state.released) throw new Error(`placement ${ends.topology} was released`);
  const running = state.servers.get(kind);
  if (running) return running.endpoint;
  const endpoint = endpointFor.get(kind)!;
  const name = kind === 'iperf3' ? 'iperf3 server' : 'nginx';
  const process = await launchServer(
    ctx.deps,
    kind,
    ends.server.namespace,
    `${ctx.stateDir}/servers/${ends.id}-${kind}`,
    ctx.responseBytes,
    ctx.pinning?.server,
  );
  try {
    await waitUntilReady(
      ctx.deps,
      { name, process },
      ends.client.namespace,
      endpoint,
      ctx.serverReadyTimeoutS,
      ctx.proxy.wrapClient,
    );
  } catch (error) {
    await process.stop().catch(() => undefined);
    throw error;
  }
  state.servers.set(kind, { process, endpoint });
  return endpoint;
}
