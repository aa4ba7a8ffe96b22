import { tmpdir } from 'node:os';
import { parseResultsJson } from '../../core/results/parse.js';
import type { ResultsFile } from '../../core/results/types.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import { createPlatforms, type PlatformRequest } from '../../platform/factory.js';
import { runPairedSuite } from '../../runner/paired-run.js';
import { runSuite } from '../../runner/run-suite.js';
import type { RunHooks } from '../../runner/types.js';
import type { SuiteRunner } from '../deps.js';
import { readInputFile } from '../inputs/files.js';
import { defaultRootCli, runSuiteAsRoot, type RootCli } from './root-cli.js';
import {
  pairedRunOptions,
  pairedSubjectOfSide,
  suiteConfigOf,
  type PairedSuiteRequest,
  type SuiteRunRequest,
} from './suite-request.js';

/** How the runner learns whether it may run the lab in-process. */
export interface SuiteRunnerOptions {
  /** True when this process is root (the lab then runs in-process). */
  readonly isRoot: boolean;
  /** Used for the lab when not root. */
  readonly rootCli: RootCli;
  /** Where the root CLI's files go (RUNNER_TEMP). */
  readonly tempDir: string;
}

/**
 * The suite runner main uses: resolves the suite (file, quick profile, repetitions), builds the
 * platform for the one datapath — or, for a paired request, both conflists as datapath `custom` —
 * and runs it. SIGINT/SIGTERM (a cancelled job) abort the run; the runner still tears down what
 * it created. The lab needs root: when the step is not root it runs the bundled CLI under
 * `sudo -n` instead (GitHub-hosted runners), with the same suite and options.
 */
export function createSuiteRunner(
  toolVersion: string,
  options: SuiteRunnerOptions = {
    isRoot: process.getuid?.() === 0,
    rootCli: defaultRootCli(),
    tempDir: process.env.RUNNER_TEMP ?? tmpdir(),
  },
): SuiteRunner {
  return async (request, hooks) => {
    if (request.platform === 'lab' && !options.isRoot) {
      return runSuiteAsRoot(options.rootCli, request, hooks, options.tempDir, parseResultsJson);
    }
    const suite = suiteConfigOf(request);
    let cniConfig: PlatformRequest['cniConfig'];
    if (request.cniConfig) {
      // The lab needs the conflist's text; Kubernetes applies the manifests' path (file or directory).
      cniConfig =
        request.platform === 'lab'
          ? { source: request.cniConfig, text: await readInputFile('cni-config', request.cniConfig) }
          : { source: request.cniConfig, path: request.cniConfig };
    }
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    process.once('SIGINT', abort);
    process.once('SIGTERM', abort);
    const withSignal: RunHooks = { ...hooks, signal: controller.signal };
    try {
      if (request.paired) return await runPaired(request, request.paired, suite, withSignal, toolVersion);
      const platforms = createPlatforms({
        platform: request.platform,
        datapaths: [request.datapath],
        ...(cniConfig ? { cniConfig } : {}),
        ...(request.routing ? { routing: request.routing } : {}),
        ...(request.kubeconfig ? { kubeconfig: request.kubeconfig } : {}),
        dummyServices: suite.dummyServices,
        ...(suite.kubeProxy ? { kubeProxy: suite.kubeProxy } : {}),
        signal: controller.signal,
        ...(hooks.onRunId ? { onRunId: hooks.onRunId } : {}),
      });
      return await runSuite(platforms, { suite, toolVersion, hooks: withSignal });
    } finally {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    }
  };
}

/**
 * A paired request in-process: both sides on the lab, or (platform kubernetes) each side's
 * manifests in its own kind cluster; returns `[base, head]`.
 */
async function runPaired(
  request: SuiteRunRequest,
  paired: PairedSuiteRequest,
  suite: SuiteConfig,
  hooks: RunHooks,
  toolVersion: string,
): Promise<readonly ResultsFile[]> {
  return runPairedSuite({
    platform: request.platform,
    suite,
    base: pairedSubjectOfSide(paired.base),
    head: pairedSubjectOfSide(paired.head),
    ...pairedRunOptions(request, paired),
    toolVersion,
    hooks,
    ...(hooks.onRunId ? { platformRequest: { onRunId: hooks.onRunId } } : {}),
  });
}
