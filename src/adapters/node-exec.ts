import { spawn, type ChildProcess } from 'node:child_process';
import type { BackgroundProcess, Exec, ExecOptions, ExecResult, Spawner } from './exec.js';

/** Grace period between SIGTERM and SIGKILL when a process is stopped or times out. */
const DEFAULT_GRACE_MS = 2_000;

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

interface Collected {
  child: ChildProcess | undefined;
  done: Promise<ExecResult>;
  /** Marks the result as timed out (set before killing). */
  markTimedOut(): void;
}

/** Spawns a process and collects its output; never rejects. */
function launch(command: string, args: readonly string[], options: ExecOptions): Collected {
  let timedOut = false;
  let child: ChildProcess | undefined;
  let spawnError: Error | undefined;
  try {
    child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    spawnError = error instanceof Error ? error : new Error(String(error));
  }
  const started = child;
  const done = new Promise<ExecResult>((resolve) => {
    if (!started) {
      resolve({
        exitCode: 127,
        stdout: '',
        stderr: `${command}: ${spawnError?.message ?? 'cannot start'}`,
        timedOut,
      });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    started.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    started.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    let settled = false;
    const finish = (exitCode: number, extraStderr = ''): void => {
      if (settled) return;
      settled = true;
      resolve({
        exitCode,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + extraStderr,
        timedOut,
      });
    };
    started.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ENOENT' ? 127 : 126, `${command}: ${error.message}`);
    });
    started.on('close', (code, signal) => {
      finish(code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 0) : 0));
    });
    started.stdin?.on('error', () => undefined);
    if (options.input !== undefined) started.stdin?.end(options.input);
    else started.stdin?.end();
  });
  return {
    child: started,
    done,
    markTimedOut: () => {
      timedOut = true;
    },
  };
}

/** SIGTERM now, SIGKILL after `graceMs` unless `done` settled first. */
async function terminate(
  child: ChildProcess | undefined,
  done: Promise<unknown>,
  graceMs: number,
): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    await done;
    return;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await done;
  } finally {
    clearTimeout(timer);
  }
}

/** The real {@link Exec} on node:child_process: env is merged over process.env. */
export function createNodeExec(): Exec {
  return {
    async run(command, args, options = {}) {
      const launched = launch(command, args, options);
      const stop = (): void => {
        void terminate(launched.child, launched.done, DEFAULT_GRACE_MS);
      };
      const timer =
        options.timeoutMs !== undefined
          ? setTimeout(() => {
              launched.markTimedOut();
              stop();
            }, options.timeoutMs)
          : undefined;
      if (options.signal?.aborted) stop();
      options.signal?.addEventListener('abort', stop, { once: true });
      try {
        return await launched.done;
      } finally {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', stop);
      }
    },
  };
}

/** The real {@link Spawner} on node:child_process. */
export function createNodeSpawner(): Spawner {
  return {
    start(command, args, options = {}): BackgroundProcess {
      const launched = launch(command, args, options);
      const stop = (graceMs = DEFAULT_GRACE_MS): Promise<void> =>
        terminate(launched.child, launched.done, graceMs);
      options.signal?.addEventListener('abort', () => void stop(), { once: true });
      return { pid: launched.child?.pid ?? -1, exited: launched.done, stop };
    },
  };
}
