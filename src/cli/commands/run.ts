import { join, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { createNodeExec } from '../../adapters/node-exec.js';
import { UserError } from '../../core/errors.js';
import { subjectLabel } from '../../core/kube-proxy.js';
import { renderRunSummary } from '../../core/report/run-summary.js';
import { serializeResults } from '../../core/results/serialize.js';
import type { PlatformKind } from '../../core/results/types.js';
import {
  DEFAULT_DATAPATHS,
  KUBERNETES_DATAPATHS,
  PLATFORM_KINDS,
  contenderLabels,
  createPlatforms,
  defaultDatapaths,
  type PlatformRequest,
} from '../../platform/factory.js';
import { LAB_DATAPATHS } from '../../platform/lab/index.js';
import { runSuite } from '../../runner/run-suite.js';
import { CLI_VERSION } from '../../version.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { readInputFile } from '../files.js';
import { forgetLeftovers, leftoverCommand, noteLeftovers } from '../leftover-notes.js';
import { claimOutputs, writeResultsFiles } from '../results-output.js';
import { createNodeElevation, rerunAsRootIfNeeded } from '../elevate.js';
import { abortReason } from '../../runner/interrupted.js';
import { perfProfilerFactory } from '../profiler-option.js';
import { gitSource } from '../git-source.js';
import { EXIT_INTERRUPTED, INTERRUPTED, progressWriter, withProgress } from '../progress.js';
import {
  CLI_FLAG_NAMES,
  DEFAULT_OUT_DIR,
  RUN_OPTIONS,
  ensureOutDir,
  integerFlag,
  profilerFromFlags,
  suiteFromFlags,
  type RunValues,
} from './run-flags.js';
import { runPairedCommand } from './run-paired.js';
import type { RunCommandDeps } from './run-deps.js';

export type { RunCommandDeps } from './run-deps.js';

const USAGE = 'cni-perf-gate run [options]';

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
  --kind-node-image IMAGE     --platform kubernetes: kind node image (default: the pinned Kubernetes
                              1.32 image, inside the pinned Calico's and Cilium's tested ranges)
  --suite FILE                suite YAML (see suites/default.yaml); default: the default profile
  --quick                     the quick profile: cross-node tcp-stream + http-max, 7 × 2 s samples
  --repetitions N             samples per scenario and datapath (overrides the suite)
  --duration S                seconds per sample for iperf3 and wrk (overrides the suite)
  --mtu 1500|9000             lab underlay MTU (default: 1500)
  --cni-path DIR[:DIR…]       lab: where the CNI plugin binaries are (default: CNI_PATH, else
                              /usr/lib/cni:/opt/cni/bin); their paths and SHA-256 go into the results
  --paired BASE HEAD          run two subjects side by side: on the lab each a datapath name or a
                              conflist path (run as custom with --routing); with --platform
                              kubernetes each a CNI preset or a manifests file/directory, in two kind
                              clusters of the same shape created concurrently; samples in ABBA order
                              after a discarded warm-up pair, adaptive n (see maxRepetitions/timeBudgetS
                              in suites/default.yaml); writes DIR/base.json + DIR/head.json, prints the
                              paired comparison and exits like compare (0 pass, 1 regression, 2 error)
  --fixed-n                   with --paired: exactly --repetitions pairs, no adaptive stopping
  --threshold METRIC=PCT      with --paired: a gate threshold (repeatable) for the stop rule and
                              the comparison; --thresholds FILE as in compare
  --pairing-id ID             with --paired: the pairing id both files record (default: time + random)
  --profile                   CPU profiles of every kept sample (perf record -e cpu-clock -a -g;
                              needs linux-perf and root): folded stacks per scenario in the results,
                              per-function kernel CPU per unit of work per sample; compare explains a
                              change with them (flame graph: compare --format html). Without perf
                              one line says so and the run goes on
  --kube-proxy MODE[,MODE…]   service path of the service topologies (lab, default: iptables):
                              iptables, nftables (verdict maps), ebpf (cgroup connect() socket LB);
                              several run interleaved as separate contenders named <datapath>+<mode>
                              (iptables keeps the plain name); overrides the suite's kubeProxy
  --out FILE|DIR              one datapath: FILE.json or DIR; several: DIR gets <datapath>.json each
                              (default: ${DEFAULT_OUT_DIR})
  -h, --help                  show this help

Ctrl-C (SIGINT) or SIGTERM stops the run, removes everything it created and exits 130.
The lab needs root (network namespaces): started by another user, run re-runs itself with
\`sudo -n\` (run \`sudo -v\` first, as ./scripts/setup.sh does, if sudo asks for a password).
`;

/** Flags only `run --paired` uses. */
const PAIRED_ONLY = ['fixed-n', 'threshold', 'thresholds', 'pairing-id'] as const;

/** Where each results file goes, decided before the run so bad paths fail early. */
async function planOutputs(
  out: string,
  cwd: string,
  datapaths: readonly string[],
): Promise<(d: string) => string> {
  const isDir = await stat(resolve(cwd, out)).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir && /\.json$/i.test(out)) {
    if (datapaths.length > 1) {
      throw new UserError(
        `run: --out ${out} names one file but ${datapaths.length} datapaths give ${datapaths.length} results files; pass a directory`,
      );
    }
    return () => out;
  }
  await ensureOutDir(out, cwd);
  return (datapath) => join(out, `${datapath}.json`);
}

