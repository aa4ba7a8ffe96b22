import { tmpdir } from 'node:os';
import { createNodeExec, createNodeSpawner } from '../adapters/node-exec.js';
import { createPerfProfiler, perfUnavailableReason } from '../adapters/perf-profiler.js';
import type { Profiler } from '../runner/profiler.js';

/** Builds the run's profiler for `--profile`, or says in one line why there is none. */
export type ProfilerFactory = (log: (line: string) => void) => Promise<Profiler | undefined>;

/**
 * The real `--profile`: Linux perf (`perf record -e cpu-clock -a -g`), probed first. Without perf,
 * permission or kernel symbols it logs one line and the run goes on unprofiled.
 */
export const perfProfilerFactory: ProfilerFactory = async (log) => {
  const exec = createNodeExec();
  const reason = await perfUnavailableReason(exec, tmpdir());
  if (reason !== null) {
    log(`--profile: ${reason}; the run goes on without profiles`);
    return undefined;
  }
  return createPerfProfiler({
    exec,
    spawner: createNodeSpawner(),
    tempDir: tmpdir(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
};
