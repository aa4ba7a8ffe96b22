import { rm } from 'node:fs/promises';
import type { V1Node } from '@kubernetes/client-node';
import type { Environment, Subject } from '../../core/results/types.js';
import type { TopologyId } from '../../core/scenarios.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import type { Placement, Platform, SkipReason } from '../platform.js';
import type { KubeClient } from './api/kube-client.js';
import type { CniAgentUsage } from './cni/agent-usage.js';
import { agentResourceReading, agentStatsOf, agentUsageOf } from './cni/agent-probe.js';
import type { CniAgentStats } from './cni/agent-stats.js';
import { installCni, resolveCni, type ResolvedCni } from './cni/deploy-cni.js';
import type { PresetContext } from './cni/presets.js';
import { waitForCniReady } from './cni/readiness.js';
import { connectCluster, runStateOf, type ClusterHandles } from './cluster-connect.js';
import { clusterEnvironment, kindSpecOf, subjectOf } from './cluster-facts.js';
import type { KubernetesDeps } from './deps.js';
import { kindClusterName } from './kind/kind-cluster.js';
import { DEFAULT_KIND_SPEC, type KindClusterSpec } from './kind/kind-config.js';
import { DEFAULT_TIMEOUTS, type KubernetesPlatformOptions, type KubernetesTimeouts } from './options.js';
import type { KubernetesRunState } from './run-state.js';
import { cleanupRun } from './teardown.js';
import { DEFAULT_IMAGES } from './versions.js';
import { runNamespace } from './workloads/labels.js';
import { namespaceManifest, type WorkloadContext, type WorkloadImages } from './workloads/manifests.js';
import { KubernetesPlacement } from './workloads/placement.js';
import {
  planSkipReason,
  planTopology,
  type SchedulableNode,
  type TopologyPlan,
} from './workloads/topology-plan.js';
import {
  EXISTING_CLUSTER_NO_COUNTERS,
  kindNodeCounters,
  type NodeCounterSource,
  type NodeScope,
} from './node-counters.js';
import type { CounterReading } from '../../core/diagnostics/types.js';

/** The Kubernetes platform, plus what the Action must save for its post step. */
export interface KubernetesPlatform extends Platform {
  /** What exists now that teardown would remove (save it for the post step). */
  runState(): KubernetesRunState;
  /** CPU/memory of the CNI agent pods per node (metrics.k8s.io), or why it is unavailable. */
  cniAgentUsage(): Promise<CniAgentUsage>;
  /**
   * Working set and cumulative CPU of the CNI agent pods per node from the kubelets' stats
   * summaries (node proxy), found by the CNI's DaemonSets or `selector`; or why unavailable.
   */
  cniAgentStats(selector?: { namespace: string; labels: string }): Promise<CniAgentStats>;
}

