import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { BackgroundProcess, Exec } from '../../../src/adapters/exec.js';
import { ToolError, UserError } from '../../../src/core/errors.js';
import {
  cleanupLabLeftovers,
  createLabPlatform,
  createNodeLabDeps,
  type LabDeps,
} from '../../../src/platform/lab/index.js';
import { labLeftovers, testRunId } from '../../helpers/lab-leftovers.js';
import { labTestSuite, tempDir, writeTemp } from './lab-fixtures.js';

const REPO = new URL('../../../', import.meta.url).pathname;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('lab prerequisites', () => {
  it('not root (simulated): one-line UserError telling to run as root, nothing created', async () => {
    const runId = testRunId('nr');
    const deps: LabDeps = { ...createNodeLabDeps(), privileges: async () => ({ uid: 1000, capEff: 0n }) };
    const platform = createLabPlatform({ datapath: 'bridge-hostgw', runId }, deps);
    await expect(platform.prepare(labTestSuite())).rejects.toThrow(UserError);
    await expect(platform.prepare(labTestSuite())).rejects.toThrow(
      /needs root .*uid 1000.*: run as root: sudo /,
    );
    await platform.teardown();
    expect(labLeftovers(runId)).toEqual([]);
  });

  it('not root (for real, setpriv to nobody): the same UserError', () => {
    const dir = tempDir('np');
    try {
      const script = writeTemp(
        dir.path,
        'np.mts',
        [
          `import { createLabPlatform, createNodeLabDeps } from '${REPO}src/platform/lab/index.ts';`,
          `import { labTestSuite } from '${REPO}test/e2e/lab/lab-fixtures.ts';`,
          `const p = createLabPlatform({ datapath: 'ptp-hostgw', runId: 'nobody1' }, createNodeLabDeps());`,
          `try { await p.prepare(labTestSuite()); console.log('PREPARED'); } catch (e) { console.log(e.name + ': ' + e.message); }`,
        ].join('\n'),
      );
      execFileSync('chmod', ['-R', 'a+rX', dir.path]);
      const r = spawnSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          'env',
          `HOME=${dir.path}`,
          process.execPath,
          '--import',
          'tsx',
          script,
        ],
        {
          cwd: REPO,
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(r.stdout.trim()).toMatch(
        /^UserError: the lab platform creates network namespaces and needs root .*uid 65534.*run as root: sudo/,
      );
      expect(labLeftovers('nobody1')).toEqual([]);
    } finally {
      dir.remove();
    }
  });

  it('missing CNI plugins: names containernetworking-plugins, nothing created', async () => {
    const runId = testRunId('mc');
    const empty = tempDir('cni');
    try {
      const platform = createLabPlatform(
        { datapath: 'bridge-vxlan', runId, cniPath: empty.path },
        createNodeLabDeps(),
      );
      await expect(platform.prepare(labTestSuite())).rejects.toThrow(
        new RegExp(
          `CNI plugin "bridge" \\(used by bridge-vxlan\\) not found in CNI path ${empty.path} \\(from --cni-path / cniPath\\): install containernetworking-plugins`,
        ),
      );
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    } finally {
      empty.remove();
    }
  });

  it('missing tools name their Debian package', async () => {
    const real = createNodeLabDeps();
    const without = (name: string): LabDeps => ({
      ...real,
      isExecutable: async (p) => !p.endsWith(`/${name}`) && real.isExecutable(p),
    });
    const suite = labTestSuite({ tests: ['tcp-stream', 'http-max'] });
    for (const [tool, pkg] of [
      ['nginx', 'nginx-light'],
      ['wrk', 'wrk'],
      ['iperf3', 'iperf3'],
      ['ip', 'iproute2'],
      ['iptables-restore', 'iptables'],
    ]) {
      const platform = createLabPlatform({ datapath: 'host', runId: testRunId('mt') }, without(tool!));
      await expect(platform.prepare(suite)).rejects.toThrow(
        new RegExp(`^${tool} is not installed .*apt-get install ${pkg}$`),
      );
    }
  });

  it('bad custom conflists: each error names the file and the field', async () => {
    const deps = createNodeLabDeps();
    const make = (conflist: string, routing?: 'host-gw' | 'vxlan' | 'none') =>
      createLabPlatform(
        {
          datapath: 'custom',
          runId: testRunId('bc'),
          conflist,
          conflistSource: 'repo/10-x.conflist',
          ...(routing === 'none' ? {} : { routing: routing ?? 'host-gw' }),
        },
        deps,
      );
    expect(() => make('{')).toThrow(/^repo\/10-x\.conflist: not valid JSON/);
    expect(() => make('{"name":"x","plugins":[{"type":"bridge"}]}')).toThrow(
      /^repo\/10-x\.conflist: cniVersion is missing/,
    );
    expect(() => make('{"cniVersion":"1.0.0","name":"x","plugins":[{"mtu":1}]}')).toThrow(
      /^repo\/10-x\.conflist: plugins\[0\]\.type is missing/,
    );
    expect(() =>
      make('{"cniVersion":"1.0.0","name":"x","plugins":[{"type":"bridge","ipam":{"type":"dhcp"}}]}'),
    ).toThrow(/^repo\/10-x\.conflist: plugins\[0\]\.ipam\.type "dhcp" is not supported in the lab/);
    expect(() => make('{"cniVersion":"1.0.0","name":"x","plugins":[{"type":"bridge"}]}', 'none')).toThrow(
      /needs a routing mode "host-gw" or "vxlan" for repo\/10-x\.conflist/,
    );
    const runId = testRunId('bc');
    const flannel = createLabPlatform(
      {
        datapath: 'custom',
        runId,
        conflist: '{"cniVersion":"1.0.0","name":"x","plugins":[{"type":"flannel"}]}',
        conflistSource: 'repo/10-x.conflist',
        routing: 'vxlan',
      },
      deps,
    );
    await expect(flannel.prepare(labTestSuite())).rejects.toThrow(
      /CNI plugin "flannel" \(used by repo\/10-x\.conflist\) not found .*containernetworking-plugins/,
    );
    await flannel.teardown();
    expect(labLeftovers(runId)).toEqual([]);
  });
});

