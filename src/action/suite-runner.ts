import { readFile } from 'node:fs/promises';
import { createPlatforms, type PlatformRequest } from '../cli/platform-factory.js';
import { UserError } from '../core/errors.js';
import { resolveSuiteConfig } from '../core/suite/config.js';
import { runSuite } from '../runner/run-suite.js';
import type { SuiteRunner } from './deps.js';

/**
 * The suite runner main uses: resolves the suite (file, quick profile, repetitions), builds the
 * platform for the one datapath, and runs it. SIGINT/SIGTERM (a cancelled job) abort the run;
 * the runner still tears down what it created.
 */
export function createSuiteRunner(toolVersion: string): SuiteRunner {
  return async (request, hooks) => {
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
