import { RunInterruptedError } from '../runner/interrupted.js';
import { progressLine } from '../runner/progress-line.js';
import type { ProgressEvent, RunHooks } from '../runner/types.js';
import type { CliIo } from './command.js';

/** Exit code of a run stopped by SIGINT/SIGTERM (128 + SIGINT, the shell convention). */
export const EXIT_INTERRUPTED = 130;

/** Progress and log lines of a run on stderr. */
export interface ProgressWriter {
  progress(e: ProgressEvent): void;
  log(line: string): void;
  /** Clears a progress line drawn in place. */
  end(): void;
}

/** Writes progress: redrawn in place on a terminal, one line per sample otherwise. */
export function progressWriter(io: CliIo, unit: 'rep' | 'pair' = 'rep'): ProgressWriter {
  let drawn = false;
  const clear = (): void => {
    if (drawn) io.stderr('\r\x1b[K');
    drawn = false;
  };
  return {
    progress(e) {
      const line = progressLine(e, unit);
      if (io.stderrIsTTY) {
        clear();
        io.stderr(line);
        drawn = true;
      } else io.stderr(`${line}\n`);
    },
    log(line) {
      clear();
      io.stderr(`${line}\n`);
    },
    end: clear,
  };
}

/** Marks a run that SIGINT/SIGTERM stopped (already reported on stderr). */
export const INTERRUPTED = Symbol('interrupted');

/**
 * Runs `work` with hooks that draw progress and log lines on stderr; an interrupted run is
 * reported in one line and comes back as INTERRUPTED, any other error is rethrown.
 */
export async function withProgress<T>(
  io: CliIo,
  writer: ProgressWriter,
  work: (hooks: RunHooks) => Promise<T>,
): Promise<T | typeof INTERRUPTED> {
  try {
    return await work({
      signal: io.signal,
      onProgress: (e) => writer.progress(e),
      onLog: (line) => writer.log(line),
    });
  } catch (error) {
    if (error instanceof RunInterruptedError) {
      writer.end();
      io.stderr(`cni-perf-gate run: ${error.message}\n`);
      return INTERRUPTED;
    }
    throw error;
  } finally {
    writer.end();
  }
}
