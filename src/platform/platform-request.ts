import type { KubeProxyMode } from '../core/kube-proxy.js';
import type { PlatformKind } from '../core/results/types.js';
import { CNI_PRESETS, type CniPreset, type KubernetesDeps } from './kubernetes/index.js';
import { LAB_DATAPATHS, type LabDatapath, type LabDeps } from './lab/index.js';

/** Platforms the factory builds. */
export const PLATFORM_KINDS: readonly PlatformKind[] = ['lab', 'kubernetes'];

/** The lab datapaths `run` compares when none are named (the README's default comparison). */
export const DEFAULT_DATAPATHS: readonly LabDatapath[] = ['host', 'bridge-hostgw', 'bridge-vxlan'];

/** Routing modes of the lab's `custom` datapath. */
export const CUSTOM_ROUTINGS = ['host-gw', 'vxlan'] as const;
/** How pod traffic of the lab's `custom` datapath crosses nodes. */
export type CustomRouting = (typeof CUSTOM_ROUTINGS)[number];

/** Underlay MTUs the lab supports. */
export const LAB_MTUS = [1500, 9000] as const;
/** One lab underlay MTU. */
export type LabMtu = (typeof LAB_MTUS)[number];

/** A Kubernetes "datapath": a CNI preset, `custom` (the user's manifests) or `existing` (the CNI a given cluster runs). */
export type KubernetesDatapath = CniPreset | 'custom' | 'existing';

/**
 * Kubernetes "datapaths": a CNI preset deployed by the tool, `custom` (the user's CNI manifests),
 * or `existing` (the CNI an existing cluster already runs).
 */
export const KUBERNETES_DATAPATHS: readonly KubernetesDatapath[] = [...CNI_PRESETS, 'custom', 'existing'];

/** A datapath of either platform. */
export type PlatformDatapath = LabDatapath | KubernetesDatapath;

/** The datapaths a platform accepts, in the order help texts list them. */
export function datapathsOf(platform: PlatformKind): readonly PlatformDatapath[] {
  return platform === 'lab' ? LAB_DATAPATHS : KUBERNETES_DATAPATHS;
}

/** True when `name` is a datapath of `platform`. */
export function isDatapathOf(platform: PlatformKind, name: string): name is PlatformDatapath {
  return (datapathsOf(platform) as readonly string[]).includes(name);
}

/** True when `name` is a routing mode of the lab's `custom` datapath. */
export function isCustomRouting(name: string): name is CustomRouting {
  return (CUSTOM_ROUTINGS as readonly string[]).includes(name);
}

/** True when `mtu` is a lab underlay MTU. */
export function isLabMtu(mtu: number): mtu is LabMtu {
  return (LAB_MTUS as readonly number[]).includes(mtu);
}

/**
 * Why a kube-proxy mode cannot run with a Kubernetes datapath: an existing cluster keeps its own
 * kube-proxy; `ebpf` is Cilium's kube-proxy replacement, i.e. the `cilium-kpr` preset; and
 * `cilium-kpr` runs without kube-proxy, so only with `ebpf`.
 */
export type KubernetesKubeProxyConflict =
  | { readonly kind: 'existing-cluster' }
  | { readonly kind: 'ebpf-needs-cilium-kpr'; readonly datapath: string }
  | { readonly kind: 'cilium-kpr-needs-ebpf'; readonly mode: KubeProxyMode };

/**
 * The one rule for kube-proxy modes on Kubernetes (entry points word it for their users, the
 * factory asserts it): undefined when `modes` can run with `datapath`. The default (iptables
 * alone) fits every datapath and cluster.
 */
export function kubernetesKubeProxyConflict(
  datapath: string,
  modes: readonly KubeProxyMode[],
  existingCluster: boolean,
): KubernetesKubeProxyConflict | undefined {
  if (modes.length === 1 && modes[0] === 'iptables') return undefined;
  if (existingCluster) return { kind: 'existing-cluster' };
  for (const mode of modes) {
    if (mode === 'ebpf' && datapath !== 'cilium-kpr') return { kind: 'ebpf-needs-cilium-kpr', datapath };
    if (mode !== 'ebpf' && datapath === 'cilium-kpr') return { kind: 'cilium-kpr-needs-ebpf', mode };
  }
  return undefined;
}

/** The user's CNI configuration: the lab reads its text (a conflist); Kubernetes applies the path (manifests). */
export interface CniConfigInput {
  /** The path as the user wrote it (for messages). */
  readonly source: string;
  /** Absolute path (Kubernetes `custom` applies it; defaults to `source`). */
  readonly path?: string;
  /** The file's text (lab `custom` needs it). */
  readonly text?: string;
}

/**
 * What to build, in domain terms. The CLI's flags and the Action's inputs are checked by their
 * entry points (cli/commands/run-flags.ts…, action/inputs/) and mapped onto it; the factory only
 * asserts what they guarantee.
 */
export interface PlatformRequest {
  /** Default `lab`. */
  readonly platform?: PlatformKind;
  /** One platform per datapath of the platform, each once, in this order (the interleaving order). Default: {@link defaultDatapaths}. */
  readonly datapaths?: readonly PlatformDatapath[];
  /** The conflist of lab `custom` (with its text), the manifests of Kubernetes `custom`; only with `custom`. */
  readonly cniConfig?: CniConfigInput;
  /** Cross-node routing of lab `custom` (default host-gw); only with `custom`. */
  readonly routing?: CustomRouting;
  /** Absolute path of a kubeconfig: use that cluster instead of creating a kind cluster (Kubernetes, one datapath). */
  readonly kubeconfig?: string;
  /** Lab underlay MTU (default 1500). */
  readonly mtu?: LabMtu;
  /** Kubernetes: the kind node image (default: the pinned KIND_NODE_IMAGE, Kubernetes 1.32). */
  readonly kindNodeImage?: string;
  /** Lab CNI plugin directories (default CNI_PATH, else /usr/lib/cni:/opt/cni/bin). */
  readonly cniPath?: string;
  /** Dummy kube-proxy services preloaded in the lab. */
  readonly dummyServices?: number;
  /**
   * kube-proxy modes, each once (default `[iptables]`): the lab builds one platform per datapath
   * and mode (datapath-major order); on Kubernetes a mode sets the kind cluster's kube-proxy
   * (`ebpf` is Cilium's kube-proxy replacement, the `cilium-kpr` preset: {@link kubernetesKubeProxyConflict}).
   */
  readonly kubeProxy?: readonly KubeProxyMode[];
  /** Aborts platform work in flight (SIGINT/SIGTERM); teardown still cleans up. */
  readonly signal?: AbortSignal;
  /** Told the run id of each platform (lab resources `cpg-<runId>-…`, Kubernetes namespace `cpg-<runId>`). */
  readonly onRunId?: (datapath: string, runId: string) => void;
  /** Informational lines from the platforms. */
  readonly onLog?: (line: string) => void;
  /** Side effects of the lab (default: the real ones). */
  readonly labDeps?: LabDeps;
  /** Side effects of the Kubernetes platform (default: the real ones). */
  readonly kubernetesDeps?: KubernetesDeps;
  /** Random source for run ids (default Math.random). */
  readonly random?: () => number;
}

/** The datapaths used when the request names none. */
export function defaultDatapaths(
  request: Pick<PlatformRequest, 'platform' | 'kubeconfig'>,
): readonly PlatformDatapath[] {
  if ((request.platform ?? 'lab') === 'lab') return DEFAULT_DATAPATHS;
  return request.kubeconfig !== undefined ? ['existing'] : ['flannel-vxlan'];
}
