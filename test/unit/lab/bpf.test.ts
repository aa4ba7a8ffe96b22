import { describe, expect, it } from 'vitest';
import {
  HOSTROUTING_NEEDS,
  SOCKLB_NEEDS,
  missingBpfFeature,
} from '../../../src/platform/lab/bpf/kernel-features.js';
import {
  endpointEntry,
  nodeIpEntry,
  nodePortEntry,
  perCpuCounters,
  socketLbAddCommands,
  socketLbRemoveCommands,
} from '../../../src/platform/lab/bpf/map-entries.js';
import { firstMountOf, isMountedAs, mountsUnder, parseMounts } from '../../../src/platform/lab/bpf/mounts.js';
import { defaultBpfObjectDir } from '../../../src/platform/lab/bpf/objects.js';
import { createServiceProxy } from '../../../src/platform/lab/service-proxy.js';

/** A trimmed `bpftool -j feature probe kernel` of a kernel with everything the lab needs. */
const probe = (patch: (p: Record<string, Record<string, unknown>>) => void = () => undefined): string => {
  const p: Record<string, Record<string, unknown>> = {
    syscall_config: { have_bpf_syscall: true },
    program_types: { have_sched_cls_prog_type: true, have_cgroup_sock_addr_prog_type: true },
    map_types: { have_hash_map_type: true, have_percpu_array_map_type: true },
    helpers: {
      sched_cls_available_helpers: [
        'bpf_redirect',
        'bpf_redirect_peer',
        'bpf_redirect_neigh',
        'bpf_fib_lookup',
      ],
      cgroup_sock_addr_available_helpers: ['bpf_map_lookup_elem', 'bpf_get_prandom_u32'],
    },
  };
  patch(p);
  return JSON.stringify(p);
};

describe('kernel feature probe', () => {
  it('accepts a kernel with everything', () => {
    expect(missingBpfFeature(probe(), HOSTROUTING_NEEDS)).toBeNull();
    expect(missingBpfFeature(probe(), SOCKLB_NEEDS)).toBeNull();
  });
  it('names the first missing piece in one line', () => {
    const noPeer = probe((p) => {
      p['helpers']!['sched_cls_available_helpers'] = ['bpf_redirect', 'bpf_redirect_neigh', 'bpf_fib_lookup'];
    });
    expect(missingBpfFeature(noPeer, HOSTROUTING_NEEDS)).toBe(
      'the kernel has no BPF helper bpf_redirect_peer for sched_cls programs',
    );
    expect(missingBpfFeature(noPeer, SOCKLB_NEEDS)).toBeNull();
    const noCgroupBpf = probe((p) => {
      p['program_types']!['have_cgroup_sock_addr_prog_type'] = false;
    });
    expect(missingBpfFeature(noCgroupBpf, SOCKLB_NEEDS)).toBe(
      'the kernel cannot load BPF programs of type cgroup_sock_addr',
    );
    expect(
      missingBpfFeature(
        probe((p) => (p['syscall_config'] = {})),
        SOCKLB_NEEDS,
      ),
    ).toBe('the kernel has no bpf() system call');
    expect(missingBpfFeature('', HOSTROUTING_NEEDS)).toMatch(/gave no JSON/);
  });
});

describe('/proc/self/mounts', () => {
  const mounts = parseMounts(
    [
      'sysfs /sys sysfs rw 0 0',
      'cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0',
      'cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0',
      'bpf /run/cni-perf-gate/ab/bpffs bpf rw 0 0',
      'none /run/cni-perf-gate/ab/cgroup2 cgroup2 rw 0 0',
      'bpf /run/cni-perf-gate/ab2/bpffs bpf rw 0 0',
      'tmpfs /mnt/with\\040space tmpfs rw 0 0',
    ].join('\n'),
  );
  it('finds mounts by type and target', () => {
    expect(isMountedAs(mounts, '/sys/fs/bpf', 'bpf')).toBe(false);
    expect(isMountedAs(mounts, '/run/cni-perf-gate/ab/bpffs', 'bpf')).toBe(true);
    expect(firstMountOf(mounts, 'cgroup2', '/run/cni-perf-gate/')).toBe('/sys/fs/cgroup/unified');
    expect(mounts.at(-1)!.target).toBe('/mnt/with space');
  });
  it('lists a run dir’s mounts deepest first and not a sibling run’s', () => {
    expect(mountsUnder(mounts, '/run/cni-perf-gate/ab')).toEqual([
      '/run/cni-perf-gate/ab/cgroup2',
      '/run/cni-perf-gate/ab/bpffs',
    ]);
  });
});

