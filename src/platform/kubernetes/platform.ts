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
import { readCniAgentUsage, type CniAgentUsage } from './cni/agent-usage.js';
import { cniDatapath, type CniSpec, type DaemonSetRef } from './cni/cni-spec.js';
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
import { namespaceManifest, type WorkloadContext } from './workloads/manifests.js';
import { KubernetesPlacement } from './workloads/placement.js';
import { planSkipReason, planTopology, type SchedulableNode } from './workloads/topology-plan.js';

/** The Kubernetes platform, plus what the Action must save for its post step. */
export interface KubernetesPlatform extends Platform {
  /** What exists now that teardown would remove (save it for the post step). */
  runState(): KubernetesRunState;
  /** CPU/memory of the CNI agent pods per node (metrics.k8s.io), or why it is unavailable. */
  cniAgentUsage(): Promise<CniAgentUsage>;
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

/** A Platform that runs the suite in a kind cluster it creates, or in an existing cluster. */
export function createKubernetesPlatform(
  options: KubernetesPlatformOptions,
  deps: KubernetesDeps,
): KubernetesPlatform {
  const timeouts: KubernetesTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const namespace = runNamespace(options.runId);
  const kindName =
    options.cluster.mode === 'kind' ? (options.cluster.name ?? kindClusterName(options.runId)) : null;
  const kindSpec: KindClusterSpec | null =
    options.cluster.mode === 'kind'
      ? {
          ...DEFAULT_KIND_SPEC,
          ...(options.cni.kind === 'preset' && presetKubeProxyMode(options.cni.preset)
            ? { kubeProxyMode: presetKubeProxyMode(options.cni.preset) ?? 'none' }
            : {}),
          ...options.cluster.spec,
        }
      : null;
  const images = { ...DEFAULT_IMAGES, ...options.images };
  const presetContext: PresetContext = {
    podSubnet: kindSpec?.podSubnet ?? DEFAULT_KIND_SPEC.podSubnet,
    apiServer: kindName ? { host: `${kindName}-control-plane`, port: 6443 } : null,
  };

  let resolved: ResolvedCni | undefined;
  const cni = (): ResolvedCni => (resolved ??= resolveCni(options.cni, presetContext));

  let client: KubeClient | undefined;
  let kubeconfigPath: string | null = null;
  let kindHandle: KindClusterHandle | undefined;
  let workDir: string | undefined;
  let namespaceCreated = false;
  let nodes: SchedulableNode[] | undefined;
  let allNodeNames: string[] = [];
  let suiteConfig: SuiteConfig | undefined;
  let placements = 0;
  let tornDown = false;

  const log = (line: string) => deps.onLog?.(line);

  const waitForApi = async (c: KubeClient): Promise<void> => {
    const deadline = deps.clock.now() + timeouts.apiReadyMs;
    for (;;) {
      try {
        await c.serverVersion();
        return;
      } catch (error) {
        if (deps.clock.now() >= deadline) {
          throw new KubernetesError(
            'Timeout',
            `API server of kind cluster ${kindName} not reachable after ${Math.round(timeouts.apiReadyMs / 1000)}s: ${errorMessage(error)}`,
          );
        }
        await deps.clock.sleep(deps.clock.intervalMs);
      }
    }
  };

  const state = (): KubernetesRunState => ({
    namespace,
    kubeconfigPath,
    ...(kindHandle
      ? {
          kindCluster: {
            name: kindHandle.name,
            kind: kindHandle.kind,
            kubeconfigPath: kindHandle.kubeconfigPath,
          },
        }
      : {}),
  });

  const requireClient = (): KubeClient => {
    if (!client) throw new Error('kubernetes platform used before prepare()');
    return client;
  };

  return {
    kind: 'kubernetes',
    leftoverHint: 'delete the run namespace (and a kind cluster it created) with kubectl / kind',

    subject(): Subject {
      const resolvedCni = cni();
      const spec: CniSpec = options.cni;
      return {
        platform: 'kubernetes',
        datapath: cniDatapath(spec),
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
    },

    async prepare(suite: SuiteConfig): Promise<void> {
      suiteConfig = suite;
      const resolvedCni = cni(); // bad CNI files fail before anything is created
      if (options.cluster.mode === 'kind' && kindSpec && kindName) {
        const dir = await deps.makeTempDir();
        workDir = dir;
        const configPath = join(dir, 'kind-config.yaml');
        await writeFile(configPath, renderKindConfig(kindSpec));
        const kind = await findOrInstallKind({
          exec: deps.exec,
          downloader: deps.downloader,
          installDir: deps.toolDir,
          platform: deps.platform,
        });
        kindHandle = { name: kindName, kind, kubeconfigPath: join(dir, 'kubeconfig') };
        kubeconfigPath = kindHandle.kubeconfigPath;
        log(
          `creating kind cluster ${kindName} (${kindSpec.workers} workers, kube-proxy ${kindSpec.kubeProxyMode})`,
        );
        await createKindCluster(deps.exec, kindHandle, configPath);
        client = deps.makeClient(deps.loadKubeconfig(kindHandle.kubeconfigPath));
        await waitForApi(client);
      } else {
        const explicit = options.cluster.mode === 'existing' ? options.cluster.kubeconfigPath : undefined;
        kubeconfigPath = resolveKubeconfigPath(explicit, deps.env, deps.homeDir);
        client = deps.makeClient(deps.loadKubeconfig(kubeconfigPath));
        await client.serverVersion();
      }
      if (resolvedCni.deployment) {
        log(
          `deploying CNI ${resolvedCni.info.name} ${resolvedCni.info.version ?? ''} (${resolvedCni.info.mode})`,
        );
        await installCni(resolvedCni.deployment, { client, exec: deps.exec, kubeconfigPath });
      }
      await waitForCniReady(
        client,
        {
          daemonSets: resolvedCni.deployment?.daemonSets ?? resolvedCni.existingDaemonSets ?? [],
          coreDns:
            options.coreDns === undefined ? { namespace: 'kube-system', name: 'coredns' } : options.coreDns,
        },
        timeouts.cniReadyMs,
        deps.clock,
      );
      const listed = await client.listNodes();
      allNodeNames = listed.map((n) => n.metadata?.name ?? '').filter(Boolean);
      nodes = schedulableNodes(listed);
      await client.createNamespace(namespaceManifest(context()));
      namespaceCreated = true;
    },

    async environment(): Promise<Omit<Environment, 'fingerprint'>> {
      const c = requireClient();
      const version = await c.serverVersion();
      const listed = await c.listNodes();
      const reference = listed.find((n) => n.metadata?.name === nodes?.[0]?.name) ?? listed[0];
      const info = reference?.status?.nodeInfo;
      const cpus = Number.parseInt(String(reference?.status?.capacity?.cpu ?? '0'), 10);
      const cpuModel =
        Object.entries(reference?.metadata?.labels ?? {}).find(
          ([k]) => k === 'cni-perf-gate/cpu-model',
        )?.[1] ?? 'unknown';
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
            (options.cluster.mode === 'existing' ? (options.cluster.kubeProxyMode ?? null) : null),
          cni: { name: cni().info.name, version: cni().info.version },
          // The workload images (wrk, iperf3) run as this architecture's variant.
          ...(info?.architecture ? { architecture: info.architecture } : {}),
        },
      };
    },

    supports(topology: TopologyId): SkipReason {
      return nodes ? planSkipReason(topology, nodes) : null;
    },

    async place(topology: TopologyId): Promise<Placement> {
      const c = requireClient();
      if (!nodes || !suiteConfig) throw new Error('kubernetes platform used before prepare()');
      const plan = planTopology(topology, nodes);
      placements += 1;
      const short = topology
        .replace('pod-to-', '')
        .replace('-cross-node', '-x')
        .replace('-via-other-node', '');
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
        `p${placements}-${short}`,
        plan,
      );
    },

