import { relative, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import { resolveInputPath } from './files.js';
import { checkPlatformInputs } from './platform-inputs.js';

/**
 * What a mode needs from the inputs and the event, checked once, before any work: every check of
 * the Action's configuration lives here (and in readActionInputs for single inputs), so the modes
 * trust what they get. Throws a UserError naming the input (never a CLI flag) and how to fix it.
 */
export function checkModeRequirements(inputs: ActionInputs, context: ActionContext): void {
  checkPlatformInputs(inputs);
  switch (inputs.mode) {
    case 'gate':
      requireToken(
        inputs,
        "mode 'gate' needs it to find the baseline artifact (the default ${{ github.token }} works)",
      );
      requireWorkflow(inputs, context, "the workflow that runs mode 'baseline'");
      break;
    case 'baseline':
      if (inputs.history > 0)
        requireWorkflow(inputs, context, "this workflow's file name to read its earlier baselines");
      break;
    case 'comment':
      if ((inputs.reportRunId ?? context.workflowRun?.id ?? null) === null) {
        throw new UserError(
          "mode 'comment' runs on a 'workflow_run' event (or with input 'report-run-id'); this event carries no workflow run",
        );
      }
      requireToken(inputs, "mode 'comment' needs it");
      break;
    case 'paired':
      checkPaired(inputs, context);
      break;
    case 'compare':
      break;
  }
}

function requireToken(inputs: ActionInputs, why: string): void {
  if (!inputs.githubToken) throw new UserError(`input 'github-token' is empty; ${why}`);
}

function requireWorkflow(inputs: ActionInputs, context: ActionContext, what: string): void {
  if (!(inputs.baselineWorkflow ?? context.workflowFile)) {
    throw new UserError(
      `input 'baseline-workflow' is empty and GITHUB_WORKFLOW_REF names no workflow file; set it to ${what.startsWith('this') ? what : `the file name of ${what}`}`,
    );
  }
}

function checkPaired(inputs: ActionInputs, context: ActionContext): void {
  const kubernetes = inputs.platform === 'kubernetes';
  if (!inputs.cniConfig) {
    throw new UserError(
      kubernetes
        ? "mode 'paired' with platform 'kubernetes' needs input 'cni-config': the CNI manifests (a file or a directory) the PR changes (the base side is read from the PR's base commit)"
        : "mode 'paired' needs input 'cni-config': the path of the conflist the PR changes (the base side is read from the PR's base commit)",
    );
  }
  if (kubernetes && inputs.kubeconfig) {
    throw new UserError(
      "input 'kubeconfig' is not used in mode 'paired': it creates two kind clusters of the same shape, one per side (use mode 'gate' to measure an existing cluster)",
    );
  }
  if (inputs.headResults) {
    throw new UserError("input 'head-results' is not used in mode 'paired': it measures both sides itself");
  }
  if (!context.pullRequestBaseSha) {
    throw new UserError(
      "mode 'paired' runs on pull_request events: the event payload has no pull_request.base.sha (use mode 'gate' elsewhere)",
    );
  }
  const headPath = resolveInputPath(context.workspace, inputs.cniConfig);
  if (relative(resolve(context.workspace), headPath).startsWith('..')) {
    throw new UserError(
      `input 'cni-config': ${inputs.cniConfig} is outside the repository (${context.workspace})`,
    );
  }
}
