import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exec, Spawner } from '../../../src/adapters/exec.js';
import type { TopologyId } from '../../../src/core/scenarios.js';
import type { Platform } from '../../../src/platform/platform.js';
import {
  cleanupLabLeftovers,
  createLabPlatform,
  createNodeLabDeps,
  type LabDeps,
  type LabPlatformOptions,
} from '../../../src/platform/lab/index.js';
import { labRequiredTools } from '../../../src/platform/lab/required-tools.js';
import { perCpuCounters } from '../../../src/platform/lab/bpf/map-entries.js';
import { labLeftovers, testRunId } from '../../helpers/lab-leftovers.js';
import { iperfReceivedBps, labTestSuite } from './lab-fixtures.js';

/** Throughput per case, printed at the end for the report. */
const measured: Record<string, string> = {};

function sh(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' });
}

/** The run's pin root: /sys/fs/bpf/cpg-<runId>, or the run's own bpffs under its state dir. */
function pinRoot(runId: string): string {
  const own = `/run/cni-perf-gate/${runId}/bpffs`;
  const mounted = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[1] === own);
  return mounted ? own : `/sys/fs/bpf/cpg-${runId}`;
}

function counters(mapPath: string): number[] {
  return perCpuCounters(sh('bpftool', ['-j', 'map', 'dump', 'pinned', mapPath]));
}

function cgroupOf(runId: string): string | undefined {
  for (const line of readFileSync('/proc/self/mounts', 'utf8').split('\n')) {
    const [, target, fstype] = line.split(' ');
    if (fstype === 'cgroup2' && existsSync(`${target}/cpg-${runId}`)) return `${target}/cpg-${runId}`;
  }
  return undefined;
}

async function iperfThrough(platform: Platform, topology: TopologyId): Promise<number> {
  const placement = await platform.place(topology);
  try {
    const endpoint = await placement.startServer('iperf3');
    const out = await placement.runClient({
      tool: 'iperf3',
      args: ['-c', endpoint.address, '-p', String(endpoint.port), '-J', '-t', '1'],
      timeoutMs: 30_000,
    });
    expect(out.exitCode, out.stderr).toBe(0);
    return iperfReceivedBps(out.stdout);
  } finally {
    await placement.release();
  }
}

async function withPlatform(
  options: Omit<LabPlatformOptions, 'runId'>,
  tag: string,
  body: (platform: Platform, runId: string) => Promise<void>,
): Promise<void> {
  const runId = testRunId(tag);
  const platform = createLabPlatform({ ...options, runId }, createNodeLabDeps());
  try {
    await body(platform, runId);
  } finally {
    await platform.teardown();
    expect(labLeftovers(runId)).toEqual([]);
  }
}

