import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import { renderRunSummary } from '../../core/report/run-summary.js';
import { serializeResults } from '../../core/results/serialize.js';
import type { PlatformKind } from '../../core/results/types.js';
import { resolveSuiteConfig, type SuiteOverrides } from '../../core/suite/config.js';
import { LAB_DATAPATHS } from '../../platform/lab/index.js';
import type { Platform } from '../../platform/platform.js';
import { RunInterruptedError } from '../../runner/interrupted.js';
import { runSuite } from '../../runner/run-suite.js';
import type { ProgressEvent, RunHooks } from '../../runner/types.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { readInputFile, writeOutputFile } from '../files.js';
import {
  DEFAULT_DATAPATHS,
  KUBERNETES_DATAPATHS,
  PLATFORM_KINDS,
  createPlatforms,
  defaultDatapaths,
  type PlatformRequest,
} from '../../platform/factory.js';
import { CLI_VERSION } from '../../version.js';
import { describeSubject, pairedSubjectOf, runPairedSuite } from '../../runner/paired-run.js';
import { compareResults } from '../../core/compare/engine.js';
import { renderText } from '../../core/report/text.js';
import { exitCodeFor } from './compare.js';

/** Where results go when `--out` is not given. */
export const DEFAULT_OUT_DIR = './cni-perf-gate-results/';

/** Exit code of a run stopped by SIGINT/SIGTERM (128 + SIGINT, the shell convention). */
export const EXIT_INTERRUPTED = 130;

const HELP = `Usage: cni-perf-gate run [options]

Runs the iperf3 + wrk suite on one or more datapaths, interleaved (A B C A B C …) so that drift
hits all alike, writes one results file per datapath and prints medians with the overhead
against the host datapath.

Options:
  --platform lab|kubernetes   where the pods live (default: lab; needs Linux and root)
  --datapath NAME[,NAME…]     datapaths to compare (lab default: ${DEFAULT_DATAPATHS.join(',')})
                              lab: ${LAB_DATAPATHS.join(', ')}
                              kubernetes: ${KUBERNETES_DATAPATHS.join(', ')}
                              (default flannel-vxlan in a kind cluster, or existing with --kubeconfig)
  --cni-config FILE           --datapath custom: your conflist (lab) or CNI manifests (kubernetes)
  --routing host-gw|vxlan     cross-node routing of --datapath custom (default: host-gw)
  --kubeconfig FILE           --platform kubernetes: use this cluster instead of creating a kind one
  --suite FILE                suite YAML (see suites/default.yaml); default: the default profile
  --quick                     the quick profile: cross-node tcp-stream + http-max, 7 × 2 s samples
  --repetitions N             samples per scenario and datapath (overrides the suite)
  --duration S                seconds per sample for iperf3 and wrk (overrides the suite)
  --mtu 1500|9000             lab underlay MTU (default: 1500)
  --paired BASE HEAD          run two subjects side by side (lab): each a datapath name or a conflist
                              path (run as custom with --routing); samples in ABBA order after a
                              discarded warm-up pair, adaptive n (see maxRepetitions/timeBudgetS in
                              suites/default.yaml); writes DIR/base.json + DIR/head.json, prints the
                              paired comparison and exits like compare (0 pass, 1 regression, 2 error)
  --fixed-n                   with --paired: exactly --repetitions pairs, no adaptive stopping
  --out FILE|DIR              one datapath: FILE.json or DIR; several: DIR gets <datapath>.json each
                              (default: ${DEFAULT_OUT_DIR})
  -h, --help                  show this help

Ctrl-C (SIGINT) or SIGTERM stops the run, removes everything it created and exits 130.
`;

const OPTIONS = {
  platform: { type: 'string' },
  datapath: { type: 'string' },
  'cni-config': { type: 'string' },
  routing: { type: 'string' },
  kubeconfig: { type: 'string' },
  suite: { type: 'string' },
  repetitions: { type: 'string' },
  duration: { type: 'string' },
  quick: { type: 'boolean' },
  out: { type: 'string' },
  mtu: { type: 'string' },
  paired: { type: 'boolean' },
  'fixed-n': { type: 'boolean' },
} as const;

/** What the run command needs from the outside (tests inject loopback platforms and a clock). */
export interface RunCommandDeps {
  readonly createPlatforms: (request: PlatformRequest) => Platform[];
  readonly now: () => number;
}

/** Parses `--repetitions` / `--duration` as a positive integer or throws a UserError naming the flag. */
function integerFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw new UserError(`run: ${flag} must be a positive whole number (got ${JSON.stringify(value)})`);
  }
  return Number(value);
}

