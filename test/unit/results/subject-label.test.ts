import { describe, expect, it } from 'vitest';
import { subjectLabel } from '../../../src/core/kube-proxy.js';

describe('subjectLabel', () => {
  it('keeps the datapath for the default iptables service path and appends any other mode', () => {
    expect(subjectLabel({ datapath: 'ptp-hostgw' })).toBe('ptp-hostgw');
    expect(subjectLabel({ datapath: 'ptp-hostgw', kubeProxy: 'iptables' })).toBe('ptp-hostgw');
    expect(subjectLabel({ datapath: 'ptp-hostgw', kubeProxy: 'nftables' })).toBe('ptp-hostgw+nftables');
    expect(subjectLabel({ datapath: 'cilium-kpr', kubeProxy: 'ebpf' })).toBe('cilium-kpr+ebpf');
  });
});
