/**
 * The perf profiler adapter against a scripted `perf`: what it runs, how long it waits, what it
 * says when perf fails at start or at `perf script`, and that every data file is removed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackgroundProcess, Exec, ExecResult, Spawner } from '../../../src/adapters/exec.js';
import { createPerfProfiler, PERF_STOP_GRACE_MS } from '../../../src/adapters/perf-profiler.js';

const SCRIPT = readFileSync(
  new URL('../../fixtures/perf/perf-script-iperf3-hog.txt', import.meta.url),
  'utf8',
);

const result = (exitCode: number, stdout = '', stderr = ''): ExecResult => ({
  exitCode,
  stdout,
  stderr,
  timedOut: false,
});

/** A scripted perf: `record` writes its data file (or exits, or hangs) as told; `script` answers `script`. */
function scriptedPerf(record: 'records' | 'exits' | 'hangs', script: ExecResult) {
  const started: string[][] = [];
  const graces: (number | undefined)[] = [];
  const spawner: Spawner = {
    start(_command, args) {
      started.push([...args]);
      const file = args[args.indexOf('-o') + 1]!;
      let exit: (r: ExecResult) => void = () => undefined;
      const exited = new Promise<ExecResult>((resolve) => (exit = resolve));
      if (record === 'records') setTimeout(() => writeFileSync(file, 'PERFILE2'), 30);
      if (record === 'exits')
        setTimeout(() => exit(result(255, '', 'noise\nfailed to mmap: Cannot allocate memory')), 10);
      const process: BackgroundProcess = {
        pid: 4242,
        exited,
        async stop(graceMs) {
          graces.push(graceMs);
          exit(result(0));
        },
      };
      return process;
    },
  };
  const exec: Exec = { run: async () => script };
  return { spawner, exec, started, graces };
}

describe('createPerfProfiler', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'perf-profiler-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const profilerWith = (perf: ReturnType<typeof scriptedPerf>, startTimeoutMs?: number) =>
    createPerfProfiler({
      exec: perf.exec,
      spawner: perf.spawner,
      tempDir: dir,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      ...(startTimeoutMs !== undefined ? { startTimeoutMs } : {}),
    });

  it('records system-wide call chains without the build-id scan, folds perf script and removes the data file', async () => {
    const perf = scriptedPerf('records', result(0, SCRIPT));
    const recording = await profilerWith(perf).start();
    const stacks = await recording.stop();
    expect(perf.started[0]).toEqual(expect.arrayContaining(['record', '-a', '-g', '--no-buildid']));
    expect(perf.graces).toEqual([PERF_STOP_GRACE_MS]);
    expect(Object.keys(stacks).length).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a perf that exits at start is one error with its last stderr line, and nothing is left', async () => {
    const perf = scriptedPerf('exits', result(0));
    await expect(profilerWith(perf).start()).rejects.toThrow(
      'perf record exited 255 at start: failed to mmap: Cannot allocate memory',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a perf that never starts recording is stopped after the start timeout, named in the error', async () => {
    const perf = scriptedPerf('hangs', result(0));
    await expect(profilerWith(perf, 200).start()).rejects.toThrow(
      'perf record did not start recording within 0.2 s',
    );
    expect(perf.graces).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a failing perf script is one error with its last line, and the data file is removed', async () => {
    const perf = scriptedPerf('records', result(1, '', 'incompatible file format\nfile has no samples!'));
    const recording = await profilerWith(perf).start();
    await expect(recording.stop()).rejects.toThrow('perf script failed: file has no samples!');
    expect(readdirSync(dir)).toEqual([]);
  });
});
