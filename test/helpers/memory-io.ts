import type { CliIo } from '../../src/cli/command.js';

/** An in-memory CliIo that records what a command writes. */
export interface MemoryIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
  readonly stdoutText: () => string;
  readonly stderrText: () => string;
}

/** Builds a MemoryIo rooted at `cwd` with the given environment. */
export function memoryIo(cwd: string, env: Record<string, string | undefined> = {}): MemoryIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdoutText: () => out.join(''),
    stderrText: () => err.join(''),
    stderrIsTTY: false,
    env,
    cwd,
    signal: new AbortController().signal,
  };
}
