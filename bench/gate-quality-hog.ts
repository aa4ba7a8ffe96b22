/** The steady co-tenant of the gate benchmark's hog scenarios: a CPU-bound command for a whole trial. */
import { spawn, type ChildProcess } from 'node:child_process';

/** A running co-tenant. */
export interface Hog {
  /** Ends the co-tenant (SIGKILL by pid) and waits for it to exit. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let hooked = false;

/** Kills every running co-tenant (for an interrupt handler). */
export function killHogs(): void {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * Starts `command` (split on spaces, no shell) with output discarded. The process is also killed
 * when the benchmark exits (an interrupt handler calls killHogs).
 */
export function startHog(command: string): Hog {
  const [file, ...args] = command.split(' ').filter((p) => p !== '');
  if (!file) throw new Error('BENCH_HOG: expected a command such as "sha256sum /dev/zero"');
  const child = spawn(file, args, { stdio: 'ignore' });
  running.add(child);
  if (!hooked) {
    hooked = true;
    process.on('exit', killHogs);
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      running.delete(child);
    },
  };
}
