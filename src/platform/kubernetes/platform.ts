import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { V1Node } from '@kubernetes/client-node';
import { errorMessage } from '../../core/errors.js';
import type { Environment, Subject } from '../../core/results/types.js';
import type { TopologyId } from '../../core/scenarios.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import type { Placement, Platform, SkipReason } from '../platform.js';
import type { KubeClient } from './api/kube-client.js';
import type { CniAgentUsage } from './cni/agent-usage.js';
import { agentResourceReading, agentStatsOf, agentUsageOf } from './cni/agent-probe.js';
import { cniDatapath, type CniSpec } from './cni/cni-spec.js';
import { installCni, resolveCni, type ResolvedCni } from './cni/deploy-cni.js';
import { presetKubeProxyMode, type PresetContext } from './cni/presets.js';
import { waitForCniReady } from './cni/readiness.js';
import type { KubernetesDeps } from './deps.js';
import { KubernetesError } from './errors.js';
import { findOrInstallKind } from './kind/kind-binary.js';
import { createKindCluster, kindClusterName, type KindClusterHandle } from './kind/kind-cluster.js';
import { DEFAULT_KIND_SPEC, renderKindConfig, type KindClusterSpec } from './kind/kind-config.js';
import { resolveKubeconfigPath } from './kubeconfig.js';
import { DEFAULT_TIMEOUTS, type KubernetesPlatformOptions, type KubernetesTimeouts } from './options.js';
import type { KubernetesRunState } from './run-state.js';
import { cleanupRun } from './teardown.js';
import { DEFAULT_IMAGES } from './versions.js';
import { runNamespace } from './workloads/labels.js';
import { namespaceManifest, type WorkloadContext, type WorkloadImages } from './workloads/manifests.js';
import type { CniAgentStats } from './cni/agent-stats.js';
import { KubernetesPlacement } from './workloads/placement.js';
import { planSkipReason, planTopology, type SchedulableNode } from './workloads/topology-plan.js';

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

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** What the platform changes: the CNI, from its spec and its resolved files. */
function subjectOf(spec: CniSpec, resolvedCni: ResolvedCni, kindSpec: KindClusterSpec | null): Subject {
  return {
    platform: 'kubernetes',
    datapath: cniDatapath(spec),
    // A cluster this run creates has a known kube-proxy; Cilium's replacement (cilium-kpr) is `ebpf`.
    ...(kindSpec
      ? {
          kubeProxy:
            kindSpec.kubeProxyMode === 'none' && spec.kind === 'preset' && spec.preset === 'cilium-kpr'
              ? 'ebpf'
              : kindSpec.kubeProxyMode,
        }
      : {}),
    cni: {
      name: resolvedCni.info.name,
      version: resolvedCni.info.version,
      mode: resolvedCni.info.mode,
      source: spec.kind,
      ...(spec.kind === 'manifests' ? { path: spec.path } : {}),
      ...(spec.kind === 'helm' ? { chart: spec.chart, valuesFile: spec.valuesFile ?? null } : {}),
    },
    configHash: sha256(resolvedCni.configText),
  };
}

/** The kind cluster the options ask for (kube-proxy mode from the CNI preset unless given), or null. */
function kindSpecOf(options: KubernetesPlatformOptions): KindClusterSpec | null {
  if (options.cluster.mode !== 'kind') return null;
  return {
    ...DEFAULT_KIND_SPEC,
    ...(options.cni.kind === 'preset' && presetKubeProxyMode(options.cni.preset)
      ? { kubeProxyMode: presetKubeProxyMode(options.cni.preset) ?? 'none' }
      : {}),
    ...options.cluster.spec,
  };
}

/** Waits until a new kind cluster's API server answers; Timeout after `timeoutMs`. */
async function waitForApi(
  c: KubeClient,
  deps: KubernetesDeps,
  timeoutMs: number,
  kindName: string | null,
): Promise<void> {
  const deadline = deps.clock.now() + timeoutMs;
  for (;;) {
    try {
      await c.serverVersion();
      return;
    } catch (error) {
      if (deps.clock.now() >= deadline) {
        throw new KubernetesError(
          'Timeout',
          `API server of kind cluster ${kindName} not reachable after ${Math.round(timeoutMs / 1000)}s: ${errorMessage(error)}`,
        );
      }
      await deps.clock.sleep(deps.clock.intervalMs);
    }
  }
}

/** What a run has made or found so far: teardown removes it, the post step gets it. */
interface ClusterHandles {
  client?: KubeClient;
  kubeconfigPath: string | null;
  kindHandle?: KindClusterHandle;
  workDir?: string;
}

