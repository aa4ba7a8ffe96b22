import { relative, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import type { ActionContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import { resolveInputPath } from './files.js';
import { CUSTOM_ROUTINGS, KUBERNETES_DATAPATHS } from '../../platform/factory.js';
import { LAB_DATAPATHS } from '../../platform/lab/index.js';

/**
 * What a mode needs from the inputs and the event, checked once, before any work: every check of
 * the Action's configuration lives here (and in readActionInputs for single inputs), so the modes
 * trust what they get. Throws a UserError naming the input (never a CLI flag) and how to fix it.
 */
export function checkModeRequirements(inputs: ActionInputs, context: ActionContext): void {
  if (measures(inputs)) checkPlatformInputs(inputs);
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

/** True when the mode runs the suite here (rather than reading results files). */
function measures(inputs: ActionInputs): boolean {
  if (inputs.mode === 'paired') return true;
  return (inputs.mode === 'gate' || inputs.mode === 'baseline') && !inputs.headResults;
}

/**
 * The platform inputs of a run that measures: a datapath the platform has, a routing only where a
 * conflist is measured and only host-gw / vxlan, a kubeconfig only on Kubernetes. Checked here so
 * that the platform layer (and the bundled CLI the action may run under sudo) never answers an
 * action user with a CLI flag.
 */
function checkPlatformInputs(inputs: ActionInputs): void {
  const lab = inputs.platform === 'lab';
  const datapaths: readonly string[] = lab ? LAB_DATAPATHS : KUBERNETES_DATAPATHS;
  if (inputs.mode !== 'paired' && !datapaths.includes(inputs.datapath)) {
    throw new UserError(
      `input 'datapath': '${inputs.datapath}' is not a ${inputs.platform} datapath; valid: ${datapaths.join(', ')}`,
    );
  }
  if (inputs.routing !== null) {
    if (!lab) throw new UserError("input 'routing' is only used with platform 'lab' (remove it)");
    if (!(CUSTOM_ROUTINGS as readonly string[]).includes(inputs.routing)) {
      throw new UserError(
        `input 'routing' must be one of ${CUSTOM_ROUTINGS.join(', ')} (got '${inputs.routing}')`,
      );
    }
    if (inputs.mode !== 'paired' && inputs.datapath !== 'custom') {
      throw new UserError(
        `input 'routing' is only used with datapath 'custom' or mode 'paired' (datapath '${inputs.datapath}' has its own routing)`,
      );
    }
  }
  if (inputs.kubeconfig !== null && lab) {
    throw new UserError(
      "input 'kubeconfig' is only used with platform 'kubernetes' (remove it, or set platform: kubernetes)",
    );
  }
  if (!lab && inputs.mode !== 'paired' && inputs.datapath === 'existing' && inputs.kubeconfig === null) {
    throw new UserError("datapath 'existing' needs input 'kubeconfig': the cluster whose CNI to measure");
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
