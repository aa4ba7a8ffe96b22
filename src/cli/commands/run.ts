import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import { renderRunSummary } from '../../core/report/run-summary.js';
import { serializeResults } from '../../core/results/serialize.js';
import type { PlatformKind, ResultsFile } from '../../core/results/types.js';
import { resolveSuiteConfig, type SuiteOverrides } from '../../core/suite/config.js';
import { LAB_DATAPATHS } from '../../platform/lab/index.js';
import type { Platform } from '../../platform/platform.js';
import { RunInterruptedError } from '../../runner/interrupted.js';
import { runSuite } from '../../runner/run-suite.js';
import type { ProgressEvent } from '../../runner/types.js';
import { parseCommandArgs, wantsHelp } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { readInputFile, writeOutputFile } from '../files.js';
import {
  DEFAULT_DATAPATHS,
  KUBERNETES_DATAPATHS,
  PLATFORM_KINDS,
  createPlatforms,
  defaultDatapaths,
  type PlatformRequest,
} from '../platform-factory.js';
import { CLI_VERSION } from '../version.js';

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
  help: { type: 'boolean', short: 'h' },
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

/** Builds the `run` command with injectable platforms and clock. */
export function createRunCommand(deps: RunCommandDeps): CliCommand {
  return {
    name: 'run',
    summary: 'run the iperf3 + wrk suite on one or more datapaths and write results files',
    help: HELP,
    async run(argv, io) {
      if (wantsHelp(argv)) {
        io.stdout(HELP);
        return 0;
      }
      const { values, positionals } = parseCommandArgs('run', argv, OPTIONS);
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
      let results: ResultsFile[];
      try {
        results = await runSuite(platforms, {
          suite,
          toolVersion: CLI_VERSION,
          now: deps.now,
          hooks: {
            signal: io.signal,
            onProgress: (e) => writer.progress(e),
            onLog: (line) => writer.log(line),
          },
        });
      } catch (error) {
        writer.end();
        if (error instanceof RunInterruptedError) {
          io.stderr(`cni-perf-gate run: ${error.message}\n`);
          return EXIT_INTERRUPTED;
        }
        throw error;
      }
      writer.end();

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

/** `cni-perf-gate run` with the real platforms and clock. */
export const runCommand: CliCommand = createRunCommand({ createPlatforms, now: () => Date.now() });
