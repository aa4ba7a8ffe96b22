import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunCommand } from '../../../src/cli/commands/run.js';
import { pairedSubjectOf } from '../../../src/cli/commands/run-paired-flags.js';
import { UserError } from '../../../src/core/errors.js';
import { memoryIo } from '../../helpers/memory-io.js';

const dir = mkdtempSync(join(tmpdir(), 'cpg-run-paired-'));
mkdirSync(join(dir, 'cni-manifests'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(existsSync(dir)).toBe(false);
});

const command = createRunCommand({
  createPlatforms: () => {
    throw new Error('no platform may be built for a bad command line');
  },
  now: () => 0,
});

const fails = async (argv: string[], message: RegExp): Promise<void> => {
  const error = await command.run(argv, memoryIo(dir)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  expect((error as Error).message).toMatch(message);
};

describe('run --paired command line', () => {
  it('needs exactly BASE and HEAD', async () => {
    await fails(
      ['--paired', 'bridge-hostgw'],
      /run --paired: missing HEAD; usage: cni-perf-gate run --paired BASE HEAD/,
    );
    await fails(['--paired', 'a', 'b', 'c'], /run --paired: unexpected argument "c"/);
  });
  it('rejects flags that name subjects another way, other platforms and a .json --out', async () => {
    await fails(['--paired', 'host', 'bridge-hostgw', '--datapath', 'host'], /--datapath is not used/);
    await fails(
      ['--paired', 'host', 'bridge-hostgw', '--platform', 'nomad'],
      /run --paired: --platform must be one of lab, kubernetes \(got "nomad"\)/,
    );
    await fails(['--paired', 'host', 'bridge-hostgw', '--out', 'x.json'], /--out must be a directory/);
    await fails(['--paired', 'host', 'bridge-hostgw', '--routing', 'vxlan'], /--routing is only used/);
    await fails(['--fixed-n'], /--fixed-n is only used with --paired/);
    await fails(['--threshold', 'tcp_throughput_bps=3'], /--threshold is only used with --paired/);
    await fails(['--paired', 'host', 'bridge-hostgw', '--pairing-id', ' '], /--pairing-id must not be empty/);
  });
  it('reads the gate thresholds the stop rule judges with, as compare does', async () => {
    await fails(['--paired', 'host', 'bridge-hostgw', '--threshold', 'nope=5'], /unknown metric id "nope"/);
    await fails(['--paired', 'host', 'bridge-hostgw', '--thresholds', 'missing.yaml'], /missing\.yaml/);
  });
  it('reads a side as a datapath name, else as a conflist path', async () => {
    writeFileSync(join(dir, 'c.conflist'), '{"x":1}');
    const read = async (p: string) => `text of ${p}`;
    expect(await pairedSubjectOf('bridge-vxlan', read)).toEqual({
      kind: 'datapath',
      datapath: 'bridge-vxlan',
    });
    expect(await pairedSubjectOf('c.conflist', read)).toEqual({
      kind: 'conflist',
      source: 'c.conflist',
      text: 'text of c.conflist',
    });
    await expect(pairedSubjectOf('custom', read)).rejects.toThrow(/conflist path itself/);
    expect(await pairedSubjectOf('ptp-hostgw+ebpf', read)).toEqual({
      kind: 'datapath',
      datapath: 'ptp-hostgw',
      kubeProxy: 'ebpf',
    });
    await expect(pairedSubjectOf('ptp-hostgw+ipvs', read)).rejects.toThrow(
      /"ipvs" is not a kube-proxy mode; valid: iptables, nftables, ebpf/,
    );
    await fails(['--paired', 'host', 'missing.conflist'], /missing\.conflist/);
  });

  it('on Kubernetes: presets or manifests on each side, lab-only flags and --kubeconfig refused in domain words', async () => {
    const k8s = ['--paired', '--platform', 'kubernetes'];
    await fails(
      [...k8s, 'flannel-vxlan', 'calico-vxlan', '--mtu', '9000'],
      /--mtu is only used with --platform lab/,
    );
    await fails([...k8s, 'flannel-vxlan', 'calico-vxlan', '--routing', 'vxlan'], /--routing is only used/);
    await fails([...k8s, 'flannel-vxlan', 'calico-vxlan', '--kubeconfig', 'k'], /creates two kind clusters/);
    await fails(
      [...k8s, 'bridge-hostgw', 'calico-vxlan'],
      /bridge-hostgw is neither a CNI preset nor a manifests/,
    );
    await fails([...k8s, 'existing', 'calico-vxlan'], /an existing cluster cannot be one side/);
    await fails(
      ['--paired', 'host', 'bridge-hostgw', '--kind-node-image', 'x'],
      /only used with --platform kubernetes/,
    );
    const files = {
      readText: async () => {
        throw new Error('the lab reads conflists, not Kubernetes');
      },
      manifestsPath: async (p: string) => join('/abs', p),
    };
    expect(await pairedSubjectOf('calico-vxlan', files, 'kubernetes')).toEqual({
      kind: 'datapath',
      datapath: 'calico-vxlan',
    });
    expect(await pairedSubjectOf('flannel-vxlan+nftables', files, 'kubernetes')).toEqual({
      kind: 'datapath',
      datapath: 'flannel-vxlan',
      kubeProxy: 'nftables',
    });
    expect(await pairedSubjectOf('cni-manifests', files, 'kubernetes')).toEqual({
      kind: 'manifests',
      source: 'cni-manifests',
      path: '/abs/cni-manifests',
    });
  });

  it('on Kubernetes: builds one kind-cluster platform per side with the same node image', async () => {
    const requests: unknown[] = [];
    const stop = new Error('stop after building');
    const k8sCommand = createRunCommand({
      createPlatforms: (request) => {
        requests.push(request);
        if (requests.length === 2) throw stop;
        return [];
      },
      now: () => 0,
    });
    const io = memoryIo(dir);
    const error = await k8sCommand
      .run(
        [
          '--paired',
          '--platform',
          'kubernetes',
          'flannel-host-gw',
          'cni-manifests',
          '--kind-node-image',
          'kindest/node:v1.31.9',
          '--out',
          join(dir, 'out'),
        ],
        io,
      )
      .catch((e: unknown) => e);
    expect(error).toBe(stop);
    expect(requests).toEqual([
      expect.objectContaining({
        platform: 'kubernetes',
        datapaths: ['flannel-host-gw'],
        kindNodeImage: 'kindest/node:v1.31.9',
      }),
      expect.objectContaining({
        platform: 'kubernetes',
        datapaths: ['custom'],
        cniConfig: { source: 'cni-manifests', path: join(dir, 'cni-manifests') },
        kindNodeImage: 'kindest/node:v1.31.9',
      }),
    ]);
    expect(requests[0]).not.toHaveProperty('routing');
  });
});
