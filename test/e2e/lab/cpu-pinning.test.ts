import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Exec } from '../../../src/adapters/exec.js';
import {
  createLabPlatform,
  createNodeLabDeps,
  type CpuPinning,
  type LabDeps,
} from '../../../src/platform/lab/index.js';
import { labLeftovers, testRunId } from '../../helpers/lab-leftovers.js';
import { labTestSuite } from './lab-fixtures.js';

/** The CPUs each server process (nginx, iperf3) inside the run's namespaces may run on. */
function serverAffinities(runId: string): string[] {
  const out: string[] = [];
  const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name.startsWith(`cpg-${runId}-`));
  for (const ns of namespaces) {
    const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const pid of pids) {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm !== 'nginx' && comm !== 'iperf3') continue;
      const allowed = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      out.push(`${comm} ${allowed}`);
    }
  }
  return out.sort();
}

/** Runs tcp-stream and http-max clients once on a pod-to-pod placement; returns the client command lines. */
async function runOnce(
  runId: string,
  pinning: CpuPinning | null,
): Promise<{ lines: string[]; servers: string[] }> {
  const real = createNodeLabDeps();
  const lines: string[] = [];
  const exec: Exec = {
    run(command, args, options) {
      if (args.includes('wrk') || args.includes('iperf3')) lines.push([command, ...args].join(' '));
      return real.exec.run(command, args, options);
    },
  };
  const deps: LabDeps = { ...real, exec };
  const platform = createLabPlatform({ datapath: 'bridge-hostgw', runId, pinning }, deps);
  try {
    await platform.prepare(labTestSuite({ tests: ['tcp-stream', 'http-max'] }));
    const placement = await platform.place('pod-to-pod-cross-node');
    const iperf = await placement.startServer('iperf3');
    const http = await placement.startServer('http');
    const servers = serverAffinities(runId);
    const tcp = await placement.runClient({
      tool: 'iperf3',
      args: ['-c', iperf.address, '-p', String(iperf.port), '-t', '1', '-J'],
      timeoutMs: 15_000,
    });
    const wrk = await placement.runClient({
      tool: 'wrk',
      args: ['-t1', '-c4', '-d1s', `http://${http.address}:${http.port}/`],
      timeoutMs: 15_000,
    });
    expect([tcp.exitCode, wrk.exitCode]).toEqual([0, 0]);
    return { lines, servers };
  } finally {
    await platform.teardown();
  }
}

describe('lab CPU pinning', () => {
  it('runs the client tools on the client CPU and the servers on the server CPU', async () => {
    const runId = testRunId('pin');
    try {
      const { lines, servers } = await runOnce(runId, { client: 0, server: 1 });
      expect(servers.length).toBeGreaterThanOrEqual(2);
      for (const s of servers) expect(s).toMatch(/^(nginx|iperf3) 1$/);
      expect(lines.filter((l) => / wrk | iperf3 -c /.test(l))).toHaveLength(2);
      for (const l of lines) expect(l).toMatch(/ taskset -c 0 (wrk|iperf3) /);
    } finally {
      expect(labLeftovers(runId)).toEqual([]);
    }
  }, 120_000);

  it('leaves placement to the scheduler when pinning is off', async () => {
    const runId = testRunId('nopin');
    try {
      const { lines, servers } = await runOnce(runId, null);
      for (const l of lines) expect(l).not.toMatch(/taskset/);
      for (const s of servers) expect(s).not.toMatch(/ 1$/);
    } finally {
      expect(labLeftovers(runId)).toEqual([]);
    }
  }, 120_000);
});
