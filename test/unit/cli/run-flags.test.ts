import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunCommand } from '../../../src/cli/commands/run.js';
import { UserError } from '../../../src/core/errors.js';
import type { PlatformRequest } from '../../../src/platform/factory.js';
import { memoryIo } from '../../helpers/memory-io.js';

const dir = mkdtempSync(join(tmpdir(), 'cpg-run-flags-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(existsSync(dir)).toBe(false);
});
writeFileSync(join(dir, 'c.conflist'), '{"cniVersion":"1.0.0","name":"x","plugins":[{"type":"bridge"}]}');
writeFileSync(join(dir, 'ebpf.yaml'), 'kubeProxy: ebpf\n');
writeFileSync(join(dir, 'two-modes.yaml'), 'kubeProxy: [iptables, ebpf]\n');

/** A run command whose platforms record their request and stop the run there. */
function recording() {
  const requests: PlatformRequest[] = [];
  const stop = new Error('stop: the request reached the factory');
  const command = createRunCommand({
    createPlatforms: (request) => {
      requests.push(request);
      throw stop;
    },
    now: () => 0,
  });
  return { requests, stop, command };
}

/** The UserError `run` gives for `argv`, checked to reach no platform and to name flags only. */
async function flagError(argv: string[]): Promise<string> {
  const { requests, command } = recording();
  const error = await command.run(argv, memoryIo(dir)).catch((e: unknown) => e);
  expect(requests).toEqual([]);
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message).not.toMatch(/input '|internal/);
  return message;
}

