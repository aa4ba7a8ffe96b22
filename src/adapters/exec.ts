/** What a finished process left behind. */
export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the process was killed because it ran past its timeout. */
  readonly timedOut: boolean;
}

/** How to run one process. */
export interface ExecOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  readonly cwd?: string;
  /** Kill (SIGTERM, then SIGKILL) after this many milliseconds. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Runs a process to completion. Implementations never throw on a non-zero exit. */
export interface Exec {
  run(command: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}

/** A process left running in the background (servers). */
export interface BackgroundProcess {
  readonly pid: number;
  /** Resolves when the process exits, with what it printed. */
  readonly exited: Promise<ExecResult>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts processes that keep running. */
export interface Spawner {
  start(
    command: string,
    args: readonly string[],
    options?: Omit<ExecOptions, 'timeoutMs'>,
  ): BackgroundProcess;
}
