import { readFile } from 'node:fs/promises';
import { readActionContext } from './inputs/context.js';
import type { ActionDeps } from './deps.js';
import { shouldFail } from './publish/fail-policy.js';
import { readActionInputs } from './inputs/inputs.js';
import { checkModeRequirements } from './inputs/mode-requirements.js';
import { runBaselineMode } from './modes/baseline.js';
import { runCommentMode } from './modes/comment.js';
import { runCompareMode } from './modes/compare.js';
import { runGateMode } from './modes/gate.js';
import type { ModeOutcome } from './modes/outcome.js';
import { runPairedMode } from './modes/paired.js';
import { publishOutcome } from './publish/publish.js';

/** How the step ended: 0 = success, 1 = failed by the fail policy. Errors are thrown. */
export interface ActionResult {
  readonly exitCode: 0 | 1;
  readonly verdict: string;
  /** Why the step failed, one line (null on success). */
  readonly failure: string | null;
}

/**
 * The whole action: read inputs and context, run the mode, publish (summary, comment,
 * annotations, outputs), and apply the fail policy. UserError/ToolError propagate to main.
 */
export async function runAction(deps: ActionDeps): Promise<ActionResult> {
  const inputs = readActionInputs((name) => deps.core.getInput(name), {
    runnerOs: deps.env['RUNNER_OS'] ?? '',
  });
  const eventPath = deps.env['GITHUB_EVENT_PATH'];
  const payloadText = eventPath ? await readFile(eventPath, 'utf8').catch(() => null) : null;
  const context = readActionContext(deps.env, payloadText, { tempDir: deps.osTempDir, cwd: deps.cwd });
  checkModeRequirements(inputs, context);
  deps.core.info(`cni-perf-gate ${deps.toolVersion}: mode '${inputs.mode}', key '${inputs.baselineKey}'`);

  let outcome: ModeOutcome;
  switch (inputs.mode) {
    case 'baseline':
      outcome = await runBaselineMode(deps, context, inputs);
      break;
    case 'gate':
      outcome = await runGateMode(deps, context, inputs);
      break;
    case 'compare':
      outcome = await runCompareMode(deps, context, inputs);
      break;
    case 'comment':
      outcome = await runCommentMode(deps, context, inputs);
      break;
    case 'paired':
      outcome = await runPairedMode(deps, context, inputs);
      break;
  }
  await publishOutcome(deps, context, inputs, outcome);

  if (shouldFail(outcome.failVerdict, inputs.failOn)) {
    const n = outcome.report?.counts.regression ?? 0;
    const failure =
      outcome.failVerdict === 'regression'
        ? `performance regression: ${n} metric(s) regressed significantly beyond their thresholds (fail-on: ${inputs.failOn})`
        : `verdict '${outcome.failVerdict}' fails this step (fail-on: ${inputs.failOn})`;
    return { exitCode: 1, verdict: outcome.verdict, failure };
  }
  return { exitCode: 0, verdict: outcome.verdict, failure: null };
}
