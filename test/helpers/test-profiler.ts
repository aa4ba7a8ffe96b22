/**
 * The real perf profiler for lab e2e tests, in a private directory per test file (so tests that
 * run at the same time never see each other's data files), with the run's log lines kept so a
 * sample without a profile is explained in the failure message.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeExec, createNodeSpawner } from '../../src/adapters/node-exec.js';
import { createPerfProfiler, perfUnavailableReason } from '../../src/adapters/perf-profiler.js';
import type { Sample } from '../../src/core/results/types.js';
import type { Profiler } from '../../src/runner/profiler.js';

/** A profiler for one test file, what it left in its directory, and the run's log lines. */
export interface TestProfiler {
  readonly profiler: Profiler;
  /** Log lines of runs given `onLog` (profile failures are logged, not thrown). */
  readonly logs: string[];
  readonly onLog: (line: string) => void;
  /** Files left in the profiler's directory (perf data files must all be removed). */
  leftovers(): string[];
  /** Removes the directory. */
  dispose(): void;
}

/**
 * The log lines saying perf script printed something the parser does not understand: that is
 * this project's bug, never the machine's load, so tests allow none.
 */
export function parserFailures(logs: readonly string[]): string[] {
  return logs.filter((line) => line.includes('perf script output not understood'));
}

/** Why perf cannot profile here (not root, not installed, no kernel symbols), or null when it can. */
export async function testPerfUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'not root';
  const dir = mkdtempSync(join(tmpdir(), 'cpg-test-perf-probe-'));
  try {
    return await perfUnavailableReason(createNodeExec(), dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The real perf profiler writing into a fresh private directory. */
export function createTestProfiler(): TestProfiler {
  const dir = mkdtempSync(join(tmpdir(), 'cpg-test-perf-'));
  const logs: string[] = [];
  return {
    profiler: createPerfProfiler({
      exec: createNodeExec(),
      spawner: createNodeSpawner(),
      tempDir: dir,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    }),
    logs,
    onLog: (line) => logs.push(line),
    leftovers: () => readdirSync(dir),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * How many of `samples` carry no profile. The recorder may fail for a sample on a loaded machine
 * (that sample is kept without one, and the run logs why), so tests allow a few but not many.
 */
export function unprofiled(samples: readonly Sample[]): number {
  return samples.filter((s) => s.profile === undefined).length;
}