/**
 * Connects to a cluster to run in: a kind cluster created now (in a temp dir), or the existing one
 * of a kubeconfig. Records each handle in `made` as soon as it exists, so that a failure halfway
 * is still torn down.
 */
async function connectCluster(
  options: KubernetesPlatformOptions,
  deps: KubernetesDeps,
  kind: {
    readonly kindSpec: KindClusterSpec | null;
    readonly kindName: string | null;
    readonly apiReadyMs: number;
  },
  made: ClusterHandles,
): Promise<{ client: KubeClient; kubeconfigPath: string }> {
  const { kindSpec, kindName } = kind;
  if (options.cluster.mode === 'kind' && kindSpec && kindName) {
    const dir = await deps.makeTempDir();
    made.workDir = dir;
    const configPath = join(dir, 'kind-config.yaml');
    await writeFile(configPath, renderKindConfig(kindSpec));
    const kindBinary = await findOrInstallKind({
      exec: deps.exec,
      downloader: deps.downloader,
      installDir: deps.toolDir,
      platform: deps.platform,
    });
    const kindHandle: KindClusterHandle = {
      name: kindName,
      kind: kindBinary,
      kubeconfigPath: join(dir, 'kubeconfig'),
    };
    made.kindHandle = kindHandle;
    made.kubeconfigPath = kindHandle.kubeconfigPath;
    deps.onLog?.(
      `creating kind cluster ${kindName} (${kindSpec.workers} workers, kube-proxy ${kindSpec.kubeProxyMode})`,
    );
    await createKindCluster(deps.exec, kindHandle, configPath);
    made.client = deps.makeClient(deps.loadKubeconfig(kindHandle.kubeconfigPath));
    await waitForApi(made.client, deps, kind.apiReadyMs, kindName);
    return { client: made.client, kubeconfigPath: kindHandle.kubeconfigPath };
  }
  const explicit = options.cluster.mode === 'existing' ? options.cluster.kubeconfigPath : undefined;
  const kubeconfigPath = resolveKubeconfigPath(explicit, deps.env, deps.homeDir);
  made.kubeconfigPath = kubeconfigPath;
  made.client = deps.makeClient(deps.loadKubeconfig(kubeconfigPath));
  await made.client.serverVersion();
  return { client: made.client, kubeconfigPath };
}

/**
 * The cluster's environment: kernel, CPUs and OS image of the reference node (the first
 * schedulable one), versions, node count, kube-proxy mode and CNI.
 */
