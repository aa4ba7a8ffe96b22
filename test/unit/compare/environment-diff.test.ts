import { describe, expect, it } from 'vitest';
import { diffEnvironments } from '../../../src/core/compare/environment-diff.js';
import { makeEnvironment } from '../../helpers/results-factory.js';

const cluster = {
  version: 'v1.30.0',
  nodeImage: 'kindest/node:v1.30.0',
  nodes: 3,
  kubeProxyMode: 'iptables',
  cni: { name: 'flannel', version: '0.25.0' },
};

describe('diffEnvironments', () => {
  it('finds nothing for equal environments', () => {
    expect(diffEnvironments(makeEnvironment(), makeEnvironment())).toEqual([]);
  });

  it('compares scalar fields and each tool', () => {
    const diff = diffEnvironments(
      makeEnvironment(),
      makeEnvironment({ cpus: 4, mtu: 9000, cpuModel: 'Other', tools: { iperf3: '3.12', wrk2: '4.0.0' } }),
    );
    expect(diff).toEqual([
      { field: 'cpuModel', base: 'Test CPU @ 2.0GHz', head: 'Other' },
      { field: 'cpus', base: '2', head: '4' },
      { field: 'mtu', base: '1500', head: '9000' },
      { field: 'tools.wrk', base: '4.1.0', head: 'null' },
      { field: 'tools.wrk2', base: 'null', head: '4.0.0' },
    ]);
  });

  it('compares Kubernetes facts field by field, and lab vs cluster as one field', () => {
    const a = makeEnvironment({ kubernetes: cluster });
    const b = makeEnvironment({
      kubernetes: { ...cluster, kubeProxyMode: 'none', cni: { name: 'flannel', version: '0.26.0' } },
    });
    expect(diffEnvironments(a, b)).toEqual([
      { field: 'kubernetes.kubeProxyMode', base: 'iptables', head: 'none' },
    ]);
    expect(diffEnvironments(makeEnvironment(), a)).toEqual([
      { field: 'kubernetes', base: 'null', head: 'v1.30.0' },
    ]);
  });

  it('treats the CNI (and the kube-proxy mode when the subjects differ in it) as the subject, not the environment', () => {
    const a = makeEnvironment({ kubernetes: cluster });
    const b = makeEnvironment({
      kubernetes: { ...cluster, kubeProxyMode: 'none', cni: { name: 'cilium', version: '1.17.4' } },
      fingerprint: 'sha256:' + 'e'.repeat(64),
    });
    // A PR that bumps or swaps the CNI: its name and version are what is under test.
    expect(diffEnvironments(a, { ...b, kubernetes: { ...cluster, cni: b.kubernetes!.cni } })).toEqual([]);
    expect(diffEnvironments(a, b, { kubeProxy: true })).toEqual([]);
    expect(diffEnvironments(a, b)).toEqual([
      { field: 'kubernetes.kubeProxyMode', base: 'iptables', head: 'none' },
    ]);
  });

  it('names a change of node architecture (the workload images run another variant)', () => {
    const a = makeEnvironment({ kubernetes: { ...cluster, architecture: 'amd64' } });
    const b = makeEnvironment({ kubernetes: { ...cluster, architecture: 'arm64' } });
    expect(diffEnvironments(a, b)).toEqual([
      { field: 'kubernetes.architecture', base: 'amd64', head: 'arm64' },
    ]);
  });

  it('reports a fingerprint mismatch when every field matches', () => {
    const a = makeEnvironment();
    const b = { ...a, fingerprint: 'sha256:' + 'f'.repeat(64) };
    expect(diffEnvironments(a, b)).toEqual([
      { field: 'fingerprint', base: a.fingerprint, head: b.fingerprint },
    ]);
  });
});
