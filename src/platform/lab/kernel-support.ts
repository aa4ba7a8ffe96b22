import type { TopologyId } from '../../core/scenarios.js';
import type { SkipReason } from '../platform.js';
import { labNames } from './address-plan.js';
import { HOSTROUTING_NEEDS, SOCKLB_NEEDS, missingBpfFeature } from './bpf/kernel-features.js';
import type { LabDeps } from './deps.js';
import { detectIpvlan } from './ipvlan-probe.js';
import type { ResolvedLabOptions } from './run-options.js';
import type { KubeProxyMode } from './service-proxy.js';

const UNDERLAY_POD_SKIP =
  "pods on the underlay (macvlan/ipvlan) bypass their node's network stack, so kube-proxy's iptables rules in the node never see their ClusterIP traffic";

const HOSTROUTING_NETFILTER_SKIP =
  "BPF host routing hands a pod's packets to the peer pod or the underlay before the node's netfilter sees them, so a netfilter kube-proxy (iptables/nftables) can neither DNAT the ClusterIP nor undo it on the reply (Cilium enables BPF host routing only with its kube-proxy replacement): use --kube-proxy ebpf";

/** Null when the kernel has what the run's eBPF pieces need, else the one-line reason per piece. */
async function probeBpf(
  deps: LabDeps,
  run: { readonly hostRouting: boolean; readonly kubeProxy: KubeProxyMode },
): Promise<{ datapath: string | null; proxy: string | null }> {
  const probe = await deps.exec.run('bpftool', ['-j', 'feature', 'probe', 'kernel'], { timeoutMs: 30_000 });
  const json = probe.exitCode === 0 ? probe.stdout : '';
  const datapath = run.hostRouting ? missingBpfFeature(json, HOSTROUTING_NEEDS) : null;
  let proxyReason = run.kubeProxy === 'ebpf' ? missingBpfFeature(json, SOCKLB_NEEDS) : null;
  if (run.kubeProxy === 'ebpf' && proxyReason === null) {
    const filesystems = await deps.readFile('/proc/filesystems').catch(() => '');
    if (!/\scgroup2$/m.test(filesystems))
      proxyReason = 'the kernel has no cgroup2 file system (cgroup BPF needs it)';
  }
  return {
    datapath: datapath && `ebpf-hostrouting is not supported by this kernel (${datapath})`,
    proxy: proxyReason && `kube-proxy ebpf is not supported by this kernel (${proxyReason})`,
  };
}

/**
 * What this kernel cannot do for the run: `unsupported` = the datapath at all (ipvlan, BPF host
 * routing), `proxyUnsupported` = the eBPF kube-proxy (service topologies then skip).
 */
export async function probeKernel(
  deps: LabDeps,
  o: ResolvedLabOptions,
): Promise<{ unsupported: string | null; proxyUnsupported: string | null }> {
  if (o.datapath === 'ipvlan') {
    const probe = await detectIpvlan(deps, labNames.probe(o.runId));
    if (probe !== null) {
      return { unsupported: `ipvlan is not supported by this kernel (${probe})`, proxyUnsupported: null };
    }
  }
  const usesHostRouting = o.datapath === 'ebpf-hostrouting';
  if (!usesHostRouting && o.kubeProxy !== 'ebpf') return { unsupported: null, proxyUnsupported: null };
  const missing = await probeBpf(deps, { hostRouting: usesHostRouting, kubeProxy: o.kubeProxy });
  return { unsupported: missing.datapath, proxyUnsupported: missing.proxy };
}

/** Why a topology cannot run on this datapath and kube-proxy mode (beyond the kernel), or null. */
export function labSkipReason(
  topology: TopologyId,
  o: ResolvedLabOptions,
  proxyUnsupported: string | null,
): SkipReason {
  const service = topology === 'pod-to-service-cross-node' || topology === 'nodeport-via-other-node';
  if (topology === 'pod-to-service-cross-node' && (o.datapath === 'macvlan' || o.datapath === 'ipvlan'))
    return UNDERLAY_POD_SKIP;
  if (service && proxyUnsupported) return proxyUnsupported;
  if (topology === 'pod-to-service-cross-node' && o.datapath === 'ebpf-hostrouting' && o.kubeProxy !== 'ebpf')
    return HOSTROUTING_NETFILTER_SKIP;
  return null;
}
