#!/usr/bin/env node
/** The `cni-perf-gate` bin entry: builds the real CliIo, wires SIGINT/SIGTERM to its AbortSignal, runs main. */
import { main } from './main.js';
import { leftoverLines } from './leftover-notes.js';
import { abortOnSignals, createNodeIo } from './node-io.js';

/** Commands with nothing to clean up: the first signal may end them where they stand. */
const LEAVES_NOTHING_BEHIND = new Set(['compare', 'history', 'parse']);

const argv = process.argv.slice(2);
const controller = new AbortController();
// compare, history and parse create nothing and compute in one synchronous stretch that a signal
// handler could not interrupt: they keep the default disposition, so SIGINT/SIGTERM ends them at once
// (exit status 130/143). Commands that build things (run, cleanup) stop, clean up and then exit.
const removeHandlers = LEAVES_NOTHING_BEHIND.has(argv[0] ?? '')
  ? () => undefined
  : abortOnSignals(
      controller,
      (signal) => {
        process.stderr.write(
          `cni-perf-gate: ${signal} received, stopping and cleaning up (send it again to exit at once)\n`,
        );
      },
      (signal) => {
        const lines = leftoverLines();
        process.stderr.write(
          `cni-perf-gate: ${signal} again: exiting at once without cleaning up${lines.length ? '' : '\n'}` +
            (lines.length ? `; ${lines.join('; ')}\n` : ''),
        );
      },
    );
try {
  process.exitCode = await main(argv, createNodeIo(controller.signal));
} finally {
  removeHandlers();
}
