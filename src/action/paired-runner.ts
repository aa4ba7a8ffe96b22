import { runPairedSuite } from '../runner/paired-run.js';
import { UserError } from '../core/errors.js';
import type { ResultsFile } from '../core/results/types.js';
import { resolveSuiteConfig } from '../core/suite/config.js';
import type { RunHooks } from '../runner/types.js';
import type { SuiteRunRequest } from './deps.js';

/**
 * The paired branch of the action's suite runner: builds the suite like the single-datapath runner
 * and runs `request.paired.base` and `.head` (both datapath `custom`, routing `request.routing`)
 * side by side on the lab. Returns `[base, head]`. The caller owns the abort signal (in `hooks`).
 *
 * Wiring (suite-runner.ts): `if (request.paired) return runPairedRequest(request, hooks, toolVersion);`
 * with `hooks.signal` set to the runner's AbortController signal.
 */
export async function runPairedRequest(
  request: SuiteRunRequest,
  hooks: RunHooks,
  toolVersion: string,
): Promise<readonly ResultsFile[]> {
  const paired = request.paired;
  if (!paired) throw new Error('internal: runPairedRequest without a paired request');
  if (request.platform !== 'lab') {
    throw new UserError(
      `mode 'paired' runs base and head side by side on one machine: input 'platform' must be 'lab' (got '${request.platform}')`,
    );
  }
  const suite = resolveSuiteConfig({
    ...(request.suite ? { text: request.suite.text, source: request.suite.source } : {}),
    overrides: {
      quick: request.quick,
      ...(request.repetitions !== null ? { repetitions: request.repetitions } : {}),
    },
  });
  return runPairedSuite({
    suite,
    base: { kind: 'conflist', source: paired.base.source, text: paired.base.text },
    head: { kind: 'conflist', source: paired.head.source, text: paired.head.text },
    ...(request.routing ? { routing: request.routing } : {}),
    adaptive: paired.adaptive ?? true,
    thresholds: paired.thresholds,
    pairingId: paired.pairingId,
    toolVersion,
    hooks,
  });
}
