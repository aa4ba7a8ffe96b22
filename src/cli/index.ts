#!/usr/bin/env node
/** The `cni-perf-gate` bin entry: builds the real CliIo, wires SIGINT/SIGTERM to its AbortSignal, runs main. */
import { main } from './main.js';
import { leftoverLines } from './leftover-notes.js';
import { abortOnSignals, createNodeIo } from './node-io.js';

const controller = new AbortController();
const removeHandlers = abortOnSignals(
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
  process.exitCode = await main(process.argv.slice(2), createNodeIo(controller.signal));
} finally {
  removeHandlers();
}