/** Nodes where test pods may go: Ready, not cordoned, no NoSchedule/NoExecute taint; sorted by name. */
export function schedulableNodes(nodes: readonly V1Node[]): SchedulableNode[] {
  return nodes
    .filter((node) => !node.spec?.unschedulable)
    .filter(
      (node) => !(node.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
    )
    .filter((node) => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((node) => ({
      name: node.metadata?.name ?? '',
      internalIp: node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '',
    }))
    .filter((node) => node.name !== '' && node.internalIp !== '')
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Deploys the CNI (unless the cluster has one) and waits for its DaemonSets, the nodes and CoreDNS. */
async function deployCni(
  client: KubeClient,
  resolvedCni: ResolvedCni,
  how: {
    readonly kubeconfigPath: string;
    readonly options: KubernetesPlatformOptions;
    readonly deps: KubernetesDeps;
    readonly cniReadyMs: number;
  },
): Promise<void> {
  const { options, deps } = how;
  if (resolvedCni.deployment) {
    deps.onLog?.(
      `deploying CNI ${resolvedCni.info.name} ${resolvedCni.info.version ?? ''} (${resolvedCni.info.mode})`,
    );
    await installCni(resolvedCni.deployment, { client, exec: deps.exec, kubeconfigPath: how.kubeconfigPath });
  }
  await waitForCniReady(
    client,
    {
      daemonSets: resolvedCni.deployment?.daemonSets ?? resolvedCni.existingDaemonSets ?? [],
      coreDns:
        options.coreDns === undefined ? { namespace: 'kube-system', name: 'coredns' } : options.coreDns,
    },
    how.cniReadyMs,
    deps.clock,
  );
}

/** A topology's short name in placement ids: `p2-service-x`. */
function shortTopologyName(topology: TopologyId): string {
  return topology.replace('pod-to-', '').replace('-cross-node', '-x').replace('-via-other-node', '');
}

/** Where and how the run's workloads are created: namespace, images, ports, resources. */
function workloadContext(
  options: KubernetesPlatformOptions,
  namespace: string,
  images: WorkloadImages,
): WorkloadContext {
  return {
    runId: options.runId,
    namespace,
    images,
    ports: { iperf3: 5201, http: 8080, ...options.ports },
    resources: { cpu: '500m', memory: '128Mi', ...options.resources },
  };
}

/** What a Kubernetes platform learns and makes during its run (one record). */
interface KubernetesRunRecord {
  /** Client, kubeconfig, kind cluster and temp dir made or found so far (teardown removes them). */
  readonly made: ClusterHandles;
  namespaceCreated: boolean;
  /** Nodes test pods may go to (after prepare). */
  nodes: SchedulableNode[] | undefined;
  /** Every node's name (placements report which they used). */
  allNodeNames: string[];
  suite: SuiteConfig | undefined;
  /** Placements made so far (their ids). */
  placements: number;
  tornDown: boolean;
}

/** What a platform instance fixes at creation: names, the kind spec, images, the CNI (resolved once). */
interface KubernetesSetup {
  readonly options: KubernetesPlatformOptions;
  readonly deps: KubernetesDeps;
  readonly timeouts: KubernetesTimeouts;
  readonly namespace: string;
  readonly kindName: string | null;
  readonly kindSpec: KindClusterSpec | null;
  readonly images: WorkloadImages;
  readonly cni: () => ResolvedCni;
  /** Kernel counters of the kind nodes, or why there are none (a sentence). */
  readonly counters: NodeCounterSource | string;
}

function setupOf(options: KubernetesPlatformOptions, deps: KubernetesDeps): KubernetesSetup {
  const kindName =
    options.cluster.mode === 'kind' ? (options.cluster.name ?? kindClusterName(options.runId)) : null;
  const kindSpec = kindSpecOf(options);
  const presetContext: PresetContext = {
    podSubnet: kindSpec?.podSubnet ?? DEFAULT_KIND_SPEC.podSubnet,
    apiServer: kindName ? { host: `${kindName}-control-plane`, port: 6443 } : null,
  };
  let resolved: ResolvedCni | undefined;
  return {
    options,
    deps,
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    namespace: runNamespace(options.runId),
    kindName,
    kindSpec,
    images: { ...DEFAULT_IMAGES, ...options.images },
    cni: () => (resolved ??= resolveCni(options.cni, presetContext)),
    counters:
      options.cluster.mode !== 'kind'
        ? EXISTING_CLUSTER_NO_COUNTERS
        : deps.procFiles
          ? kindNodeCounters({ exec: deps.exec, files: deps.procFiles })
          : 'this run has no /proc access for the kind nodes',
  };
}

/**
 * The counter scopes of a plan: the nodes it uses (client, server, NodePort target), named by their
 * index among the schedulable nodes (`node-0`, `node-1`: the same names in two clusters of one
 * shape, as on the lab).
 */
function nodeScopes(plan: TopologyPlan, nodes: readonly SchedulableNode[]): NodeScope[] {
  const used = new Set([
    plan.clientNode.name,
    plan.serverNode.name,
    ...(plan.targetNode ? [plan.targetNode.name] : []),
  ]);
  return nodes.flatMap((node, i) => (used.has(node.name) ? [{ scope: `node-${i}`, node: node.name }] : []));
}

/** A Platform that runs the suite in a kind cluster it creates, or in an existing cluster. */
export function createKubernetesPlatform(
  options: KubernetesPlatformOptions,
  deps: KubernetesDeps,
): KubernetesPlatform {
  const setup = setupOf(options, deps);
  const { namespace, kindSpec, images, cni } = setup;
  const run: KubernetesRunRecord = {
    made: { kubeconfigPath: null },
    namespaceCreated: false,
    nodes: undefined,
    allNodeNames: [],
    suite: undefined,
    placements: 0,
    tornDown: false,
  };
  const requireClient = (): KubeClient => {
    if (!run.made.client) throw new Error('kubernetes platform used before prepare()');
    return run.made.client;
  };
  return {
    kind: 'kubernetes',
    leftoverHint: 'delete the run namespace (and a kind cluster it created) with kubectl / kind',
    subject: (): Subject => subjectOf(options.cni, cni(), kindSpecOf(options)),
    prepare: (suite: SuiteConfig): Promise<void> => prepareCluster(setup, run, suite),
    environment: (): Promise<Omit<Environment, 'fingerprint'>> =>
      clusterEnvironment(requireClient(), run.nodes?.[0]?.name, {
        kindSpec,
        images,
        cni: cni(),
        cluster: options.cluster,
      }),
    supports: (topology: TopologyId): SkipReason => (run.nodes ? planSkipReason(topology, run.nodes) : null),
    place: async (topology: TopologyId): Promise<Placement> =>
      placeOnCluster(setup, run, requireClient(), topology),
    teardown: (): Promise<void> => teardownCluster(setup, run),
    runState: (): KubernetesRunState => runStateOf(namespace, run.made),
    resourceProbe: () => agentResourceReading(requireClient(), cni(), run.suite?.cniAgentSelector),
    cniAgentUsage: (): Promise<CniAgentUsage> => agentUsageOf(requireClient(), cni()),
    cniAgentStats: (selector?: { namespace: string; labels: string }): Promise<CniAgentStats> =>
      agentStatsOf(requireClient(), cni(), selector),
  };
}

/** Connects (creating a kind cluster when asked), deploys the CNI, lists nodes, creates the namespace. */
async function prepareCluster(
  setup: KubernetesSetup,
  run: KubernetesRunRecord,
  suite: SuiteConfig,
): Promise<void> {
  const { options, deps, timeouts } = setup;
  run.suite = suite;
  const resolvedCni = setup.cni(); // bad CNI files fail before anything is created
  const { client, kubeconfigPath } = await connectCluster(
    options,
    deps,
    { kindSpec: setup.kindSpec, kindName: setup.kindName, apiReadyMs: timeouts.apiReadyMs },
    run.made,
  );
  await deployCni(client, resolvedCni, { kubeconfigPath, options, deps, cniReadyMs: timeouts.cniReadyMs });
  const listed = await client.listNodes();
  run.allNodeNames = listed.map((n) => n.metadata?.name ?? '').filter(Boolean);
  run.nodes = schedulableNodes(listed);
  await client.createNamespace(namespaceManifest(workloadContext(options, setup.namespace, setup.images)));
  run.namespaceCreated = true;
}

/** Places a topology's pods on the planned nodes. */
function placeOnCluster(
  setup: KubernetesSetup,
  run: KubernetesRunRecord,
  client: KubeClient,
  topology: TopologyId,
): Placement {
  const { nodes, suite } = run;
  if (!nodes || !suite) throw new Error('kubernetes platform used before prepare()');
  const plan = planTopology(topology, nodes);
  run.placements += 1;
  return new KubernetesPlacement(
    {
      client,
      ctx: workloadContext(setup.options, setup.namespace, setup.images),
      clock: setup.deps.clock,
      nodesSeen: run.allNodeNames,
      serverReadyTimeoutMs: Math.max(suite.serverReadyTimeoutS * 1000, setup.timeouts.podStartSlackMs),
      podStartSlackMs: setup.timeouts.podStartSlackMs,
      responseBytes: suite.http.responseBytes,
      isoNow: setup.deps.isoNow,
      ...countersOf(setup.counters, nodeScopes(plan, nodes)),
    },
    `p${run.placements}-${shortTopologyName(topology)}`,
    plan,
  );
}

/** The placement's counter reading over `scopes`, or why it has none. */
function countersOf(
  source: KubernetesSetup['counters'],
  scopes: readonly NodeScope[],
): { readCounters: () => Promise<CounterReading> } | { countersUnavailable: string } {
  return typeof source === 'string'
    ? { countersUnavailable: source }
    : { readCounters: () => source.read(scopes) };
}

/** Removes the namespace (or the kind cluster it created), then its temp dir; once. */
async function teardownCluster(setup: KubernetesSetup, run: KubernetesRunRecord): Promise<void> {
  if (run.tornDown) return;
  run.tornDown = true;
  const { made } = run;
  const { deps } = setup;
  await cleanupRun(
    {
      client: made.client,
      namespace: run.namespaceCreated || made.client ? setup.namespace : null,
      kind: made.kindHandle,
    },
    {
      exec: deps.exec,
      clock: deps.clock,
      namespaceDeleteMs: setup.timeouts.namespaceDeleteMs,
      log: (line: string) => deps.onLog?.(line),
    },
  );
  // Only after the cluster is gone: the kubeconfig in here is what deletes it.
  if (made.workDir) await rm(made.workDir, { recursive: true, force: true });
}
