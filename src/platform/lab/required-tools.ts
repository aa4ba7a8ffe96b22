import type { TestId } from '../../core/scenarios.js';
import type { LabImpairment } from './impairment.js';

/** Tests whose client is iperf3 (the rest run wrk against nginx). */
const IPERF3_TESTS: readonly TestId[] = ['tcp-stream', 'tcp-stream-parallel', 'udp-stream'];

/**
 * Every program a lab run executes, by name (CNI plugins are resolved separately, by path):
 * the prerequisite check requires all of them, so a run never fails half-way on a missing one.
 * `ip` (namespaces, links, routes; `ip netns exec` runs the rest), `bridge` (VXLAN FDB entries),
 * `sysctl` (forwarding in the
 * nodes), `iptables-restore` (kube-proxy rules), `bash` (TCP readiness probes), `kill`
 * (teardown of processes left in a namespace), `uname` (kernel in the environment), the
 * measuring tools the suite's tests use, and `tc` for a rate impairment.
 */
export function labRequiredTools(tests: readonly TestId[], impairment?: LabImpairment): string[] {
  const needs = ['ip', 'bridge', 'sysctl', 'iptables-restore', 'bash', 'kill', 'uname'];
  if (tests.some((t) => IPERF3_TESTS.includes(t))) needs.push('iperf3');
  if (tests.some((t) => !IPERF3_TESTS.includes(t))) needs.push('wrk', 'nginx');
  if (impairment?.rateBps !== undefined) needs.push('tc');
  return needs;
}

/**
 * The lab's search path: PATH first, then the usual system directories, sbin included. Non-login
 * shells and some CI images leave /usr/sbin and /sbin out of PATH, where ip, sysctl,
 * iptables-restore and nginx live on Debian.
 */
export function labToolPath(pathEnv: string | undefined): string[] {
  const pathDirs = (pathEnv ?? '').split(':').filter((d) => d !== '');
  return [
    ...new Set([...pathDirs, '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']),
  ];
}
