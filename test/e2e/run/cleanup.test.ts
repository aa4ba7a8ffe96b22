/** `cleanup` on the real machine (root only): removes dead runs, keeps live ones unless --all. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createCleanupCommand } from '../../../src/cli/commands/cleanup.js';
import { createNodeLabDeps, type LabDeps } from '../../../src/platform/lab/index.js';
import { memoryIo } from '../../helpers/memory-io.js';

const isRoot = process.getuid?.() === 0;
const suffix = Math.random().toString(36).slice(2, 7).padEnd(5, '0');
const dead = `zd${suffix}`;
const live = `zl${suffix}`;

/**
 * The real lab side effects, except that listings show only this test's fake runs: the machine is
 * shared, and `cleanup --all` must not touch other people's live runs.
 */
function ownRunsOnly(): LabDeps {
  const real = createNodeLabDeps();
  return {
    ...real,
    exec: {
      async run(command, args, options) {
        const result = await real.exec.run(command, args, options);
        if (command !== 'ip' || args.join(' ') !== 'netns list') return result;
        const mine = result.stdout.split('\n').filter((line) => line.includes(suffix));
        return { ...result, stdout: mine.join('\n') };
      },
    },
    listDir: async (path) => (await real.listDir(path)).filter((name) => name.includes(suffix)),
  };
}
const cleanupCommand = createCleanupCommand(ownRunsOnly);

function namespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '');
}

function fakeRun(runId: string, ownerPid: number): void {
  execFileSync('ip', ['netns', 'add', `cpg-${runId}-n0`]);
  mkdirSync(`/run/cni-perf-gate/${runId}`, { recursive: true });
  writeFileSync(`/run/cni-perf-gate/${runId}/owner`, `${ownerPid}\n`);
}

afterAll(() => {
  for (const runId of [dead, live]) {
    if (namespaces().includes(`cpg-${runId}-n0`)) execFileSync('ip', ['netns', 'delete', `cpg-${runId}-n0`]);
    rmSync(`/run/cni-perf-gate/${runId}`, { recursive: true, force: true });
  }
  expect(namespaces().filter((n) => n.includes(suffix))).toEqual([]);
});

describe.skipIf(!isRoot)('cleanup (e2e, root)', () => {
  it('removes runs whose owner is gone, keeps live ones, and --all removes those too', async () => {
    // A pid that certainly is not running: a finished child's.
    const gonePid = Number(execFileSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).trim());
    fakeRun(dead, gonePid);
    fakeRun(live, process.pid);

    const io = memoryIo('/');
    expect(await cleanupCommand.run([], io)).toBe(0);
    const text = io.stdoutText() + io.stderrText();
    expect(text).toContain(`cpg-${dead}-n0`);
    expect(text).toContain(`/run/cni-perf-gate/${dead}`);
    expect(text).not.toContain(live);
    expect(namespaces()).not.toContain(`cpg-${dead}-n0`);
    expect(existsSync(`/run/cni-perf-gate/${dead}`)).toBe(false);
    expect(namespaces()).toContain(`cpg-${live}-n0`);

    const all = memoryIo('/');
    expect(await cleanupCommand.run(['--all'], all)).toBe(0);
    expect(all.stdoutText() + all.stderrText()).toContain(`cpg-${live}-n0`);
    expect(namespaces()).not.toContain(`cpg-${live}-n0`);
  });

  it('rejects stray arguments', async () => {
    await expect(cleanupCommand.run(['now'], memoryIo('/'))).rejects.toThrow(/unexpected argument "now"/);
  });
});
