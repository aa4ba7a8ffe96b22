import { createNodeExec } from '../adapters/node-exec.js';
import { UserError } from '../core/errors.js';
import { KUBE_PROXY_MODES, isKubeProxyMode, subjectLabel, type KubeProxyMode } from '../core/kube-proxy.js';
import type { PlatformKind } from '../core/results/types.js';
import {
  CNI_PRESETS,
  createKubernetesPlatform,
  createNodeKubernetesDeps,
  isCniPreset,
  type CniSpec,
  type KubernetesDeps,
} from './kubernetes/index.js';
import {
  createLabPlatform,
  createNodeLabDeps,
  LAB_DATAPATHS,
  makeRunId,
  type LabDatapath,
  type LabDeps,
} from './lab/index.js';
import type { Platform } from './platform.js';

/** Platforms `--platform` accepts. */
export const PLATFORM_KINDS: readonly PlatformKind[] = ['lab', 'kubernetes'];

/** The lab datapaths `run` compares when `--datapath` is not given (the README's default comparison). */
export const DEFAULT_DATAPATHS: readonly string[] = ['host', 'bridge-hostgw', 'bridge-vxlan'];

/** Routing modes of the lab's `custom` datapath. */
export const CUSTOM_ROUTINGS = ['host-gw', 'vxlan'] as const;

/** Underlay MTUs the lab supports. */
export const LAB_MTUS = [1500, 9000] as const;

/**
 * Kubernetes "datapaths": a CNI preset deployed by the tool, `custom` (the manifests named by
 * --cni-config), or `existing` (the CNI a --kubeconfig cluster already runs).
 */
export const KUBERNETES_DATAPATHS: readonly string[] = [...CNI_PRESETS, 'custom', 'existing'];

/** The user's CNI configuration: the lab reads its text (a conflist); Kubernetes applies the path (manifests). */
export interface CniConfigInput {
  /** The path as the user wrote it (for messages). */
  readonly source: string;
  /** Absolute path (Kubernetes `custom` applies it; defaults to `source`). */
  readonly path?: string;
  /** The file's text (lab `custom` needs it). */
  readonly text?: string;
}