/** The platforms `--platform`, `--datapath`, `--cni-config`, … ask for (and the datapath names). */
async function platformRequestFromFlags(
  values: RunValues,
  io: CliIo,
): Promise<PlatformRequest & { readonly platform: PlatformKind; readonly datapaths: readonly string[] }> {
  const platformKind = values.platform ?? 'lab';
  if (!(PLATFORM_KINDS as readonly string[]).includes(platformKind)) {
    throw new UserError(
      `run: --platform must be one of ${PLATFORM_KINDS.join(', ')} (got ${JSON.stringify(platformKind)})`,
    );
  }
  const platform = platformKind as PlatformKind;
  const kubeconfig = values.kubeconfig === undefined ? undefined : resolve(io.cwd, values.kubeconfig);
  const datapaths =
    values.datapath === undefined
      ? defaultDatapaths({ platform, kubeconfig })
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
          ...(platform === 'lab' ? { text: await readInputFile(cniPath, io.cwd, 'CNI config') } : {}),
        };
  return {
    platform,
    datapaths,
    cniConfig,
    routing: values.routing,
    kubeconfig,
    mtu: integerFlag('--mtu', values.mtu),
    ...(values['cni-path'] !== undefined ? { cniPath: values['cni-path'] } : {}),
    ...(values['kind-node-image'] !== undefined ? { kindNodeImage: values['kind-node-image'] } : {}),
  };
}

/** `run` without --paired: the suite on one or more datapaths, interleaved, then the summary table. */
async function runDatapaths(
  values: RunValues,
  positionals: readonly string[],
  io: CliIo,
  deps: RunCommandDeps,
): Promise<number> {
  for (const flag of PAIRED_ONLY) {
    if (values[flag] !== undefined)
      throw new UserError(`run: --${flag} is only used with --paired BASE HEAD`);
  }
  expectPositionals('run', positionals, [], USAGE);
  const suite = await suiteFromFlags(values, io);
  const fromFlags = await platformRequestFromFlags(values, io);
  const { datapaths } = fromFlags;
  const writer = progressWriter(io);
  const labels = contenderLabels(datapaths, suite.kubeProxy);
  const platforms = deps.createPlatforms({
    ...fromFlags,
    dummyServices: suite.dummyServices,
    ...(suite.kubeProxy ? { kubeProxy: suite.kubeProxy } : {}),
    signal: io.signal,
    onRunId: (datapath, runId) => {
      const cleanup = leftoverCommand(fromFlags.platform, runId, fromFlags.kubeconfig);
      noteLeftovers(runId, cleanup);
      writer.log(
        `run: ${datapath} is ${fromFlags.platform} run ${runId} (resources cpg-${runId}…; if this process is killed: ${cleanup})`,
      );
    },
    onLog: (line) => writer.log(line),
  });
  const outPath = await planOutputs(values.out ?? DEFAULT_OUT_DIR, io.cwd, labels);
  // Writable and not claimed by another run: checked before anything is measured.
  const claim = await claimOutputs(labels.map(outPath), io.cwd);
  try {
    io.stderr(
      `run: ${platforms.length} datapath(s) ${labels.join(', ')}; suite ${suite.profile}${values.suite ? ` (${values.suite})` : ''}: ` +
        `${suite.topologies.length} topologies × ${suite.tests.length} tests × ${suite.repetitions} reps\n`,
    );
    const profiler = await profilerFromFlags(values, deps, (line) => io.stderr(`${line}\n`));
    const results = await withProgress(io, writer, (hooks) =>
      runSuite(platforms, {
        suite,
        toolVersion: CLI_VERSION,
        now: deps.now,
        hooks,
        ...(profiler ? { profiler } : {}),
      }),
    );
    forgetLeftovers(); // runSuite returns (or throws) only after teardown
    if (results === INTERRUPTED) return EXIT_INTERRUPTED;
    if (io.signal.aborted) {
      io.stderr(
        `run: ${signalName(io.signal)} arrived after measuring had finished: the results are complete and teardown is done\n`,
      );
    }

    const source = await deps.source?.(io.cwd, io.env);
    await writeResultsFiles(
      results.map((file) => ({
        path: outPath(subjectLabel(file.subject)),
        content: serializeResults(source ? { ...file, source } : file),
      })),
      io.cwd,
      (line) => io.stderr(`${line}\n`),
      claim.replacing,
    );
    io.stdout(`${renderRunSummary(results, 'host')}\n`);
    return 0;
  } finally {
    await claim.release();
  }
}

/** "SIGINT" from an abort reason like `interrupted by SIGINT`, else "the interrupt". */
function signalName(signal: AbortSignal): string {
  return /\b(SIG[A-Z]+)\b/.exec(abortReason(signal))?.[1] ?? 'the interrupt';
}

/** Builds the `run` command with injectable platforms and clock. */
export function createRunCommand(deps: RunCommandDeps): CliCommand {
  return {
    name: 'run',
    summary: 'run the iperf3 + wrk suite on one or more datapaths and write results files',
    help: HELP,
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs('run', argv, RUN_OPTIONS);
      if ((values.platform ?? 'lab') === 'lab' && deps.elevation) {
        const code = await rerunAsRootIfNeeded(deps.elevation, ['run', ...argv], io.env, (line) =>
          io.stderr(`${line}\n`),
        );
        if (code !== undefined) return code;
      }
      return values.paired
        ? runPairedCommand(values, positionals, io, deps)
        : runDatapaths(values, positionals, io, deps);
    },
  };
}

/** `cni-perf-gate run` with the real platforms and clock. */
export const runCommand: CliCommand = createRunCommand({
  createPlatforms: (request) => createPlatforms(request, CLI_FLAG_NAMES),
  now: () => Date.now(),
  source: (cwd, env) => gitSource(createNodeExec(), cwd, env),
  elevation: createNodeElevation(),
  profiler: perfProfilerFactory,
});
