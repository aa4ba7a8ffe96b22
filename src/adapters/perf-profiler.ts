import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../core/errors.js';
import { PERF_SCRIPT_FIELDS, parsePerfScript } from '../core/parsers/perf-script.js';
import type { Profiler, ProfileRecording } from '../runner/profiler.js';
import type { Exec, Spawner } from './exec.js';

/** Sampling frequency of the recorder (per CPU). */
export const PERF_FREQUENCY_HZ = 999;

/**
 * How long perf may take to start recording (it first walks every task in /proc) before the
 * sample is kept without a profile. Generous: a loaded 2-vCPU runner is where profiles are wanted most.
 */
export const PERF_START_TIMEOUT_MS = 15_000;

/** How long perf may take to write its data file after SIGTERM before it is killed (same reason). */
export const PERF_STOP_GRACE_MS = 15_000;

/** What the perf profiler runs and where it keeps its data files. */
export interface PerfProfilerDeps {
  readonly exec: Exec;
  readonly spawner: Spawner;
  /** A private directory for perf.data files (each removed after folding). */
  readonly tempDir: string;
  readonly sleep: (ms: number) => Promise<void>;
  readonly frequencyHz?: number;
  /** How long perf may take to start recording (default PERF_START_TIMEOUT_MS). */
  readonly startTimeoutMs?: number;
}

const recordArgs = (hz: number, file: string): string[] => [
  'record',
  '-e',
  'cpu-clock',
  '-a',
  '-g',
  '-F',
  String(hz),
  '-q',
  // No build-id scan of the recorded DSOs at exit: it costs ~1 s of CPU per sample (much more on a
  // loaded runner, past the stop grace), and the profile folds kernel functions, which perf script
  // resolves from /proc/kallsyms without build-ids.
  '--no-buildid',
  '-o',
  file,
];

/**
 * System-wide profiles with Linux `perf` (cpu-clock: no hardware PMU needed): `perf record -a -g`
 * runs in the background during a sample, is stopped (SIGTERM: perf writes its data file), and
 * `perf script` is folded into stacks. Every data file is removed, also on failure.
 */
export function createPerfProfiler(deps: PerfProfilerDeps): Profiler {
  const hz = deps.frequencyHz ?? PERF_FREQUENCY_HZ;
  const timeoutMs = deps.startTimeoutMs ?? PERF_START_TIMEOUT_MS;
  return {
    recorder: `perf record -e cpu-clock -a -g -F ${hz}`,
    async start(): Promise<ProfileRecording> {
      const file = join(deps.tempDir, `cpg-perf-${randomBytes(6).toString('hex')}.data`);
      const process = deps.spawner.start('perf', recordArgs(hz, file));
      try {
        await waitForRecording(process.exited, file, deps.sleep, timeoutMs);
      } catch (error) {
        await process.stop(1000);
        await rm(file, { force: true });
        throw error;
      }
      return {
        async stop() {
          try {
            await process.stop(PERF_STOP_GRACE_MS);
            const script = await deps.exec.run('perf', ['script', '-i', file, '-F', PERF_SCRIPT_FIELDS], {
              timeoutMs: 120_000,
            });
            if (script.exitCode !== 0) {
              throw new ToolError('perf', `perf script failed: ${lastLine(script.stderr)}`);
            }
            return parsePerfScript(script.stdout);
          } finally {
            await rm(file, { force: true });
          }
        },
      };
    },
  };
}

/** Resolves once perf has created its data file (it is recording); a perf that exits first is a ToolError. */
async function waitForRecording(
  exited: Promise<{ exitCode: number; stderr: string }>,
  file: string,
  sleep: (ms: number) => Promise<void>,
  timeoutMs: number,
): Promise<void> {
  let gone: { exitCode: number; stderr: string } | null = null;
  void exited.then((result) => (gone = result));
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    if (gone !== null) break;
    if ((await stat(file).catch(() => null))?.size) {
      await sleep(50); // its event setup is done just after the header is written
      return;
    }
    await sleep(20);
  }
  const result = gone as { exitCode: number; stderr: string } | null;
  throw new ToolError(
    'perf',
    result
      ? `perf record exited ${result.exitCode} at start: ${lastLine(result.stderr)}`
      : `perf record did not start recording within ${timeoutMs / 1000} s`,
  );
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/**
 * Whether `perf` can record system-wide call chains here, in one line for the user when not:
 * not installed (Debian: linux-perf), no permission (perf_event_paranoid, not root) or no kernel
 * symbols (kptr_restrict). Null when it can.
 */
export async function perfUnavailableReason(exec: Exec, tempDir: string): Promise<string | null> {
  const file = join(tempDir, `cpg-perf-probe-${randomBytes(4).toString('hex')}.data`);
  try {
    const probe = await exec.run('perf', [...recordArgs(99, file), '--', 'sleep', '0.3'], {
      timeoutMs: 30_000,
    });
    if (probe.exitCode === 127) return 'perf is not installed (Debian/Ubuntu: apt-get install linux-perf)';
    if (probe.exitCode !== 0)
      return `perf record failed: ${lastLine(probe.stderr) || `exit ${probe.exitCode}`}`;
    const symbols = await exec.run('perf', ['script', '-i', file, '-F', 'ip,sym,dso'], { timeoutMs: 30_000 });
    if (symbols.exitCode !== 0) return `perf script failed: ${lastLine(symbols.stderr)}`;
    const kernel = symbols.stdout.split('\n').filter((line) => line.includes('([kernel.kallsyms])'));
    const unknown = kernel.filter((line) => line.includes('[unknown]')).length;
    if (kernel.length > 0 && unknown <= kernel.length / 2) return null;
    return 'perf sees no kernel symbols (kernel.kptr_restrict or perf_event_paranoid too strict, or not root)';
  } finally {
    await rm(file, { force: true });
  }
}