    async teardown(): Promise<void> {
      if (tornDown) return;
      tornDown = true;
      await cleanupRun(
        {
          client,
          namespace: namespaceCreated || client ? namespace : null,
          kind: kindHandle,
        },
        { exec: deps.exec, clock: deps.clock, namespaceDeleteMs: timeouts.namespaceDeleteMs, log },
      );
      // Only after the cluster is gone: the kubeconfig in here is what deletes it.
      if (workDir) await rm(workDir, { recursive: true, force: true });
    },

    runState: state,

    async cniAgentUsage(): Promise<CniAgentUsage> {
      const c = requireClient();
      const resolvedCni = cni();
      const targets = resolvedCni.deployment?.daemonSets ?? resolvedCni.existingDaemonSets ?? [];
      let refs: readonly DaemonSetRef[];
      if ('namespace' in targets) {
        const ns = targets.namespace;
        refs = (await c.listDaemonSets(ns)).map((d) => ({ namespace: ns, name: d.metadata?.name ?? '' }));
      } else refs = targets;
      if (refs.length === 0) return { available: false, reason: 'no CNI DaemonSet known' };
      return readCniAgentUsage(c, refs);
    },
  };

  function context(): WorkloadContext {
    return {
      runId: options.runId,
      namespace,
      images,
      ports: { iperf3: 5201, http: 8080, ...options.ports },
      resources: { cpu: '500m', memory: '128Mi', ...options.resources },
    };
  }
}