describe('eBPF datapaths and kube-proxy modes on real namespaces', () => {
  afterAll(() => {
    console.log(`eBPF e2e 1 s tcp: ${JSON.stringify(measured)}`);
  });

  it('ebpf-hostrouting + kube-proxy ebpf forwards with the programs, NodePort through the tc NAT program, leaves nothing', async () => {
    await withPlatform({ datapath: 'ebpf-hostrouting', kubeProxy: 'ebpf' }, 'eh', async (platform, runId) => {
      await platform.prepare(labTestSuite({ dummyServices: 50 }));
      const subject = platform.subject();
      expect(subject.kubeProxy).toBe('ebpf');
      expect(Object.keys(subject.bpf ?? {}).sort()).toEqual(['hostrouting.o', 'nodeport.o', 'sock-lb.o']);
      expect(platform.supports('nodeport-via-other-node')).toBeNull();
      const root = pinRoot(runId);
      const cgroup = cgroupOf(runId);
      expect(cgroup).toBeDefined();
      expect(sh('bpftool', ['cgroup', 'show', cgroup!])).toMatch(/sock4_connect[\s\S]*sock4_sendmsg/);

      const before = counters(`${root}/n1/maps/stats`);
      measured['ebpf-hostrouting cross-node'] =
        `${(await iperfThrough(platform, 'pod-to-pod-cross-node')) / 1e9} Gbit/s`;
      const after = counters(`${root}/n1/maps/stats`);
      // node-1 delivered the server's packets into its pod with bpf_redirect_peer and sent the
      // replies out by FIB lookup.
      expect(after[0]! - (before[0] ?? 0)).toBeGreaterThan(100);
      expect(after[1]! + after[2]! - (before[1] ?? 0) - (before[2] ?? 0)).toBeGreaterThan(100);

      const sameNode = counters(`${root}/n0/maps/stats`);
      measured['ebpf-hostrouting same-node'] =
        `${(await iperfThrough(platform, 'pod-to-pod-same-node')) / 1e9} Gbit/s`;
      expect(counters(`${root}/n0/maps/stats`)[0]! - sameNode[0]!).toBeGreaterThan(100);

      const lbBefore = counters(`${root}/socklb/maps/stats`)[0] ?? 0;
      measured['ebpf-hostrouting service (socket LB)'] =
        `${(await iperfThrough(platform, 'pod-to-service-cross-node')) / 1e9} Gbit/s`;
      // iperf3 opens a control and a data connection: both rewritten at connect().
      expect(counters(`${root}/socklb/maps/stats`)[0]! - lbBefore).toBeGreaterThanOrEqual(2);
      expect(await iperfThrough(platform, 'host-cross-node')).toBeGreaterThan(0);

      // NodePort on node-0 for a pod on node-1: the tc program on node-0's underlay DNATs to the
      // pod and SNATs to node-0 (and back on the reply); node-1 delivers with bpf_redirect_peer.
      const np = counters(`${root}/nodeport/n0/maps/stats`);
      measured['ebpf-hostrouting NodePort (tc NAT)'] =
        `${(await iperfThrough(platform, 'nodeport-via-other-node')) / 1e9} Gbit/s`;
      const npAfter = counters(`${root}/nodeport/n0/maps/stats`);
      expect(npAfter[0]! - (np[0] ?? 0)).toBeGreaterThan(100);
      expect(npAfter[1]! - (np[1] ?? 0)).toBeGreaterThan(100);
    });
  }, 120_000);

  it('ebpf-hostrouting with a netfilter kube-proxy skips the ClusterIP topology but serves NodePort through the stack', async () => {
    await withPlatform({ datapath: 'ebpf-hostrouting', kubeProxy: 'iptables' }, 'ei', async (platform) => {
      await platform.prepare(labTestSuite());
      expect(platform.supports('pod-to-service-cross-node')).toMatch(/kube-proxy replacement/);
      expect(await iperfThrough(platform, 'nodeport-via-other-node')).toBeGreaterThan(0);
    });
  }, 90_000);

  it('kube-proxy ebpf on ptp-hostgw with its own bpffs and cgroup2 mounts: ClusterIP works, mounts go at teardown', async () => {
    await withPlatform(
      { datapath: 'ptp-hostgw', kubeProxy: 'ebpf', bpfMounts: { forceOwnMounts: true } },
      'em',
      async (platform, runId) => {
        await platform.prepare(labTestSuite({ dummyServices: 1000 }));
        const mounts = readFileSync('/proc/self/mounts', 'utf8');
        expect(mounts).toContain(`/run/cni-perf-gate/${runId}/bpffs bpf`);
        expect(mounts).toContain(`/run/cni-perf-gate/${runId}/cgroup2 cgroup2`);
        const services = JSON.parse(
          sh('bpftool', [
            '-j',
            'map',
            'dump',
            'pinned',
            `/run/cni-perf-gate/${runId}/bpffs/socklb/maps/services`,
          ]),
        ) as unknown[];
        expect(services).toHaveLength(1000);
        measured['ptp-hostgw service kube-proxy ebpf'] =
          `${(await iperfThrough(platform, 'pod-to-service-cross-node')) / 1e9} Gbit/s`;
        // UDP through the NodePort program (its checksum path differs from TCP's).
        const placement = await platform.place('nodeport-via-other-node');
        try {
          const endpoint = await placement.startServer('iperf3');
          const out = await placement.runClient({
            tool: 'iperf3',
            args: ['-c', endpoint.address, '-p', String(endpoint.port), '-u', '-b', '50M', '-J', '-t', '1'],
            timeoutMs: 30_000,
          });
          expect(out.exitCode, out.stderr).toBe(0);
          expect(iperfReceivedBps(out.stdout)).toBeGreaterThan(10e6);
        } finally {
          await placement.release();
        }
      },
    );
  }, 90_000);

  it('kube-proxy nftables: ClusterIP and NodePort through verdict maps, one table per run', async () => {
    await withPlatform(
      { datapath: 'bridge-hostgw', kubeProxy: 'nftables' },
      'nf',
      async (platform, runId) => {
        await platform.prepare(labTestSuite({ dummyServices: 200 }));
        expect(platform.subject().kubeProxy).toBe('nftables');
        const table = sh('ip', [
          'netns',
          'exec',
          `cpg-${runId}-n0`,
          'nft',
          'list',
          'table',
          'ip',
          `cpg-${runId}`,
        ]);
        expect(table.match(/chain service-D\d+/g)).toHaveLength(200);
        measured['bridge-hostgw service kube-proxy nftables'] =
          `${(await iperfThrough(platform, 'pod-to-service-cross-node')) / 1e9} Gbit/s`;
        expect(await iperfThrough(platform, 'nodeport-via-other-node')).toBeGreaterThan(0);
        // The placement's service chains are gone after release; the dummies stay.
        const after = sh('ip', [
          'netns',
          'exec',
          `cpg-${runId}-n0`,
          'nft',
          'list',
          'table',
          'ip',
          `cpg-${runId}`,
        ]);
        expect(after).not.toMatch(/service-C\d+/);
        expect(after.match(/chain service-D\d+/g)).toHaveLength(200);
      },
    );
  }, 90_000);

  it('a prepare that fails after mounting (objects not built) leaves nothing behind', async () => {
    await withPlatform(
      {
        datapath: 'ebpf-hostrouting',
        bpfObjectDir: '/nonexistent/bpf/out',
        bpfMounts: { forceOwnMounts: true },
      },
      'ef',
      async (platform) => {
        await expect(platform.prepare(labTestSuite())).rejects.toThrow(
          /not built: run sudo \.\/scripts\/setup\.sh/,
        );
      },
    );
  }, 60_000);

  it('cleanup removes the cgroup, pins and mounts of a run whose owner died', async () => {
    const runId = testRunId('ec');
    const deps = createNodeLabDeps();
    const platform = createLabPlatform(
      { datapath: 'ptp-hostgw', kubeProxy: 'ebpf', runId, bpfMounts: { forceOwnMounts: true } },
      deps,
    );
    try {
      await platform.prepare(labTestSuite());
      expect(cgroupOf(runId)).toBeDefined();
      // A pid that is not alive: the run looks crashed.
      execFileSync('bash', ['-c', `echo 2147483646 > /run/cni-perf-gate/${runId}/owner`]);
      const { removed } = await cleanupLabLeftovers(deps);
      expect(removed).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^cgroup .*/cpg-${runId}$`)),
          `mount /run/cni-perf-gate/${runId}/cgroup2`,
          `mount /run/cni-perf-gate/${runId}/bpffs`,
          `/run/cni-perf-gate/${runId}`,
        ]),
      );
      expect(labLeftovers(runId)).toEqual([]);
    } finally {
      await platform.teardown().catch(() => undefined);
    }
  }, 90_000);

  it.each([
    ['ebpf-hostrouting', 'ebpf'],
    ['ptp-hostgw', 'nftables'],
  ] as const)(
    '%s + kube-proxy %s: the prerequisite check covers every program the run executes',
    async (datapath, kubeProxy) => {
      const runId = testRunId('et');
      const real = createNodeLabDeps();
      const seen = new Set<string>();
      const program = (command: string, args: readonly string[]): string =>
        command === 'ip' && args[0] === 'netns' && args[1] === 'exec' ? (args[3] ?? '') : command;
      const exec: Exec = {
        run: (command, args, options) => (
          seen.add(program(command, args)),
          real.exec.run(command, args, options)
        ),
      };
      const spawner: Spawner = {
        start: (command, args, options) => (
          seen.add(program(command, args)),
          real.spawner.start(command, args, options)
        ),
      };
      const deps: LabDeps = { ...real, exec, spawner };
      const suite = labTestSuite({ tests: ['tcp-stream', 'http-conn-rate'] });
      const platform = createLabPlatform({ datapath, kubeProxy, runId }, deps);
      try {
        await platform.prepare(suite);
        await platform.environment();
        for (const topology of ['pod-to-service-cross-node', 'nodeport-via-other-node'] as const) {
          if (platform.supports(topology)) continue;
          const placement = await platform.place(topology);
          const http = await placement.startServer('http');
          const out = await placement.runClient({
            tool: 'wrk',
            args: ['-H', 'Connection: close', '-t1', '-c2', '-d1s', `http://${http.address}:${http.port}/`],
            timeoutMs: 15_000,
          });
          expect(out.exitCode, out.stderr).toBe(0);
          await placement.release();
        }
      } finally {
        await platform.teardown();
      }
      expect(labLeftovers(runId)).toEqual([]);
      const programs = [...seen].filter((p) => !p.startsWith('/'));
      const required = labRequiredTools(suite.tests, undefined, {
        kubeProxy,
        hostRouting: datapath === 'ebpf-hostrouting',
      });
      expect(programs.filter((p) => !required.includes(p))).toEqual([]);
    },
    90_000,
  );

  it('a kernel without bpf_redirect_peer or cgroup2 gets a one-line skip, not a failure, and nothing is left', async () => {
    const real = createNodeLabDeps();
    const exec: Exec = {
      async run(command, args, options) {
        const result = await real.exec.run(command, args, options);
        if (command !== 'bpftool' || args.join(' ') !== '-j feature probe kernel') return result;
        // The same probe, as a kernel without bpf_redirect_peer would answer it.
        const probe = JSON.parse(result.stdout) as { helpers: Record<string, string[]> };
        probe.helpers['sched_cls_available_helpers'] = probe.helpers['sched_cls_available_helpers']!.filter(
          (h) => h !== 'bpf_redirect_peer',
        );
        return { ...result, stdout: JSON.stringify(probe) };
      },
    };
    const readFile = async (path: string): Promise<string> => {
      const text = await real.readFile(path);
      return path === '/proc/filesystems' ? text.replace(/^.*\scgroup2$/m, '') : text;
    };
    const deps: LabDeps = { ...real, exec, readFile };
    for (const [datapath, kubeProxy, expected, topology] of [
      [
        'ebpf-hostrouting',
        'iptables',
        'ebpf-hostrouting is not supported by this kernel (the kernel has no BPF helper bpf_redirect_peer for sched_cls programs)',
        'pod-to-pod-cross-node',
      ],
      [
        'ptp-hostgw',
        'ebpf',
        'kube-proxy ebpf is not supported by this kernel (the kernel has no cgroup2 file system (cgroup BPF needs it))',
        'pod-to-service-cross-node',
      ],
    ] as const) {
      const runId = testRunId('ek');
      const platform = createLabPlatform({ datapath, kubeProxy, runId }, deps);
      try {
        await platform.prepare(labTestSuite());
        expect(platform.supports(topology)).toBe(expected);
        if (datapath === 'ptp-hostgw') {
          expect(platform.supports('nodeport-via-other-node')).toBe(expected);
          // The datapath itself still runs.
          expect(await iperfThrough(platform, 'pod-to-pod-cross-node')).toBeGreaterThan(0);
        }
      } finally {
        await platform.teardown();
      }
      expect(labLeftovers(runId)).toEqual([]);
    }
  }, 90_000);
});
