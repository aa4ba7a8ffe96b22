import { createHash } from 'node:crypto';
import type { Environment, Subject } from '../../core/results/types.js';
import type { KubeClient } from './api/kube-client.js';
import { cniDatapath, type CniSpec } from './cni/cni-spec.js';
import type { ResolvedCni } from './cni/deploy-cni.js';
import { presetKubeProxyMode } from './cni/presets.js';
import { DEFAULT_KIND_SPEC, type KindClusterSpec } from './kind/kind-config.js';
import type { KubernetesPlatformOptions } from './options.js';
import type { WorkloadImages } from './workloads/manifests.js';

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** What the platform changes: the CNI, from its spec and its resolved files. */
export function subjectOf(
  spec: CniSpec,
  resolvedCni: ResolvedCni,
  kindSpec: KindClusterSpec | null,
): Subject {
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
export function kindSpecOf(options: KubernetesPlatformOptions): KindClusterSpec | null {
  if (options.cluster.mode !== 'kind') return null;
  return {
    ...DEFAULT_KIND_SPEC,
    ...(options.cni.kind === 'preset' && presetKubeProxyMode(options.cni.preset)
      ? { kubeProxyMode: presetKubeProxyMode(options.cni.preset) ?? 'none' }
      : {}),
    ...options.cluster.spec,
  };
}

/**
 * The cluster's environment: kernel, CPUs and OS image of the reference node (the first
 * schedulable one), versions, node count, kube-proxy mode and CNI.
 */
export async function clusterEnvironment(
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
