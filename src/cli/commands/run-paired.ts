import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CNI_PRESETS } from '../../platform/kubernetes/index.js';
import { compareResults } from '../../core/compare/engine.js';
import { UserError } from '../../core/errors.js';
import { renderText } from '../../core/report/text.js';
import { serializeResults } from '../../core/results/serialize.js';
import {
  describeSubject,
  pairedSubjectOf,
  runPairedSuite,
  type PairedPlatform,
  type PairedRunRequest,
} from '../../runner/paired-run.js';
import { CLI_VERSION } from '../../version.js';
import { expectPositionals } from '../args.js';
import type { CliIo } from '../command.js';
import { readInputFile } from '../files.js';
import { forgetLeftovers, leftoverCommand, noteLeftovers } from '../leftover-notes.js';
import { claimOutputs, writeResultsFiles } from '../results-output.js';
import { EXIT_INTERRUPTED, INTERRUPTED, progressWriter, withProgress } from '../progress.js';
import { thresholdsFromFlags } from '../thresholds.js';
import { exitCodeFor } from './compare.js';
import type { RunCommandDeps } from './run-deps.js';
import {
  DEFAULT_OUT_DIR,
  ensureOutDir,
  integerFlag,
  profilerFromFlags,
  suiteFromFlags,
  type RunValues,
} from './run-flags.js';

const USAGE =
  'cni-perf-gate run --paired BASE HEAD [options] (lab: each a datapath name or a conflist path; --platform kubernetes: each a CNI preset or a manifests file or directory)';

/** A pairing id from the clock: `20260304T050607-k3x9q1`. */
function newPairingId(nowMs: number): string {
  return `${new Date(nowMs).toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** What `run --paired` flags ask for: the paired run's options (without hooks and platforms) and `--out`. */
export interface PairedFlags {
  readonly options: Omit<
    PairedRunRequest,
    'toolVersion' | 'hooks' | 'now' | 'createPlatforms' | 'platformRequest'
  >;
  /** The `--out` directory. */
  readonly out: string;
}

/**
 * Reads `run --paired BASE HEAD` flags (and the files they name) into the paired run's options;
 * every bad flag is a UserError before anything is created.
 */
export async function pairedFlags(
  values: RunValues,
  positionals: readonly string[],
  io: CliIo,
  now: () => number,
): Promise<PairedFlags> {
  expectPositionals('run --paired', positionals, ['BASE', 'HEAD'], USAGE);
  for (const flag of ['datapath', 'cni-config'] as const) {
    if (values[flag] !== undefined) {
      throw new UserError(`run --paired: --${flag} is not used; name both sides as BASE and HEAD`);
    }
  }
  if (values.kubeconfig !== undefined) {
    throw new UserError(
      'run --paired: --kubeconfig is not used: a paired Kubernetes run creates two kind clusters of the same shape, one per side (compare an existing cluster with run --kubeconfig … and compare)',
    );
  }
  const platform = pairedPlatformOf(values);
  if (values['pairing-id']?.trim() === '') {
    throw new UserError('run --paired: --pairing-id must not be empty');
  }
  const suite = await suiteFromFlags(values, io);
  const thresholds = await thresholdsFromFlags(values.threshold, values.thresholds, io.cwd);
  const files = {
    readText: (path: string): Promise<string> => readInputFile(path, io.cwd, 'CNI config'),
    manifestsPath: (path: string): Promise<string> => manifestsPathOf(path, io.cwd),
  };
  const [baseArg, headArg] = positionals as [string, string];
  const base = await pairedSubjectOf(baseArg, files, platform);
  const head = await pairedSubjectOf(headArg, files, platform);
  if (values.routing !== undefined && base.kind === 'datapath' && head.kind === 'datapath') {
    throw new UserError('run --paired: --routing is only used when BASE or HEAD is a conflist path');
  }
  const out = values.out ?? DEFAULT_OUT_DIR;
  if (/\.json$/i.test(out)) {
    throw new UserError(
      `run --paired writes two files (base.json, head.json): --out must be a directory, got ${out}`,
    );
  }
  if (values['kind-node-image'] !== undefined && platform !== 'kubernetes') {
    throw new UserError('run --paired: --kind-node-image is only used with --platform kubernetes');
  }
  const mtu = integerFlag('--mtu', values.mtu);
  const options = {
    platform,
    ...(values['kind-node-image'] !== undefined ? { kindNodeImage: values['kind-node-image'] } : {}),
    suite,
    base,
    head,
    ...(values.routing !== undefined ? { routing: values.routing } : {}),
    ...(mtu !== undefined ? { mtu } : {}),
    ...(values['cni-path'] !== undefined ? { cniPath: values['cni-path'] } : {}),
    adaptive: values['fixed-n'] !== true,
    thresholds,
    pairingId: values['pairing-id'] ?? newPairingId(now()),
  };
  return { options, out };
}

/**
 * `--platform` of a paired run: the lab, or Kubernetes with two kind clusters the run creates
 * (flags that only the lab uses, and `--kubeconfig`, are refused here in domain words).
 */
function pairedPlatformOf(values: RunValues): PairedPlatform {
  const platform = values.platform ?? 'lab';
  if (platform !== 'lab' && platform !== 'kubernetes') {
    throw new UserError(
      `run --paired: --platform must be lab or kubernetes (got ${JSON.stringify(platform)})`,
    );
  }
  if (platform === 'kubernetes') {
    for (const flag of ['routing', 'mtu', 'cni-path'] as const) {
      if (values[flag] !== undefined) {
        throw new UserError(
          `run --paired: --${flag} is only used with --platform lab (on Kubernetes the CNI's manifests set it)`,
        );
      }
    }
  }
  return platform;
}

/** The absolute path of Kubernetes manifests named on the command line: a file or a directory that exists. */
async function manifestsPathOf(path: string, cwd: string): Promise<string> {
  const absolute = resolve(cwd, path);
  const info = await stat(absolute).catch(() => null);
  if (!info || !(info.isFile() || info.isDirectory())) {
    throw new UserError(
      `run --paired: ${path} is neither a CNI preset nor a manifests file or directory (${info ? 'not a regular file' : 'no such file'}); presets: ${CNI_PRESETS.join(', ')}`,
    );
  }
  return absolute;
}

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