describe('run flags: every check before the platform factory, naming the flag', () => {
  it.each([
    [
      ['--datapath', 'bridge'],
      'run: --datapath "bridge" is not a lab datapath; valid: host, bridge-hostgw, bridge-vxlan, ptp-hostgw, ebpf-hostrouting, macvlan, ipvlan, custom',
    ],
    [
      ['--platform', 'kubernetes', '--datapath', 'bridge-vxlan'],
      'run: --datapath "bridge-vxlan" is not a kubernetes datapath',
    ],
    [['--datapath', ','], 'run: --datapath needs at least one name'],
    [['--datapath', 'host,host'], 'run: --datapath lists host twice'],
    [['--datapath', 'custom'], 'run: --datapath custom needs --cni-config FILE (your conflist)'],
    [['--datapath', 'host', '--cni-config', 'c.conflist'], 'is only used with --datapath custom'],
    [['--datapath', 'host', '--routing', 'vxlan'], 'run: --routing is only used with --datapath custom'],
    [
      ['--datapath', 'custom', '--cni-config', 'c.conflist', '--routing', 'bgp'],
      'run: --routing must be one of host-gw, vxlan (got "bgp")',
    ],
    [['--datapath', 'host', '--mtu', '1400'], 'run: --mtu must be one of 1500, 9000 (got 1400)'],
    [['--mtu', 'big'], 'run: --mtu must be a whole number'],
    [['--kubeconfig', 'k'], 'run: --kubeconfig is only used with --platform kubernetes'],
    [['--kind-node-image', 'i'], 'run: --kind-node-image is only used with --platform kubernetes'],
    [['--platform', 'docker'], 'run: --platform must be one of lab, kubernetes'],
    [['--platform', 'kubernetes', '--mtu', '9000'], 'run: --mtu is only used with --platform lab'],
    [['--platform', 'kubernetes', '--cni-path', '/x'], 'run: --cni-path is only used with --platform lab'],
    [
      ['--platform', 'kubernetes', '--datapath', 'existing'],
      'run: --datapath existing needs --kubeconfig FILE',
    ],
    [
      ['--platform', 'kubernetes', '--datapath', 'flannel-vxlan,calico-ipip', '--kubeconfig', 'k'],
      'pass one --datapath (got flannel-vxlan,calico-ipip)',
    ],
    [
      ['--platform', 'kubernetes', '--kubeconfig', 'k', '--kind-node-image', 'i'],
      'run: --kind-node-image is only used when the tool creates a kind cluster (not with --kubeconfig)',
    ],
    [['--kube-proxy', 'ipvs'], '--kube-proxy[0] must be one of iptables, nftables, ebpf'],
    [
      ['--platform', 'kubernetes', '--datapath', 'flannel-vxlan', '--kube-proxy', 'ebpf'],
      "run: --kube-proxy ebpf: ebpf on Kubernetes is Cilium's kube-proxy replacement: use --datapath cilium-kpr (got flannel-vxlan)",
    ],
    [
      ['--platform', 'kubernetes', '--datapath', 'flannel-vxlan', '--suite', 'ebpf.yaml'],
      "run: kubeProxy ebpf (suite ebpf.yaml): ebpf on Kubernetes is Cilium's kube-proxy replacement: use --datapath cilium-kpr",
    ],
    [
      ['--platform', 'kubernetes', '--datapath', 'cilium-kpr', '--kube-proxy', 'nftables'],
      'run: --datapath cilium-kpr replaces kube-proxy with eBPF: it runs only with --kube-proxy ebpf (got --kube-proxy nftables)',
    ],
    [
      ['--platform', 'kubernetes', '--datapath', 'existing', '--kubeconfig', 'k', '--kube-proxy', 'nftables'],
      'run: --kube-proxy nftables: an existing cluster (--kubeconfig) keeps its own kube-proxy; leave --kube-proxy out',
    ],
  ])('run %j', async (argv, message) => {
    expect(await flagError(argv)).toContain(message);
  });

  it.each([
    [
      ['--paired', 'c.conflist', 'c.conflist', '--routing', 'bgp'],
      'run --paired: --routing must be one of host-gw, vxlan (got "bgp")',
    ],
    [
      ['--paired', 'host', 'bridge-hostgw', '--mtu', '1400'],
      'run --paired: --mtu must be one of 1500, 9000 (got 1400)',
    ],
    [
      ['--paired', 'host', 'bridge-hostgw', '--suite', 'two-modes.yaml'],
      'run --paired compares two subjects, but the suite lists kube-proxy modes iptables, ebpf',
    ],
    [
      ['--paired', '--platform', 'kubernetes', 'flannel-vxlan+ebpf', 'calico-vxlan'],
      "run --paired: flannel-vxlan with kube-proxy ebpf: on Kubernetes ebpf is Cilium's kube-proxy replacement, the preset cilium-kpr",
    ],
    [
      ['--paired', '--platform', 'kubernetes', 'cilium-kpr+nftables', 'calico-vxlan'],
      'run --paired: cilium-kpr replaces kube-proxy with eBPF: it runs only with kube-proxy ebpf (got nftables)',
    ],
  ])('run %j', async (argv, message) => {
    expect(await flagError(argv)).toContain(message);
  });

  it('hands valid flags to the factory as a typed domain request', async () => {
    const { requests, stop, command } = recording();
    const run = (argv: string[]) => command.run([...argv, '--out', join(dir, 'out')], memoryIo(dir));
    await expect(
      run(['--datapath', 'custom,host', '--cni-config', 'c.conflist', '--routing', 'vxlan', '--mtu', '9000']),
    ).rejects.toBe(stop);
    expect(requests[0]).toMatchObject({
      platform: 'lab',
      datapaths: ['custom', 'host'],
      routing: 'vxlan',
      mtu: 9000,
      kubeProxy: ['iptables'],
      cniConfig: { source: 'c.conflist', path: join(dir, 'c.conflist') },
    });
    expect(requests[0]?.cniConfig?.text).toContain('"bridge"');
    await expect(
      run(['--platform', 'kubernetes', '--datapath', 'cilium-kpr', '--kube-proxy', 'ebpf']),
    ).rejects.toBe(stop);
    expect(requests[1]).toMatchObject({
      platform: 'kubernetes',
      datapaths: ['cilium-kpr'],
      kubeProxy: ['ebpf'],
    });
    expect(requests[1]).not.toHaveProperty('mtu');
  });
});