/** Where each results file goes: `[path, results]` pairs, decided before the run so bad paths fail early. */
async function planOutputs(
  out: string,
  cwd: string,
  datapaths: readonly string[],
): Promise<(d: string) => string> {
  const absolute = resolve(cwd, out);
  const isDir = await stat(absolute).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const namesFile = !isDir && /\.json$/i.test(out);
  if (namesFile) {
    if (datapaths.length > 1) {
      throw new UserError(
        `run: --out ${out} names one file but ${datapaths.length} datapaths give ${datapaths.length} results files; pass a directory`,
      );
    }
    return () => out;
  }
  try {
    await mkdir(absolute, { recursive: true });
  } catch (error) {
    throw new UserError(
      `run: cannot create the --out directory ${out}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  return (datapath) => join(out, `${datapath}.json`);
}

/** Writes progress: redrawn in place on a terminal, one line per sample otherwise. */
function progressWriter(io: CliIo): {
  progress(e: ProgressEvent): void;
  log(line: string): void;
  end(): void;
} {
  let drawn = false;
  const clear = (): void => {
    if (drawn) io.stderr('\r\x1b[K');
    drawn = false;
  };
  return {
    progress(e) {
      const width = String(e.total).length;
      const line = `[${String(e.done + 1).padStart(width)}/${e.total}] ${e.datapath} ${e.scenario} rep ${e.repetition}/${e.repetitions} · ${Math.round(e.elapsedS)} s`;
      if (io.stderrIsTTY) {
        clear();
        io.stderr(line);
        drawn = true;
      } else io.stderr(`${line}\n`);
    },
    log(line) {
      clear();
      io.stderr(`${line}\n`);
    },
    end: clear,
  };
}

/** Marks a run that SIGINT/SIGTERM stopped (already reported on stderr). */
const INTERRUPTED = Symbol('interrupted');

/**
 * Runs `work` with hooks that draw progress and log lines on stderr; an interrupted run is
 * reported in one line and comes back as INTERRUPTED, any other error is rethrown.
 */
async function withProgress<T>(
  io: CliIo,
  writer: ReturnType<typeof progressWriter>,
  work: (hooks: RunHooks) => Promise<T>,
): Promise<T | typeof INTERRUPTED> {
  try {
    return await work({
      signal: io.signal,
      onProgress: (e) => writer.progress(e),
      onLog: (line) => writer.log(line),
    });
  } catch (error) {
    if (error instanceof RunInterruptedError) {
      writer.end();
      io.stderr(`cni-perf-gate run: ${error.message}\n`);
      return INTERRUPTED;
    }
    throw error;
  } finally {
    writer.end();
  }
}

/** Builds the `run` command with injectable platforms and clock. */
export function createRunCommand(deps: RunCommandDeps): CliCommand {
  return {
    name: 'run',
    summary: 'run the iperf3 + wrk suite on one or more datapaths and write results files',
    help: HELP,
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs('run', argv, OPTIONS);
      if (values.paired) return runPairedCommand(values, positionals, io, deps);
      if (values['fixed-n']) throw new UserError('run: --fixed-n is only used with --paired BASE HEAD');
      if (positionals.length > 0) {
        throw new UserError(
          `run: unexpected argument ${JSON.stringify(positionals[0])}; see cni-perf-gate run --help`,
        );
      }
      const overrides: SuiteOverrides = {
        repetitions: integerFlag('--repetitions', values.repetitions),
        durationS: integerFlag('--duration', values.duration),
        quick: values.quick === true,
      };
      const suiteText =
        values.suite === undefined ? undefined : await readInputFile(values.suite, io.cwd, 'suite file');
      const suite = resolveSuiteConfig({ text: suiteText, source: values.suite, overrides });

      const platformKind = values.platform ?? 'lab';
      if (!(PLATFORM_KINDS as readonly string[]).includes(platformKind)) {
        throw new UserError(
          `run: --platform must be one of ${PLATFORM_KINDS.join(', ')} (got ${JSON.stringify(platformKind)})`,
        );
      }
      const kubeconfig = values.kubeconfig === undefined ? undefined : resolve(io.cwd, values.kubeconfig);
      const datapaths =
        values.datapath === undefined
          ? defaultDatapaths({ platform: platformKind as PlatformKind, kubeconfig })
          : values.datapath
              .split(',')
              .map((d) => d.trim())
              .filter((d) => d !== '');
      const cniPath = values['cni-config'];
      const cniConfig =
        cniPath === undefined
          ? undefined
          : {
              source: cniPath,
              path: resolve(io.cwd, cniPath),
              // The lab needs the conflist's text; Kubernetes applies the path (file or directory).
              ...(platformKind === 'lab' ? { text: await readInputFile(cniPath, io.cwd, 'CNI config') } : {}),
            };
      const writer = progressWriter(io);
      const request: PlatformRequest = {
        platform: platformKind as PlatformKind,
        datapaths,
        cniConfig,
        routing: values.routing,
        kubeconfig,
        mtu: integerFlag('--mtu', values.mtu),
        dummyServices: suite.dummyServices,
        signal: io.signal,
        onRunId: (datapath, runId) =>
          writer.log(`run: ${datapath} is ${platformKind} run ${runId} (resources cpg-${runId}…)`),
        onLog: (line) => writer.log(line),
      };
      const platforms = deps.createPlatforms(request);
      const outPath = await planOutputs(values.out ?? DEFAULT_OUT_DIR, io.cwd, datapaths);

      io.stderr(
        `run: ${platforms.length} datapath(s) ${datapaths.join(', ')}; suite ${suite.profile}${values.suite ? ` (${values.suite})` : ''}: ` +
          `${suite.topologies.length} topologies × ${suite.tests.length} tests × ${suite.repetitions} reps\n`,
      );
      const results = await withProgress(io, writer, (hooks) =>
        runSuite(platforms, { suite, toolVersion: CLI_VERSION, now: deps.now, hooks }),
      );
      if (results === INTERRUPTED) return EXIT_INTERRUPTED;

      for (const file of results) {
        const path = outPath(file.subject.datapath);
        await writeOutputFile(path, io.cwd, serializeResults(file), 'results file');
        io.stderr(`wrote ${path}\n`);
      }
      io.stdout(`${renderRunSummary(results, 'host')}\n`);
      return 0;
    },
  };
}

type RunValues = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** `run --paired BASE HEAD`: a paired, adaptive lab run of two subjects, then the paired comparison. */
async function runPairedCommand(
  values: RunValues,
  positionals: readonly string[],
  io: CliIo,
  deps: RunCommandDeps,
): Promise<number> {
  if (positionals.length !== 2) {
    throw new UserError(
      `run --paired needs exactly two arguments, BASE and HEAD (datapath names or conflist paths); got ${positionals.length}`,
    );
  }
  for (const flag of ['datapath', 'cni-config', 'kubeconfig'] as const) {
    if (values[flag] !== undefined) {
      throw new UserError(`run --paired: --${flag} is not used; name both sides as BASE and HEAD`);
    }
  }
  if ((values.platform ?? 'lab') !== 'lab') {
    throw new UserError('run --paired runs both sides on one machine: only --platform lab is supported');
  }
  const suiteText =
    values.suite === undefined ? undefined : await readInputFile(values.suite, io.cwd, 'suite file');
  const suite = resolveSuiteConfig({
    text: suiteText,
    source: values.suite,
    overrides: {
      repetitions: integerFlag('--repetitions', values.repetitions),
      durationS: integerFlag('--duration', values.duration),
      quick: values.quick === true,
    },
  });
  const read = (path: string): Promise<string> => readInputFile(path, io.cwd, 'CNI config');
  const [baseArg, headArg] = positionals as [string, string];
  const base = await pairedSubjectOf(baseArg, read);
  const head = await pairedSubjectOf(headArg, read);
  if (values.routing !== undefined && base.kind === 'datapath' && head.kind === 'datapath') {
    throw new UserError('run --paired: --routing is only used when BASE or HEAD is a conflist path');
  }
  const out = values.out ?? DEFAULT_OUT_DIR;
  if (/\.json$/i.test(out)) {
    throw new UserError(
      `run --paired writes two files (base.json, head.json): --out must be a directory, got ${out}`,
    );
  }
  const outDir = resolve(io.cwd, out);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new UserError(
      `run: cannot create the --out directory ${out}: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const adaptive = values['fixed-n'] !== true;
  const writer = progressWriter(io);
  const pairingId = `${new Date(deps.now()).toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${Math.random().toString(36).slice(2, 8)}`;
  io.stderr(
    `run --paired: base ${describeSubject(base)} vs head ${describeSubject(head)}; suite ${suite.profile}: ` +
      (adaptive
        ? `adaptive, up to ${suite.maxRepetitions} pairs per scenario, time budget ${suite.timeBudgetS} s\n`
        : `${suite.repetitions} pairs per scenario\n`),
  );
  const files = await withProgress(io, writer, (hooks) =>
    runPairedSuite({
      suite,
      base,
      head,
      ...(values.routing !== undefined ? { routing: values.routing } : {}),
      ...(values.mtu !== undefined ? { mtu: integerFlag('--mtu', values.mtu)! } : {}),
      adaptive,
      pairingId,
      toolVersion: CLI_VERSION,
      now: deps.now,
      createPlatforms: deps.createPlatforms,
      platformRequest: {
        onRunId: (datapath, runId) =>
          writer.log(`run: ${datapath} is lab run ${runId} (resources cpg-${runId}…)`),
        onLog: (line) => writer.log(line),
      },
      hooks,
    }),
  );
  if (files === INTERRUPTED) return EXIT_INTERRUPTED;
  const basePath = join(out, 'base.json');
  const headPath = join(out, 'head.json');
  await writeOutputFile(basePath, io.cwd, serializeResults(files[0]), 'results file');
  await writeOutputFile(headPath, io.cwd, serializeResults(files[1]), 'results file');
  io.stderr(`wrote ${basePath} and ${headPath} (pairing ${pairingId})\n`);
  for (const scenario of files[0].scenarios) {
    if (scenario.sampling) {
      io.stderr(
        `${scenario.id}: ${scenario.sampling.n} pairs, stopped: ${scenario.sampling.stopReason} (looks at ${scenario.sampling.looks.join(', ')})\n`,
      );
    }
  }
  const report = compareResults(files[0], files[1], {}, { base: basePath, head: headPath });
  io.stdout(renderText(report));
  return exitCodeFor(report.verdict);
}

/** `cni-perf-gate run` with the real platforms and clock. */
export const runCommand: CliCommand = createRunCommand({ createPlatforms, now: () => Date.now() });