async function clusterEnvironment(
  c: KubeClient,
  referenceNode: string | undefined,
  facts: {
    readonly kindSpec: KindClusterSpec | null;
    readonly images: WorkloadImages;
    readonly cni: ResolvedCni;
    readonly cluster: KubernetesPlatformOptions['cluster'];
  },
): Promise<Omit<Environment, 'fingerprint'>> {
  const { kindSpec, images, cni } = facts;
  const version = await c.serverVersion();
  const listed = await c.listNodes();
  const reference = listed.find((n) => n.metadata?.name === referenceNode) ?? listed[0];
  const info = reference?.status?.nodeInfo;
  const cpus = Number.parseInt(String(reference?.status?.capacity?.cpu ?? '0'), 10);
  const cpuModel =
    Object.entries(reference?.metadata?.labels ?? {}).find(([k]) => k === 'cni-perf-gate/cpu-model')?.[1] ??
    'unknown';
  return {
    kernel: info?.kernelVersion ?? 'unknown',
    cpuModel,
    cpus: Number.isFinite(cpus) ? cpus : 0,
    // Pod MTU depends on the CNI and is not visible through the API: 0 = not measured.
    mtu: 0,
    tools: {
      iperf3: images.iperf3,
      wrk: images.wrk,
      http: images.http,
      ...(images.wrk2 ? { wrk2: images.wrk2 } : {}),
    },
    kubernetes: {
      version,
      nodeImage: kindSpec?.nodeImage ?? info?.osImage ?? null,
      nodes: listed.length,
      kubeProxyMode:
        kindSpec?.kubeProxyMode ??
        (facts.cluster.mode === 'existing' ? (facts.cluster.kubeProxyMode ?? null) : null),
      cni: { name: cni.info.name, version: cni.info.version },
      // The workload images (wrk, iperf3) run as this architecture's variant.
      ...(info?.architecture ? { architecture: info.architecture } : {}),
    },
  };
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

/** What exists now that teardown would remove (the Action's post step gets it). */
function runStateOf(namespace: string, made: ClusterHandles): KubernetesRunState {
  const kind = made.kindHandle;
  return {
    namespace,
    kubeconfigPath: made.kubeconfigPath,
    ...(kind
      ? { kindCluster: { name: kind.name, kind: kind.kind, kubeconfigPath: kind.kubeconfigPath } }
      : {}),
  };
}

/** A Platform that runs the suite in a kind cluster it creates, or in an existing cluster. */
export function createKubernetesPlatform(
  options: KubernetesPlatformOptions,
  deps: KubernetesDeps,
): KubernetesPlatform {
  const timeouts: KubernetesTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const namespace = runNamespace(options.runId);
  const kindName =
    options.cluster.mode === 'kind' ? (options.cluster.name ?? kindClusterName(options.runId)) : null;
  const kindSpec = kindSpecOf(options);
  const images = { ...DEFAULT_IMAGES, ...options.images };
  const presetContext: PresetContext = {
    podSubnet: kindSpec?.podSubnet ?? DEFAULT_KIND_SPEC.podSubnet,
    apiServer: kindName ? { host: `${kindName}-control-plane`, port: 6443 } : null,
  };

  let resolved: ResolvedCni | undefined;
  const cni = (): ResolvedCni => (resolved ??= resolveCni(options.cni, presetContext));

  const made: ClusterHandles = { kubeconfigPath: null };
  let namespaceCreated = false;
  let nodes: SchedulableNode[] | undefined;
  let allNodeNames: string[] = [];
  let suiteConfig: SuiteConfig | undefined;
  let placements = 0;
  let tornDown = false;

  const log = (line: string) => deps.onLog?.(line);
  const context = (): WorkloadContext => workloadContext(options, namespace, images);

  const requireClient = (): KubeClient => {
    if (!made.client) throw new Error('kubernetes platform used before prepare()');
    return made.client;
  };

  return {
    kind: 'kubernetes',
    leftoverHint: 'delete the run namespace (and a kind cluster it created) with kubectl / kind',

    subject: (): Subject => subjectOf(options.cni, cni(), kindSpecOf(options)),

    async prepare(suite: SuiteConfig): Promise<void> {
      suiteConfig = suite;
      const resolvedCni = cni(); // bad CNI files fail before anything is created
      const { client, kubeconfigPath } = await connectCluster(
        options,
        deps,
        { kindSpec, kindName, apiReadyMs: timeouts.apiReadyMs },
        made,
      );
      await deployCni(client, resolvedCni, {
        kubeconfigPath,
        options,
        deps,
        cniReadyMs: timeouts.cniReadyMs,
      });
      const listed = await client.listNodes();
      allNodeNames = listed.map((n) => n.metadata?.name ?? '').filter(Boolean);
      nodes = schedulableNodes(listed);
      await client.createNamespace(namespaceManifest(context()));
      namespaceCreated = true;
    },

    environment: (): Promise<Omit<Environment, 'fingerprint'>> =>
      clusterEnvironment(requireClient(), nodes?.[0]?.name, {
        kindSpec,
        images,
        cni: cni(),
        cluster: options.cluster,
      }),

    supports(topology: TopologyId): SkipReason {
      return nodes ? planSkipReason(topology, nodes) : null;
    },

    async place(topology: TopologyId): Promise<Placement> {
      const c = requireClient();
      if (!nodes || !suiteConfig) throw new Error('kubernetes platform used before prepare()');
      const plan = planTopology(topology, nodes);
      placements += 1;
      return new KubernetesPlacement(
        {
          client: c,
          ctx: context(),
          clock: deps.clock,
          nodesSeen: allNodeNames,
          serverReadyTimeoutMs: Math.max(suiteConfig.serverReadyTimeoutS * 1000, timeouts.podStartSlackMs),
          podStartSlackMs: timeouts.podStartSlackMs,
          responseBytes: suiteConfig.http.responseBytes,
          isoNow: deps.isoNow,
        },
        `p${placements}-${shortTopologyName(topology)}`,
        plan,
      );
    },

    async teardown(): Promise<void> {
      if (tornDown) return;
      tornDown = true;
      await cleanupRun(
        {
          client: made.client,
          namespace: namespaceCreated || made.client ? namespace : null,
          kind: made.kindHandle,
        },
        { exec: deps.exec, clock: deps.clock, namespaceDeleteMs: timeouts.namespaceDeleteMs, log },
      );
      // Only after the cluster is gone: the kubeconfig in here is what deletes it.
      if (made.workDir) await rm(made.workDir, { recursive: true, force: true });
    },

    runState: (): KubernetesRunState => runStateOf(namespace, made),
    resourceProbe: () => agentResourceReading(requireClient(), cni(), suiteConfig?.cniAgentSelector),

    cniAgentUsage: (): Promise<CniAgentUsage> => agentUsageOf(requireClient(), cni()),

    cniAgentStats: (selector?: { namespace: string; labels: string }): Promise<CniAgentStats> =>
      agentStatsOf(requireClient(), cni(), selector),
  };
}
