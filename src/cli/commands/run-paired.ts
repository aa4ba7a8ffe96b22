import { join } from 'node:path';
import { compareResults } from '../../core/compare/engine.js';
import { renderText } from '../../core/report/text.js';
import { serializeResults } from '../../core/results/serialize.js';
import { describeSubject, runPairedSuite } from '../../runner/paired-run.js';
import { CLI_VERSION } from '../../version.js';
import type { CliIo } from '../command.js';
import { forgetLeftovers, leftoverCommand, noteLeftovers } from '../leftover-notes.js';
import { claimOutputs, writeResultsFiles } from '../results-output.js';
import { EXIT_INTERRUPTED, INTERRUPTED, progressWriter, withProgress } from '../progress.js';
import { exitCodeFor } from './compare.js';
import type { RunCommandDeps } from './run-deps.js';
import { ensureOutDir, profilerFromFlags, type RunValues } from './run-flags.js';
import { pairedFlags } from './run-paired-flags.js';

/** `run --paired BASE HEAD`: a paired, adaptive lab run of two subjects, then the paired comparison. */
export async function runPairedCommand(
  values: RunValues,
  positionals: readonly string[],
  io: CliIo,
  deps: RunCommandDeps,
): Promise<number> {
  const { options, out } = await pairedFlags(values, positionals, io, deps.now);
  const { suite, base, head, adaptive, pairingId, thresholds } = options;
  const platform = options.platform ?? 'lab';
  await ensureOutDir(out, io.cwd);
  const basePath = join(out, 'base.json');
  const headPath = join(out, 'head.json');
  // Writable and not claimed by another run: checked before anything is measured.
  const claim = await claimOutputs([basePath, headPath], io.cwd);
  let files: Awaited<ReturnType<typeof runPairedSuite>> | typeof INTERRUPTED;
  try {
    const writer = progressWriter(io, 'pair');
    io.stderr(
      `run --paired: base ${describeSubject(base)} vs head ${describeSubject(head)}; suite ${suite.profile}: ` +
        (adaptive
          ? `adaptive, up to ${suite.maxRepetitions} pairs per scenario, time budget ${suite.timeBudgetS} s\n`
          : `${suite.repetitions} pairs per scenario\n`),
    );
    if (platform === 'kubernetes') {
      io.stderr(
        'run --paired: creating two kind clusters of the same shape (base, head) concurrently; see docs/kubernetes.md for runner size\n',
      );
    }
    const profiler = await profilerFromFlags(values, deps, (line) => writer.log(line));
    files = await withProgress(io, writer, (hooks) =>
      runPairedSuite({
        ...options,
        ...(profiler ? { profiler } : {}),
        toolVersion: CLI_VERSION,
        now: deps.now,
        createPlatforms: deps.createPlatforms,
        platformRequest: {
          onRunId: (datapath, runId) => {
            const cleanup = leftoverCommand(platform, runId);
            noteLeftovers(runId, cleanup);
            writer.log(
              `run: ${datapath} is ${platform} run ${runId} (resources cpg-${runId}…; if this process is killed: ${cleanup})`,
            );
          },
          onLog: (line) => writer.log(line),
        },
        hooks,
      }),
    );
    forgetLeftovers(); // runPairedSuite returns only after teardown
    if (files === INTERRUPTED) return EXIT_INTERRUPTED;
    await writeResultsFiles(
      [
        { path: basePath, content: serializeResults(files[0]) },
        { path: headPath, content: serializeResults(files[1]) },
      ],
      io.cwd,
      (line) => io.stderr(`${line}\n`),
      claim.replacing,
    );
  } finally {
    await claim.release();
  }
  io.stderr(`run --paired: pairing ${pairingId}\n`);
  for (const scenario of files[0].scenarios) {
    if (scenario.sampling) {
      io.stderr(
        `${scenario.id}: ${scenario.sampling.n} pairs, stopped: ${scenario.sampling.stopReason} (looks at ${scenario.sampling.looks.join(', ')})\n`,
      );
    }
  }
  const report = compareResults(files[0], files[1], { thresholds }, { base: basePath, head: headPath });
  io.stdout(renderText(report));
  return exitCodeFor(report.verdict);
}
