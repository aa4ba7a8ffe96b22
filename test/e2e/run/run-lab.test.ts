/**
 * End to end on the real lab (root only): `run` with one datapath and a tiny suite, and a SIGTERM
 * sent to a spawned `npx tsx src/cli/index.ts run …` while it measures.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/cli/commands/run.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { memoryIo } from '../../helpers/memory-io.js';

const isRoot = process.getuid?.() === 0;
const repoRoot = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cpg-e2e-run-'));
const runIds: string[] = [];

/** Namespaces of one lab run still present. */
function namespacesOf(runId: string): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(`cpg-${runId}-`));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of every process descending from `pid`, with their command lines. */
function descendants(pid: number): [number, string][] {
  let kids: number[] = [];
  try {
    kids = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return kids.flatMap((kid) => {
    let args = '';
    try {
      args = execFileSync('ps', ['-o', 'args=', '-p', String(kid)], { encoding: 'utf8' }).trim();
    } catch {
      // gone already
    }
    return [[kid, args] as [number, string], ...descendants(kid)];
  });
}

afterAll(() => {
  // Whatever happened, leave no namespace of ours behind.
  for (const runId of runIds) {
    for (const ns of namespacesOf(runId)) execFileSync('ip', ['netns', 'delete', ns]);
    rmSync(`/run/cni-perf-gate/${runId}`, { recursive: true, force: true });
    expect(namespacesOf(runId)).toEqual([]);
  }
  rmSync(dir, { recursive: true, force: true });
  expect(existsSync(dir)).toBe(false);
});

writeFileSync(
  join(dir, 'tiny.yaml'),
  'topologies: [pod-to-pod-cross-node]\ntests: [tcp-stream]\nrepetitions: 2\niperf: { durationS: 1, omitS: 0 }\n',
);
writeFileSync(
  join(dir, 'long.yaml'),
  'topologies: [pod-to-pod-cross-node]\ntests: [tcp-stream, http-max]\nrepetitions: 30\niperf: { durationS: 2, omitS: 0 }\nhttp: { durationS: 2 }\n',
);

describe.skipIf(!isRoot)('run on the lab (e2e, root)', () => {
  it('writes a valid results v1 file for one datapath and removes the lab', async () => {
    const io = memoryIo(dir);
    const code = await runCommand.run(
      ['--datapath', 'bridge-hostgw', '--suite', 'tiny.yaml', '--out', 'r.json'],
      io,
    );
    const runId = /is lab run ([a-z0-9]+)/.exec(io.stderrText())?.[1];
    if (runId) runIds.push(runId);
    expect(code).toBe(0);
    expect(runId).toBeDefined();
    const results = parseResultsJson(readFileSync(join(dir, 'r.json'), 'utf8'), 'r.json');
    expect(results.schemaVersion).toBe(1);
    expect(results.subject).toMatchObject({ platform: 'lab', datapath: 'bridge-hostgw' });
    expect(results.environment.fingerprint).toMatch(/^sha256:/);
    // The pod scenario, then the control (host path between the same nodes) appended.
    expect(results.scenarios.map((s) => s.id)).toEqual([
      'pod-to-pod-cross-node/tcp-stream',
      'host-cross-node/tcp-stream',
    ]);
    for (const scenario of results.scenarios) {
      expect(scenario.samples).toHaveLength(2);
      for (const sample of scenario.samples) {
        expect(sample.metrics.tcp_throughput_bps).toBeGreaterThan(1e8);
        expect(sample.metrics.cpu_seconds_per_gbit).toBeGreaterThan(0);
        // Interference is metered for every sample of a lab run.
        expect(sample.metrics.foreign_cpu_percent).toBeGreaterThanOrEqual(0);
        expect(sample.metrics.cpu_steal_percent).toBeGreaterThanOrEqual(0);
      }
    }
    expect(io.stdoutText()).toContain('bridge-hostgw');
    expect(namespacesOf(runId ?? 'none')).toEqual([]);
  });

  it('SIGTERM during a run: exit 130, one line, no namespace or server/client process of it left', async () => {
    const child = spawn(
      'npx',
      [
        'tsx',
        'src/cli/index.ts',
        'run',
        '--datapath',
        'bridge-vxlan',
        '--suite',
        join(dir, 'long.yaml'),
        '--out',
        join(dir, 'sig'),
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let runPids: number[] = [];
    let runId: string | undefined;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      runId ??= /is lab run ([a-z0-9]+)/.exec(stderr)?.[1];
      if (runId && !runIds.includes(runId)) runIds.push(runId);
      if (runPids.length === 0 && /^\[ ?3\/60\]/m.test(stderr)) {
        // The CLI process itself (npx → sh → tsx → node): signal the tsx process, which relays it.
        const tree = descendants(child.pid ?? 0);
        runPids = tree.filter(([, args]) => /^(iperf3|wrk|nginx)/.test(args)).map(([pid]) => pid);
        const tsx = tree.find(([, args]) => args.includes('.bin/tsx'));
        if (tsx) process.kill(tsx[0], 'SIGTERM');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    const code = await exited;
    clearTimeout(timer);
    expect(runId).toBeDefined();
    expect(runPids.length).toBeGreaterThan(0); // the iperf3 server (and client) of the run were seen
    expect(code).toBe(130);
    const after = stderr.trim().split('\n');
    expect(after.at(-1)).toBe(
      'cni-perf-gate run: interrupted by SIGTERM: run stopped, everything it created was torn down',
    );
    expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(namespacesOf(runId ?? 'none')).toEqual([]);
    expect(runPids.filter(alive)).toEqual([]);
    expect(existsSync(`/run/cni-perf-gate/${runId}`)).toBe(false);
  }, 120_000);
});
