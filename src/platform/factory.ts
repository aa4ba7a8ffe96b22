import { createNodeExec } from '../adapters/node-exec.js';
import { isKubeProxyMode, subjectLabel, type KubeProxyMode } from '../core/kube-proxy.js';
import {
  createKubernetesPlatform,
  createNodeKubernetesDeps,
  isCniPreset,
  type CniSpec,
} from './kubernetes/index.js';
import { createLabPlatform, createNodeLabDeps, makeRunId, type LabDatapath } from './lab/index.js';
import type { Platform } from './platform.js';
import {
  PLATFORM_KINDS,
  defaultDatapaths,
  isCustomRouting,
  isDatapathOf,
  isLabMtu,
  kubernetesKubeProxyConflict,
  type PlatformDatapath,
  type PlatformRequest,
} from './platform-request.js';

export {
  CUSTOM_ROUTINGS,
  DEFAULT_DATAPATHS,
  KUBERNETES_DATAPATHS,
  LAB_MTUS,
  PLATFORM_KINDS,
  datapathsOf,
  defaultDatapaths,
  isCustomRouting,
  isDatapathOf,
  isLabMtu,
  kubernetesKubeProxyConflict,
  type CniConfigInput,
  type CustomRouting,
  type KubernetesDatapath,
  type KubernetesKubeProxyConflict,
  type LabMtu,
  type PlatformDatapath,
  type PlatformRequest,
} from './platform-request.js';

/**
 * Asserts an invariant of a platform request. The entry points check their users' flags and
 * inputs and word the errors in their terms; a request that still breaks one is a bug in the code
 * that built it, so this is an internal error in domain words, not a UserError.
 */
function expectRequest(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`internal: platform request: ${what}`);
}

/** Builds the platforms of a request (nothing is created until `prepare`); asserts the request's invariants. */
export function createPlatforms(request: PlatformRequest): Platform[] {
  const kind = request.platform ?? 'lab';
  expectRequest(PLATFORM_KINDS.includes(kind), `platform must be lab or kubernetes (got ${String(kind)})`);
  const datapaths = request.datapaths ?? defaultDatapaths(request);
  expectRequest(datapaths.length > 0, 'at least one datapath');
  for (const [i, datapath] of datapaths.entries()) {
    expectRequest(isDatapathOf(kind, datapath), `"${datapath}" is not a ${kind} datapath`);
    expectRequest(datapaths.indexOf(datapath) === i, `datapath ${datapath} is listed twice`);
  }
  const custom = datapaths.includes('custom');
  expectRequest(
    custom === (request.cniConfig !== undefined),
    'a CNI configuration exactly when datapath custom is asked for',
  );
  const modes = request.kubeProxy ?? ['iptables'];
  expectRequest(modes.length > 0, 'at least one kube-proxy mode');
  for (const [i, mode] of modes.entries()) {
    expectRequest(isKubeProxyMode(mode), `"${String(mode)}" is not a kube-proxy mode`);
    expectRequest(modes.indexOf(mode) === i, `kube-proxy mode ${mode} is listed twice`);
  }
  const random = request.random ?? Math.random;
  return kind === 'lab'
    ? createLabPlatforms(request, datapaths as readonly LabDatapath[], modes, random)
    : createKubernetesPlatforms(request, datapaths, modes, random);
}

/** The names `run` gives the results of a request: one per datapath and kube-proxy mode, in order. */
export function contenderLabels(datapaths: readonly string[], kubeProxy?: readonly string[]): string[] {
  const modes = kubeProxy ?? ['iptables'];
  return datapaths.flatMap((datapath) => modes.map((mode) => subjectLabel({ datapath, kubeProxy: mode })));
}

function createLabPlatforms(
  request: PlatformRequest,
  datapaths: readonly LabDatapath[],
  modes: readonly KubeProxyMode[],
  random: () => number,
): Platform[] {
  const custom = datapaths.includes('custom');
  expectRequest(request.routing === undefined || custom, 'a custom routing only with lab datapath custom');
  expectRequest(
    request.routing === undefined || isCustomRouting(request.routing),
    'lab custom routing must be host-gw or vxlan',
  );
  const mtu = request.mtu ?? 1500;
  expectRequest(isLabMtu(mtu), 'lab underlay MTU must be 1500 or 9000');
  expectRequest(
    request.kubeconfig === undefined && request.kindNodeImage === undefined,
    'no kubeconfig or kind node image on the lab',
  );
  const cniConfig = request.cniConfig;
  expectRequest(!cniConfig || cniConfig.text !== undefined, "the lab needs the conflist's text");
  const routing = request.routing ?? 'host-gw';
  const deps = request.labDeps ?? createNodeLabDeps();
  return datapaths.flatMap((datapath) =>
    modes.map((kubeProxy) => {
      const runId = makeRunId(random);
      request.onRunId?.(subjectLabel({ datapath, kubeProxy }), runId);
      return createLabPlatform(
        {
          datapath,
          kubeProxy,
          runId,
          mtu,
          ...(request.cniPath !== undefined ? { cniPath: request.cniPath } : {}),
          ...(request.signal ? { signal: request.signal } : {}),
          dummyServices: request.dummyServices ?? 0,
          ...(datapath === 'custom' && cniConfig
            ? { conflist: cniConfig.text, conflistSource: cniConfig.source, routing }
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
  mode: KubeProxyMode,
  modes: readonly KubeProxyMode[],
): 'iptables' | 'nftables' | undefined {
  const isDefault = modes.length === 1 && mode === 'iptables';
  return isDefault || mode === 'ebpf' ? undefined : mode;
}

function createKubernetesPlatforms(
  request: PlatformRequest,
  datapaths: readonly PlatformDatapath[],
  modes: readonly KubeProxyMode[],
  random: () => number,
): Platform[] {
  expectRequest(
    request.routing === undefined && request.mtu === undefined && request.cniPath === undefined,
    'no custom routing, underlay MTU or CNI plugin path on Kubernetes (they are lab settings)',
  );
  const existing = request.kubeconfig !== undefined;
  expectRequest(
    !existing || request.kindNodeImage === undefined,
    'no kind node image for an existing cluster',
  );
  expectRequest(!existing || datapaths.length === 1, 'an existing cluster runs one CNI: one datapath');
  expectRequest(existing || !datapaths.includes('existing'), 'datapath existing needs a kubeconfig');
  for (const datapath of datapaths) {
    const conflict = kubernetesKubeProxyConflict(datapath, modes, existing);
    expectRequest(
      conflict === undefined,
      `kube-proxy modes ${modes.join(',')} cannot run with ${datapath} (${conflict?.kind ?? ''})`,
    );
  }
  const deps =
    request.kubernetesDeps ??
    createNodeKubernetesDeps(createNodeExec(), request.onLog ? { onLog: request.onLog } : {});
  return datapaths.flatMap((datapath) =>
    modes.map((mode) => {
      const kubeProxyMode = kindKubeProxy(mode, modes);
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
