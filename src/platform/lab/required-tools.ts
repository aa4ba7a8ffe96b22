import type { TestId } from '../../core/scenarios.js';
import type { LabImpairment } from './impairment.js';
import type { KubeProxyMode } from '../../core/kube-proxy.js';

/** The eBPF and kube-proxy choices of a run that add programs to the list. */
export interface LabToolChoices {
  readonly kubeProxy?: KubeProxyMode;
  /** The datapath is ebpf-hostrouting. */
  readonly hostRouting?: boolean;
}

/** Tests whose client is iperf3 (the rest run wrk against nginx). */
const IPERF3_TESTS: readonly TestId[] = ['tcp-stream', 'tcp-stream-parallel', 'udp-stream'];

/**
 * Every program a lab run executes, by name (CNI plugins are resolved separately, by path):
 * the prerequisite check requires all of them, so a run never fails half-way on a missing one.
 * `ip` (namespaces, links, routes; `ip netns exec` runs the rest), `bridge` (VXLAN FDB entries),
 * `sysctl` (forwarding in the
 * nodes), `iptables-restore` (kube-proxy rules), `bash` (TCP readiness probes), `kill`
 * (teardown of processes left in a namespace), `uname` (kernel in the environment), the
 * measuring tools the suite's tests use, and `tc` for a rate impairment. kube-proxy nftables
 * needs `nft` instead of iptables-restore; the eBPF pieces need `bpftool` (load, pin, attach to
 * cgroups, map updates), `tc` and `nsenter` (attach to devices in a node's network namespace with
 * the pins visible), `mount`/`umount` (a bpffs or cgroup2 of the run's own), `rmdir` (the run's
 * cgroup).
 */
export function labRequiredTools(
  tests: readonly TestId[],
  impairment?: LabImpairment,
  choices: LabToolChoices = {},
): string[] {
  const kubeProxy = choices.kubeProxy ?? 'iptables';
  const needs = [
    'ip',
    'bridge',
    'sysctl',
    kubeProxy === 'nftables' ? 'nft' : 'iptables-restore',
    'bash',
    'kill',
    'uname',
  ];
  if (tests.some((t) => IPERF3_TESTS.includes(t))) needs.push('iperf3');
  if (tests.some((t) => !IPERF3_TESTS.includes(t))) needs.push('wrk', 'nginx');
  if (impairment?.rateBps !== undefined || choices.hostRouting) needs.push('tc');
  if (choices.hostRouting || kubeProxy === 'ebpf') needs.push('bpftool', 'nsenter', 'mount', 'umount');
  if (kubeProxy === 'ebpf') needs.push('rmdir');
  return needs;
}
