import { resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import type { KubeProxyMode } from '../../core/kube-proxy.js';
import type { PlatformKind } from '../../core/results/types.js';
import {
  CUSTOM_ROUTINGS,
  LAB_MTUS,
  PLATFORM_KINDS,
  datapathsOf,
  defaultDatapaths,
  isCustomRouting,
  isDatapathOf,
  isLabMtu,
  kubernetesKubeProxyConflict,
  type CustomRouting,
  type LabMtu,
  type PlatformDatapath,
  type PlatformRequest,
} from '../../platform/factory.js';
import type { CliIo } from '../command.js';
import { readInputFile } from '../files.js';
import { commaList, integerFlag, type RunValues } from './run-flags.js';

/** `--platform` (default lab); `command` prefixes the error (`run`, `run --paired`). */
export function platformFlag(command: string, value: string | undefined): PlatformKind {
  const platform = value ?? 'lab';
  if (!(PLATFORM_KINDS as readonly string[]).includes(platform)) {
    throw new UserError(
      `${command}: --platform must be one of ${PLATFORM_KINDS.join(', ')} (got ${JSON.stringify(platform)})`,
    );
  }
  return platform as PlatformKind;
}

/** `--routing host-gw|vxlan`, or undefined when not given. */
export function routingFlag(command: string, value: string | undefined): CustomRouting | undefined {
  if (value === undefined) return undefined;
  if (!isCustomRouting(value)) {
    throw new UserError(
      `${command}: --routing must be one of ${CUSTOM_ROUTINGS.join(', ')} (got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/** `--mtu 1500|9000`, or undefined when not given. */
export function mtuFlag(command: string, value: string | undefined): LabMtu | undefined {
  const mtu = integerFlag('--mtu', value);
  if (mtu === undefined) return undefined;
  if (!isLabMtu(mtu)) {
    throw new UserError(`${command}: --mtu must be one of ${LAB_MTUS.join(', ')} (got ${mtu})`);
  }
  return mtu;
}

/** `--datapath a,b` of `platform`: each a datapath of the platform, named once. */
export function datapathsFlag(value: string, platform: PlatformKind): PlatformDatapath[] {
  const valid = datapathsOf(platform).join(', ');
  const names = commaList(value);
  if (names.length === 0) throw new UserError(`run: --datapath needs at least one name; valid: ${valid}`);
  const out: PlatformDatapath[] = [];
  for (const name of names) {
    if (!isDatapathOf(platform, name)) {
      throw new UserError(
        `run: --datapath ${JSON.stringify(name)} is not a ${platform} datapath; valid: ${valid}`,
      );
    }
    if (out.includes(name))
      throw new UserError(`run: --datapath lists ${name} twice; name each datapath once`);
    out.push(name);
  }
  return out;
}

/** A platform request from flags, with the platform and datapaths always set. */
export type FlagPlatformRequest = PlatformRequest & {
  readonly platform: PlatformKind;
  readonly datapaths: readonly PlatformDatapath[];
};

/** Flags the other platform uses: `--routing` etc. on Kubernetes, `--kubeconfig` etc. on the lab. */
function checkPlatformOnlyFlags(values: RunValues, platform: PlatformKind): void {
  const other = platform === 'lab' ? 'kubernetes' : 'lab';
  const foreign =
    platform === 'lab'
      ? (['kubeconfig', 'kind-node-image'] as const)
      : (['routing', 'mtu', 'cni-path'] as const);
  for (const flag of foreign) {
    if (values[flag] !== undefined)
      throw new UserError(`run: --${flag} is only used with --platform ${other}`);
  }
}

/** `--cni-config`, `--routing`, `--kubeconfig` against the datapaths they go with. */
function checkDatapathFlags(values: RunValues, platform: PlatformKind, datapaths: readonly string[]): void {
  const custom = datapaths.includes('custom');
  if (custom && values['cni-config'] === undefined) {
    throw new UserError(
      `run: --datapath custom needs --cni-config FILE (${platform === 'lab' ? 'your conflist' : 'your CNI manifests'})`,
    );
  }
  if (!custom && values['cni-config'] !== undefined) {
    throw new UserError(
      `run: --cni-config ${values['cni-config']} is only used with --datapath custom; add custom to --datapath`,
    );
  }
  if (values.routing !== undefined && !custom) {
    throw new UserError(
      'run: --routing is only used with --datapath custom (the presets have their own routing)',
    );
  }
  if (platform !== 'kubernetes') return;
  if (values.kubeconfig !== undefined && values['kind-node-image'] !== undefined) {
    throw new UserError(
      'run: --kind-node-image is only used when the tool creates a kind cluster (not with --kubeconfig)',
    );
  }
  if (values.kubeconfig !== undefined && datapaths.length > 1) {
    throw new UserError(
      `run: --kubeconfig names one cluster, which runs one CNI; pass one --datapath (got ${datapaths.join(',')})`,
    );
  }
  if (values.kubeconfig === undefined && datapaths.includes('existing')) {
    throw new UserError(
      'run: --datapath existing needs --kubeconfig FILE (the cluster whose CNI to measure)',
    );
  }
}

/**
 * The platforms `run` (without --paired) asks for: `--platform`, `--datapath`, `--cni-config` (read
 * here: the lab needs the conflist's text), `--routing`, `--kubeconfig`, `--mtu`, `--cni-path`,
 * `--kind-node-image`, every value and combination checked (a UserError naming the flag).
 */
export async function platformRequestFromFlags(values: RunValues, io: CliIo): Promise<FlagPlatformRequest> {
  const platform = platformFlag('run', values.platform);
  checkPlatformOnlyFlags(values, platform);
  const kubeconfig = values.kubeconfig === undefined ? undefined : resolve(io.cwd, values.kubeconfig);
  const datapaths =
    values.datapath === undefined
      ? defaultDatapaths({ platform, kubeconfig })
      : datapathsFlag(values.datapath, platform);
  checkDatapathFlags(values, platform, datapaths);
  const routing = routingFlag('run', values.routing);
  const mtu = mtuFlag('run', values.mtu);
  const cniPath = values['cni-config'];
  const cniConfig =
    cniPath === undefined
      ? undefined
      : {
          source: cniPath,
          path: resolve(io.cwd, cniPath),
          // The lab needs the conflist's text; Kubernetes applies the path (file or directory).
          ...(platform === 'lab' ? { text: await readInputFile(cniPath, io.cwd, 'CNI config') } : {}),
        };
  return {
    platform,
    datapaths,
    ...(cniConfig ? { cniConfig } : {}),
    ...(routing !== undefined ? { routing } : {}),
    ...(kubeconfig !== undefined ? { kubeconfig } : {}),
    ...(mtu !== undefined ? { mtu } : {}),
    ...(values['cni-path'] !== undefined ? { cniPath: values['cni-path'] } : {}),
    ...(values['kind-node-image'] !== undefined ? { kindNodeImage: values['kind-node-image'] } : {}),
  };
}

/**
 * The kube-proxy modes of `run` (from --kube-proxy or the suite's kubeProxy) against a Kubernetes
 * request: an existing cluster keeps its own kube-proxy, ebpf is the cilium-kpr preset, and
 * cilium-kpr runs only with ebpf. The lab runs every mode with every datapath.
 */
export function checkKubeProxyFlags(
  values: RunValues,
  request: FlagPlatformRequest,
  modes: readonly KubeProxyMode[] | undefined,
): void {
  if (request.platform !== 'kubernetes' || modes === undefined) return;
  const fromFlag = values['kube-proxy'] !== undefined;
  const given = fromFlag
    ? `--kube-proxy ${modes.join(',')}`
    : `kubeProxy ${modes.join(', ')} (suite ${values.suite ?? 'profile'})`;
  for (const datapath of request.datapaths) {
    const conflict = kubernetesKubeProxyConflict(datapath, modes, request.kubeconfig !== undefined);
    if (!conflict) continue;
    switch (conflict.kind) {
      case 'existing-cluster':
        throw new UserError(
          `run: ${given}: an existing cluster (--kubeconfig) keeps its own kube-proxy; ${fromFlag ? 'leave --kube-proxy out' : 'remove kubeProxy from the suite'}`,
        );
      case 'ebpf-needs-cilium-kpr':
        throw new UserError(
          `run: ${given}: ebpf on Kubernetes is Cilium's kube-proxy replacement: use --datapath cilium-kpr (got ${conflict.datapath})`,
        );
      case 'cilium-kpr-needs-ebpf':
        throw new UserError(
          `run: --datapath cilium-kpr replaces kube-proxy with eBPF: it runs only with --kube-proxy ebpf (got ${given})`,
        );
    }
  }
}
