import { workDirOf, type ActionContext } from '../inputs/context.js';
import { compareResults } from '../../core/compare/engine.js';
import { join, relative, resolve } from 'node:path';
import { createActionsExec } from '../actions-exec.js';
import { UserError } from '../../core/errors.js';
import type { ActionDeps } from '../deps.js';
import type { SuiteRunRequest } from '../suite/suite-request.js';
import { readInputFile, resolveInputPath } from '../inputs/files.js';
import { readFileAtCommit } from '../inputs/git-base.js';
import type { ActionInputs } from '../inputs/inputs.js';
import {
  compareOptionsOf,
  comparisonOutcome,
  runSuiteRequest,
  saveResults,
  suiteRunRequest,
} from './common.js';
import type { ModeOutcome } from './outcome.js';

/**
 * `paired`: the head config is the checked-out `cni-config` file, the base config the same path at
 * the PR's base commit (read with git, no second checkout). Both run side by side on the lab in
 * ABBA order with adaptive sampling, and are compared paired — immune to drift between runners.
 */
export async function runPairedMode(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
): Promise<ModeOutcome> {
  // checkModeRequirements made sure of cni-config (inside the repository) and the base commit.
  const baseSha = context.pullRequestBaseSha!;
  const headPath = resolveInputPath(context.workspace, inputs.cniConfig!);
  const inRepo = relative(resolve(context.workspace), headPath);
  const headText = await readInputFile('cni-config', headPath);
  const options = await compareOptionsOf(context, inputs);
  const exec = deps.exec ?? createActionsExec();
  deps.core.info(`Reading ${inRepo} at the PR's base commit ${baseSha.slice(0, 12)}`);
  const baseText = await readFileAtCommit(exec, context.workspace, baseSha, inRepo);
  const request: SuiteRunRequest = {
    ...(await suiteRunRequest(context, inputs)),
    datapath: 'custom',
    kubeconfig: null,
    paired: {
      base: { source: `${inRepo}@${baseSha.slice(0, 12)}`, text: baseText },
      head: { source: inRepo, text: headText },
      pairingId: `${context.runId ?? 'local'}-${baseSha.slice(0, 8)}`,
      thresholds: options.thresholds ?? {},
    },
  };
  const results = await runSuiteRequest(deps, request, 'pair');
  const [base, head] = results;
  if (!base || !head || !base.pairing || !head.pairing) {
    throw new UserError(
      "mode 'paired': the suite runner returned no paired results; this action's suite runner must support paired requests",
    );
  }
  const workDir = workDirOf(context);
  await saveResults(base, join(workDir, 'base.json'));
  const resultsPath = await saveResults(head, join(workDir, 'head.json'));
  const report = compareResults(
    base,
    head,
    { ...options },
    {
      base: `base ${baseSha.slice(0, 12)}`,
      head: context.pullRequestNumber ? `PR #${context.pullRequestNumber}` : 'head',
    },
  );
  return comparisonOutcome(context, inputs, report, {
    resultsPath,
    baselineSource: `\`${inRepo}\` at the PR's base commit ${baseSha.slice(0, 12)}, run side by side (paired, ABBA)`,
  });
}