describe('lab failures stay bounded and clean', () => {
  it('a server that never listens: ToolError after serverReadyTimeoutS naming server and endpoint', async () => {
    const runId = testRunId('sv');
    const real = createNodeLabDeps();
    const started: BackgroundProcess[] = [];
    const deps: LabDeps = {
      ...real,
      spawner: {
        start(command, args, options) {
          // Replace "iperf3 -s …" by a process that never listens.
          const i = args.indexOf('iperf3');
          const p = real.spawner.start(command, i > 0 ? [...args.slice(0, i), 'sleep', '30'] : args, options);
          started.push(p);
          return p;
        },
      },
    };
    const platform = createLabPlatform({ datapath: 'ptp-hostgw', runId }, deps);
    try {
      await platform.prepare(labTestSuite({ serverReadyTimeoutS: 1 }));
      const placement = await platform.place('pod-to-pod-cross-node');
      const t0 = Date.now();
      const error = await placement.startServer('iperf3').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolError);
      expect((error as Error).message).toMatch(
        /^iperf3 server failed: not accepting connections on 198\.18\.1\.\d+:5201 from cpg-\w+-p\d+ after 1s$/,
      );
      expect(Date.now() - t0).toBeLessThan(4_000);
      expect(started.length).toBe(1);
      expect(isAlive(started[0]!.pid)).toBe(false);
      await placement.release();
    } finally {
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    }
  });

  it('a client that runs too long is killed at timeoutMs: exit 124 and a stderr saying so', async () => {
    const runId = testRunId('ct');
    const platform = createLabPlatform({ datapath: 'bridge-hostgw', runId }, createNodeLabDeps());
    try {
      await platform.prepare(labTestSuite());
      const placement = await platform.place('pod-to-pod-same-node');
      const endpoint = await placement.startServer('iperf3');
      const out = await placement.runClient({
        tool: 'iperf3',
        args: ['-c', endpoint.address, '-t', '60', '-J'],
        timeoutMs: 1_000,
      });
      expect(out.exitCode).toBe(124);
      expect(out.timedOut).toBe(true);
      expect(out.stderr).toMatch(/^iperf3 timed out after 1000 ms and was killed/);
      expect(out.durationS).toBeLessThan(4);
      expect(spawnSync('pgrep', ['-f', `iperf3 -c ${endpoint.address} -t 60`]).status).toBe(1);
      await placement.release();
    } finally {
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    }
  });

  it('abort part-way through prepare: teardown leaves nothing', async () => {
    const runId = testRunId('ab');
    const real = createNodeLabDeps();
    const controller = new AbortController();
    let commands = 0;
    const exec: Exec = {
      run(command, args, options) {
        if (++commands === 12) controller.abort();
        return real.exec.run(command, args, options);
      },
    };
    const platform = createLabPlatform(
      { datapath: 'bridge-vxlan', runId, signal: controller.signal },
      { ...real, exec },
    );
    try {
      await expect(platform.prepare(labTestSuite())).rejects.toThrow(/^lab run \w+ aborted during prepare/);
      expect(labLeftovers(runId).length).toBeGreaterThan(0); // something was half-built
    } finally {
      await platform.teardown();
      await platform.teardown(); // idempotent
      expect(labLeftovers(runId)).toEqual([]);
    }
  });

  it('a failing plugin in the chain: ToolError naming it and its message; ADD undone, pods removed', async () => {
    const runId = testRunId('pf');
    const real = createNodeLabDeps();
    const exec: Exec = {
      run(command, args, options) {
        if (args.at(-1)?.endsWith('/portmap') && options?.env?.['CNI_COMMAND'] === 'ADD') {
          return Promise.resolve({
            exitCode: 1,
            stdout: '{"code":999,"msg":"injected portmap failure","details":"test"}',
            stderr: '',
            timedOut: false,
          });
        }
        return real.exec.run(command, args, options);
      },
    };
    const platform = createLabPlatform({ datapath: 'bridge-hostgw', runId }, { ...real, exec });
    try {
      await platform.prepare(labTestSuite());
      await expect(platform.place('pod-to-pod-cross-node')).rejects.toThrow(
        'CNI plugin portmap failed: ADD: injected portmap failure: test (CNI error code 999)',
      );
      expect(labLeftovers(runId).filter((l) => /-p\d+$/.test(l))).toEqual([]);
      const leases = spawnSync('ls', ['-R', `/run/cni-perf-gate/${runId}/ipam`], { encoding: 'utf8' }).stdout;
      expect(leases).not.toMatch(/198\.18\./); // the bridge ADD was undone with DEL
    } finally {
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    }
  });
});

describe('cleanupLabLeftovers', () => {
  it('removes runs whose owner died, keeps live ones, touches nothing else', async () => {
    const deps = createNodeLabDeps();
    const dead = testRunId('cd');
    const live = testRunId('cl');
    const a = createLabPlatform({ datapath: 'host', runId: dead }, deps);
    const b = createLabPlatform({ datapath: 'host', runId: live }, deps);
    const deadPid = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim();
    try {
      await a.prepare(labTestSuite());
      await b.prepare(labTestSuite());
      writeTemp(`/run/cni-perf-gate/${dead}`, 'owner', `${deadPid}\n`);
      const { removed } = await cleanupLabLeftovers(deps);
      expect(removed).toContain(`cpg-${dead}-n0`);
      expect(removed).toContain(`/run/cni-perf-gate/${dead}`);
      expect(removed.some((r) => r.includes(live))).toBe(false);
      expect(labLeftovers(dead)).toEqual([]);
      expect(labLeftovers(live).length).toBeGreaterThan(0);
    } finally {
      await a.teardown();
      await b.teardown();
      expect(labLeftovers(dead)).toEqual([]);
      expect(labLeftovers(live)).toEqual([]);
    }
  });
});