describe('BPF map entries (bpf/*.c struct layout)', () => {
  it('endpoint: IPv4 key in network order, ifindex little-endian, then pod and node MACs', () => {
    expect(endpointEntry('198.18.9.3', 3, 'a2:c6:ed:e8:62:e4', '7e:b9:40:67:16:40')).toEqual({
      key: 'c6 12 09 03',
      value: '03 00 00 00 a2 c6 ed e8 62 e4 7e b9 40 67 16 40',
    });
  });
  it('socket LB: backends and reverse entries before the frontend; removal frontend first', () => {
    const service = {
      vip: '198.19.128.99',
      port: 5299,
      protocol: 'tcp' as const,
      backends: [{ ip: '198.18.9.3', port: 5299 }],
    };
    expect(socketLbAddCommands('/p', service)).toEqual([
      'map update pinned /p/backends key hex c6 13 80 63 14 b3 06 00 01 00 00 00 value hex c6 12 09 03 14 b3 00 00',
      'map update pinned /p/revnat key hex c6 12 09 03 14 b3 06 00 value hex c6 13 80 63 14 b3 06 00',
      'map update pinned /p/services key hex c6 13 80 63 14 b3 06 00 value hex 01 00 00 00',
    ]);
    expect(socketLbRemoveCommands('/p', { ...service, protocol: 'udp' })[0]).toBe(
      'map delete pinned /p/services key hex c6 13 80 63 14 b3 11 00',
    );
    expect(() => socketLbAddCommands('/p', { ...service, vip: '198.19.128' })).toThrow(/not an IPv4/);
  });
  it('nodeport: (NodePort, protocol) key and backend value in network order; node address in slot 0', () => {
    expect(nodePortEntry(30080, 'tcp', { ip: '198.18.1.2', port: 80 })).toEqual({
      key: '75 80 06 00',
      value: 'c6 12 01 02 00 50 00 00',
    });
    expect(nodePortEntry(30201, 'udp', { ip: '198.18.1.2', port: 5201 }).key).toBe('75 f9 11 00');
    expect(nodeIpEntry('198.19.0.10')).toEqual({ key: '00 00 00 00', value: 'c6 13 00 0a' });
  });
  it('sums per-CPU counters from bpftool -j', () => {
    const dump = JSON.stringify([
      {
        key: [],
        values: [],
        formatted: {
          key: 0,
          values: [
            { cpu: 0, value: 5 },
            { cpu: 1, value: 7 },
          ],
        },
      },
      {
        key: [],
        values: [],
        formatted: {
          key: 2,
          values: [
            { cpu: 0, value: 1 },
            { cpu: 1, value: 0 },
          ],
        },
      },
    ]);
    expect(perCpuCounters(dump)).toEqual([12, undefined, 1]);
  });
});

describe('BPF objects and the ebpf client wrapper', () => {
  it('finds bpf/out of the checkout from a module inside it', () => {
    expect(
      defaultBpfObjectDir(new URL('../../../src/platform/lab/bpf/objects.ts', import.meta.url).pathname),
    ).toBe(new URL('../../../bpf/out', import.meta.url).pathname);
  });
  it('iptables and nftables leave client commands alone', () => {
    const line = { command: 'ip', args: ['netns', 'exec', 'cpg-x-p1', 'wrk'] };
    const ctx = { deps: {} as never, runId: 'x', stateDir: '/run/cni-perf-gate/x' };
    expect(createServiceProxy('iptables', ctx).wrapClient(line)).toBe(line);
    expect(createServiceProxy('nftables', ctx).wrapClient(line)).toBe(line);
    expect(createServiceProxy('nftables', ctx).supports('nodeport-via-other-node')).toBeNull();
    const ebpf = createServiceProxy('ebpf', { ...ctx, bpf: { pinRoot: '/p', objectPath: '/o' } });
    expect(ebpf.supports('nodeport-via-other-node')).toMatch(/tc DNAT\/SNAT program/);
    expect(ebpf.supports('pod-to-service-cross-node')).toBeNull();
  });
});
