import { readFile } from 'node:fs/promises';
import { createPlatforms, type PlatformRequest } from '../platform/factory.js';
import { UserError } from '../core/errors.js';
import { resolveSuiteConfig } from '../core/suite/config.js';
import { runSuite } from '../runner/run-suite.js';
import type { SuiteRunner } from './deps.js';
import { runPairedRequest } from './paired-runner.js';
import { defaultRootCli, runSuiteAsRoot, type RootCli } from './root-cli.js';
import { parseResultsJson } from '../core/results/parse.js';
import { tmpdir } from 'node:os';

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
 * platform for the one datapath, and runs it. SIGINT/SIGTERM (a cancelled job) abort the run;
 * the runner still tears down what it created. The lab needs root: when the step is not root it
 * runs the bundled CLI under `sudo -n` instead (GitHub-hosted runners), with the same suite.
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
    const suite = resolveSuiteConfig({
      ...(request.suite ? { text: request.suite.text, source: request.suite.source } : {}),
      overrides: {
        quick: request.quick,
        ...(request.repetitions !== null ? { repetitions: request.repetitions } : {}),
      },
    });
    let cniConfig: PlatformRequest['cniConfig'];
    if (request.cniConfig) {
      const text = await readFile(request.cniConfig, 'utf8').catch(() => {
        throw new UserError(`input 'cni-config': file '${request.cniConfig}' cannot be read; check the path`);
      });
      cniConfig = { source: request.cniConfig, text };
    }
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    process.once('SIGINT', abort);
    process.once('SIGTERM', abort);
    try {
      if (request.paired) {
        return await runPairedRequest(request, { ...hooks, signal: controller.signal }, toolVersion);
      }
      const platforms = createPlatforms({
        platform: request.platform,
        datapaths: [request.datapath],
        ...(cniConfig ? { cniConfig } : {}),
        ...(request.routing ? { routing: request.routing } : {}),
        ...(request.kubeconfig ? { kubeconfig: request.kubeconfig } : {}),
        dummyServices: suite.dummyServices,
        signal: controller.signal,
      });
      return await runSuite(platforms, {
        suite,
        toolVersion,
        hooks: { ...hooks, signal: controller.signal },
      });
    } finally {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    }
  };
}
