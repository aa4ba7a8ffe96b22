/** What a CLI command may touch; the entry point builds the real one, tests build their own. */
export interface CliIo {
  /** Writes to standard output (no newline added). */
  stdout(text: string): void;
  /** Writes to standard error (no newline added). */
  stderr(text: string): void;
  /** True when standard error is a terminal (progress lines then redraw in place). */
  readonly stderrIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
}

/** One `cni-perf-gate <name>` command. */
export interface CliCommand {
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Runs the command; resolves to the exit code (0 ok, 1 regression, 2 bad input/usage). */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
