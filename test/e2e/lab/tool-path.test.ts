import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Exec, Spawner } from '../../../src/adapters/exec.js';
import { createLabPlatform, createNodeLabDeps, type LabDeps } from '../../../src/platform/lab/index.js';
import { labRequiredTools } from '../../../src/platform/lab/required-tools.js';
import { labLeftovers, testRunId } from '../../helpers/lab-leftovers.js';
import { labTestSuite, tempDir, writeTemp } from './lab-fixtures.js';

const REPO = new URL('../../../', import.meta.url).pathname;

/** The program a command line runs: the command, or what `ip netns exec <ns>` starts. */
function program(command: string, args: readonly string[]): string {
  if (command === 'ip' && args[0] === 'netns' && args[1] === 'exec') return args[3] ?? '';
  return command;
}

describe('lab tools', () => {
  it('a run works when PATH lacks /usr/sbin and /sbin (sysctl, iptables-restore, nginx live there)', () => {
    const runId = testRunId('tp');
    const dir = tempDir('tp');
    try {
      const script = writeTemp(
        dir.path,
        'tp.mts',
        [
          `import { createLabPlatform, createNodeLabDeps } from '${REPO}src/platform/lab/index.ts';`,
          `import { labTestSuite } from '${REPO}test/e2e/lab/lab-fixtures.ts';`,
          `const p = createLabPlatform({ datapath: 'bridge-hostgw', runId: '${runId}' }, createNodeLabDeps());`,
          `try {`,
          `  await p.prepare(labTestSuite({ tests: ['tcp-stream', 'http-max'] }));`,
          `  const placement = await p.place('pod-to-service-cross-node');`,
          `  const iperf = await placement.startServer('iperf3');`,
          `  const out = await placement.runClient({ tool: 'iperf3', args: ['-c', iperf.address, '-p', String(iperf.port), '-t', '1', '-J'], timeoutMs: 15000 });`,
          `  const http = await placement.startServer('http');`,
          `  console.log('OK', out.exitCode, JSON.parse(out.stdout).end.sum_received.bits_per_second > 0, http.port);`,
          `} catch (e) { console.log(e.name + ': ' + e.message); } finally { await p.teardown(); }`,
        ].join('\n'),
      );
      const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: REPO,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, PATH: '/usr/bin:/bin' },
      });
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toMatch(/^OK 0 true \d+$/);
      expect(labLeftovers(runId)).toEqual([]);
    } finally {
      dir.remove();
    }
  });

  it('the prerequisite check covers every program a run executes', async () => {
    const runId = testRunId('rt');
    const real = createNodeLabDeps();
    const seen = new Set<string>();
    const exec: Exec = {
      run(command, args, options) {
        seen.add(program(command, args));
        return real.exec.run(command, args, options);
      },
    };
    const spawner: Spawner = {
      start(command, args, options) {
        seen.add(program(command, args));
        return real.spawner.start(command, args, options);
      },
    };
    const deps: LabDeps = { ...real, exec, spawner };
    const suite = labTestSuite({ tests: ['tcp-stream', 'http-max'] });
    const platform = createLabPlatform({ datapath: 'bridge-vxlan', runId }, deps);
    try {
      await platform.prepare(suite);
      await platform.environment();
      for (const topology of ['pod-to-service-cross-node', 'nodeport-via-other-node'] as const) {
        const placement = await platform.place(topology);
        const iperf = await placement.startServer('iperf3');
        await placement.runClient({
          tool: 'iperf3',
          args: ['-c', iperf.address, '-p', String(iperf.port), '-t', '1', '-J'],
          timeoutMs: 15_000,
        });
        const http = await placement.startServer('http');
        await placement.runClient({
          tool: 'wrk',
          args: ['-t1', '-c2', '-d1s', `http://${http.address}:${http.port}/`],
          timeoutMs: 15_000,
        });
        await placement.release();
      }
    } finally {
      await platform.teardown();
    }
    expect(labLeftovers(runId)).toEqual([]);
    const programs = [...seen].filter((p) => !p.startsWith('/')); // CNI plugins run by resolved path
    expect(programs.length).toBeGreaterThan(5);
    const required = labRequiredTools(suite.tests);
    expect(programs.filter((p) => !required.includes(p))).toEqual([]);
  });
});