/** What to build, in CLI terms (the CLI's flags and the Action's inputs both map onto it). */
export interface PlatformRequest {
  /** Default `lab`. */
  readonly platform?: PlatformKind;
  /** One platform per datapath, in this order (the interleaving order). Default: {@link defaultDatapaths}. */
  readonly datapaths?: readonly string[];
  /** `--cni-config`: the conflist of lab `custom`, the manifests of kubernetes `custom`. */
  readonly cniConfig?: CniConfigInput;
  /** Cross-node routing of lab `custom`: `host-gw` (default) or `vxlan`. */
  readonly routing?: string;
  /** Absolute path of a kubeconfig: use that cluster instead of creating a kind cluster. */
  readonly kubeconfig?: string;
  /** Lab underlay MTU, 1500 (default) or 9000. */
  readonly mtu?: number;
  /** Kubernetes: the kind node image (default: the pinned KIND_NODE_IMAGE, Kubernetes 1.32). */
  readonly kindNodeImage?: string;
  /** Lab CNI plugin directories (`--cni-path`; default CNI_PATH, else /usr/lib/cni:/opt/cni/bin). */
  readonly cniPath?: string;
  /** Dummy kube-proxy services preloaded in the lab. */
  readonly dummyServices?: number;
  /**
   * kube-proxy modes (default `[iptables]`): the lab builds one platform per datapath and mode
   * (datapath-major order); on Kubernetes a mode sets the kind cluster's kube-proxy (`ebpf` is
   * Cilium's kube-proxy replacement: `--datapath cilium-kpr`).
   */
  readonly kubeProxy?: readonly string[];
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

/**
 * How an entry point names a request's fields in its messages: the CLI by its flags
 * (`--mtu`), everything else in domain words (the default). The factory validates once and words
 * each problem with these names, so no caller's user meets another caller's vocabulary.
 */
export interface RequestFieldNames {
  readonly platform: string;
  readonly datapath: string;
  readonly cniConfig: string;
  readonly routing: string;
  readonly kubeconfig: string;
  readonly mtu: string;
  readonly kindNodeImage: string;
  readonly cniPath: string;
  readonly kubeProxy: string;
}

/** Domain words for the request's fields (the default names). */
export const DOMAIN_FIELD_NAMES: RequestFieldNames = {
  platform: 'platform',
  datapath: 'datapath',
  cniConfig: 'CNI config',
  routing: 'routing',
  kubeconfig: 'kubeconfig',
  mtu: 'lab underlay MTU',
  kindNodeImage: 'kind node image',
  cniPath: 'CNI plugin path',
  kubeProxy: 'kube-proxy mode',
};

/** The datapaths used when the request names none. */
export function defaultDatapaths(
  request: Pick<PlatformRequest, 'platform' | 'kubeconfig'>,
): readonly string[] {
  if ((request.platform ?? 'lab') === 'lab') return DEFAULT_DATAPATHS;
  return request.kubeconfig !== undefined ? ['existing'] : ['flannel-vxlan'];
}

/**
 * Validates a request and builds its platforms (nothing is created until `prepare`).
 * Every problem is one UserError naming the field (as `names` call it) and the valid values.
 */
export function createPlatforms(
  request: PlatformRequest,
  names: RequestFieldNames = DOMAIN_FIELD_NAMES,
): Platform[] {
  const n = names;
  const kind = request.platform ?? 'lab';
  if (!PLATFORM_KINDS.includes(kind)) {
    throw new UserError(
      `${n.platform} must be one of ${PLATFORM_KINDS.join(', ')} (got ${JSON.stringify(kind)})`,
    );
  }
  const datapaths = request.datapaths ?? defaultDatapaths(request);
  const valid = kind === 'lab' ? (LAB_DATAPATHS as readonly string[]) : KUBERNETES_DATAPATHS;
  if (datapaths.length === 0)
    throw new UserError(`${n.datapath} needs at least one name; valid: ${valid.join(', ')}`);
  const seen = new Set<string>();
  for (const datapath of datapaths) {
    if (!valid.includes(datapath)) {
      throw new UserError(
        `${n.datapath} ${JSON.stringify(datapath)} is not a ${kind} datapath; valid: ${valid.join(', ')}`,
      );
    }
    if (seen.has(datapath))
      throw new UserError(`${n.datapath} lists ${datapath} twice; name each datapath once`);
    seen.add(datapath);
  }
  const custom = datapaths.includes('custom');
  if (custom && !request.cniConfig) {
    throw new UserError(
      `${n.datapath} custom needs ${n.cniConfig} (${kind === 'lab' ? 'your conflist' : 'your CNI manifests'})`,
    );
  }
  if (!custom && request.cniConfig) {
    throw new UserError(
      `${n.cniConfig} ${request.cniConfig.source} is only used with ${n.datapath} custom; add custom to ${n.datapath}`,
    );
  }
  const modes = kubeProxyModes(request.kubeProxy, n);
  const random = request.random ?? Math.random;
  return kind === 'lab'
    ? createLabPlatforms(request, datapaths, modes, random, n)
    : createKubernetesPlatforms(request, datapaths, modes, random, n);
}

/** The validated kube-proxy modes of a request (default iptables). */
function kubeProxyModes(modes: readonly string[] | undefined, n: RequestFieldNames): KubeProxyMode[] {
  const list = modes ?? ['iptables'];
  if (list.length === 0)
    throw new UserError(`${n.kubeProxy} needs at least one mode; valid: ${KUBE_PROXY_MODES.join(', ')}`);
  const out: KubeProxyMode[] = [];
  for (const mode of list) {
    if (!isKubeProxyMode(mode)) {
      throw new UserError(
        `${n.kubeProxy} ${JSON.stringify(mode)} is not a kube-proxy mode; valid: ${KUBE_PROXY_MODES.join(', ')}`,
      );
    }
    if (out.includes(mode)) throw new UserError(`${n.kubeProxy} lists ${mode} twice; name each mode once`);
    out.push(mode);
  }
  return out;
}

/** The names `run` gives the results of a request: one per datapath and kube-proxy mode, in order. */
export function contenderLabels(datapaths: readonly string[], kubeProxy?: readonly string[]): string[] {
  const modes = kubeProxy ?? ['iptables'];
  return datapaths.flatMap((datapath) => modes.map((mode) => subjectLabel({ datapath, kubeProxy: mode })));
}

function createLabPlatforms(
  request: PlatformRequest,
  datapaths: readonly string[],
  modes: readonly KubeProxyMode[],
  random: () => number,
  n: RequestFieldNames,
): Platform[] {
  if (request.routing !== undefined && !datapaths.includes('custom')) {
    throw new UserError(
      `${n.routing} is only used with ${n.datapath} custom (the presets have their own routing)`,
    );
  }
  if (request.kindNodeImage !== undefined) {
    throw new UserError(`${n.kindNodeImage} is only used with ${n.platform} kubernetes`);
  }
  const routing = request.routing ?? 'host-gw';
  if (!(CUSTOM_ROUTINGS as readonly string[]).includes(routing)) {
    throw new UserError(
      `${n.routing} must be one of ${CUSTOM_ROUTINGS.join(', ')} (got ${JSON.stringify(routing)})`,
    );
  }
  const mtu = request.mtu ?? 1500;
  if (!(LAB_MTUS as readonly number[]).includes(mtu)) {
    throw new UserError(`${n.mtu} must be one of ${LAB_MTUS.join(', ')} (got ${String(request.mtu)})`);
  }
  if (request.kubeconfig !== undefined) {
    throw new UserError(`${n.kubeconfig} is only used with ${n.platform} kubernetes`);
  }
  const cniConfig = request.cniConfig;
  if (cniConfig && cniConfig.text === undefined) {
    throw new UserError(
      `${n.cniConfig} ${cniConfig.source}: the lab needs the conflist's text (a file, not a directory)`,
    );
  }
  const deps = request.labDeps ?? createNodeLabDeps();
  return datapaths.flatMap((datapath) =>
    modes.map((kubeProxy) => {
      const runId = makeRunId(random);
      request.onRunId?.(subjectLabel({ datapath, kubeProxy }), runId);
      return createLabPlatform(
        {
          datapath: datapath as LabDatapath,
          kubeProxy,
          runId,
          mtu: mtu as (typeof LAB_MTUS)[number],
          ...(request.cniPath !== undefined ? { cniPath: request.cniPath } : {}),
          ...(request.signal ? { signal: request.signal } : {}),
          dummyServices: request.dummyServices ?? 0,
          ...(datapath === 'custom' && cniConfig
            ? {
                conflist: cniConfig.text,
                conflistSource: cniConfig.source,
                routing: routing as (typeof CUSTOM_ROUTINGS)[number],
              }
            : {}),
        },
        deps,
      );
    }),
  );
}

/**
 * The kind cluster's kube-proxy for a mode on Kubernetes: iptables/nftables set kind's
 * kubeProxyMode; ebpf is Cilium's kube-proxy replacement, i.e. the cilium-kpr preset (which runs
 * without kube-proxy). The default (iptables alone) leaves every preset as it is.
 */
function kindKubeProxy(
  datapath: string,
  mode: KubeProxyMode,
  modes: readonly KubeProxyMode[],
  existing: boolean,
  n: RequestFieldNames,
): 'iptables' | 'nftables' | undefined {
  const isDefault = modes.length === 1 && mode === 'iptables';
  if (isDefault) return undefined;
  if (existing) {
    throw new UserError(
      `${n.kubeProxy} ${modes.join(',')}: an existing cluster (${n.kubeconfig}) keeps its own kube-proxy; leave ${n.kubeProxy} out`,
    );
  }
  if (mode === 'ebpf') {
    if (datapath !== 'cilium-kpr') {
      throw new UserError(
        `${n.kubeProxy} ebpf on Kubernetes is Cilium's kube-proxy replacement: use ${n.datapath} cilium-kpr (got ${datapath})`,
      );
    }
    return undefined;
  }
  if (datapath === 'cilium-kpr') {
    throw new UserError(
      `${n.datapath} cilium-kpr replaces kube-proxy with eBPF: it runs only with ${n.kubeProxy} ebpf (got ${mode})`,
    );
  }
  return mode;
}

function createKubernetesPlatforms(
  request: PlatformRequest,
  datapaths: readonly string[],
  modes: readonly KubeProxyMode[],
  random: () => number,
  n: RequestFieldNames,
): Platform[] {
  for (const [flag, given] of [
    [n.routing, request.routing !== undefined],
    [n.mtu, request.mtu !== undefined],
    [n.cniPath, request.cniPath !== undefined],
  ] as const) {
    if (given) throw new UserError(`${flag} is only used with ${n.platform} lab`);
  }
  if (request.kubeconfig !== undefined && request.kindNodeImage !== undefined) {
    throw new UserError(
      `${n.kindNodeImage} is only used when the tool creates a kind cluster (not with ${n.kubeconfig})`,
    );
  }
  if (request.kubeconfig !== undefined && datapaths.length > 1) {
    throw new UserError(
      `${n.kubeconfig} names one cluster, which runs one CNI; pass one ${n.datapath} (got ${datapaths.join(',')})`,
    );
  }
  if (request.kubeconfig === undefined && datapaths.includes('existing')) {
    throw new UserError(`${n.datapath} existing needs ${n.kubeconfig} (the cluster whose CNI to measure)`);
  }
  const deps =
    request.kubernetesDeps ??
    createNodeKubernetesDeps(createNodeExec(), request.onLog ? { onLog: request.onLog } : {});
  return datapaths.flatMap((datapath) =>
    modes.map((mode) => {
      const kubeProxyMode = kindKubeProxy(datapath, mode, modes, request.kubeconfig !== undefined, n);
      const runId = makeRunId(random);
      request.onRunId?.(subjectLabel({ datapath, kubeProxy: mode }), runId);
      const cni: CniSpec = isCniPreset(datapath)
        ? { kind: 'preset', preset: datapath }
        : datapath === 'custom' && request.cniConfig
          ? { kind: 'manifests', path: request.cniConfig.path ?? request.cniConfig.source }
          : { kind: 'existing' };
      return createKubernetesPlatform(
        {
          runId,
          cluster:
            request.kubeconfig !== undefined
              ? { mode: 'existing', kubeconfigPath: request.kubeconfig }
              : {
                  mode: 'kind',
                  ...(kubeProxyMode || request.kindNodeImage
                    ? {
                        spec: {
                          ...(kubeProxyMode ? { kubeProxyMode } : {}),
                          ...(request.kindNodeImage ? { nodeImage: request.kindNodeImage } : {}),
                        },
                      }
                    : {}),
                },
          cni,
        },
        deps,
      );
    }),
  );
}
