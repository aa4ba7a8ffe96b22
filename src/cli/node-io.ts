import type { CliIo } from './command.js';

/** The real CliIo: process streams, environment and working directory; `signal` comes from the entry point. */
export function createNodeIo(signal: AbortSignal): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    signal,
  };
}

/**
 * Aborts `controller` on the first SIGINT/SIGTERM (commands then clean up and return); a second
 * signal calls `onSecond` (say what may be left behind) and exits at once with 128 + signal
 * number. Returns a function that removes the handlers.
 */
export function abortOnSignals(
  controller: AbortController,
  onFirst: (signal: NodeJS.Signals) => void,
  onSecond: (signal: NodeJS.Signals) => void = () => undefined,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };
  const handler = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      onSecond(signal);
      exit(128 + (codes[signal] ?? 0));
      return;
    }
    onFirst(signal);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
