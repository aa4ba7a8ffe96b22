import { createNodeExec } from '../../adapters/node-exec.js';
import { subjectLabel } from '../../core/kube-proxy.js';
import { renderRunSummary } from '../../core/report/run-summary.js';
import { serializeResults } from '../../core/results/serialize.js';
import {
  DEFAULT_DATAPATHS,
  KUBERNETES_DATAPATHS,
  contenderLabels,
  createPlatforms,
} from '../../platform/factory.js';
import { LAB_DATAPATHS } from '../../platform/lab/index.js';
import { runSuite } from '../../runner/run-suite.js';
import { CLI_VERSION } from '../../version.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { forgetLeftovers, leftoverCommand, noteLeftovers } from '../leftover-notes.js';
import { claimOutputs, writeResultsFiles } from '../results-output.js';
import { createNodeElevation, rerunAsRootIfNeeded } from '../elevate.js';
import { abortReason } from '../../runner/interrupted.js';
import { perfProfilerFactory } from '../profiler-option.js';
import { gitSource } from '../git-source.js';
import { EXIT_INTERRUPTED, INTERRUPTED, progressWriter, withProgress } from '../progress.js';
import {
  DEFAULT_OUT_DIR,
  RUN_OPTIONS,
  checkUnpairedFlags,
  planOutputs,
  profilerFromFlags,
  suiteFromFlags,
  type RunValues,
} from './run-flags.js';
import { checkKubeProxyFlags, platformRequestFromFlags } from './run-platform-flags.js';
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

/** `run` without --paired: the suite on one or more datapaths, interleaved, then the summary table. */
async function runDatapaths(
  values: RunValues,
  positionals: readonly string[],
  io: CliIo,
  deps: RunCommandDeps,
): Promise<number> {
  checkUnpairedFlags(values);
  expectPositionals('run', positionals, [], USAGE);
  const suite = await suiteFromFlags(values, io);
  const fromFlags = await platformRequestFromFlags(values, io);
  checkKubeProxyFlags(values, fromFlags, suite.kubeProxy);
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
  createPlatforms,
  now: () => Date.now(),
  source: (cwd, env) => gitSource(createNodeExec(), cwd, env),
  elevation: createNodeElevation(),
  profiler: perfProfilerFactory,
});
