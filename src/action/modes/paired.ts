import { workDirOf, type ActionContext } from '../inputs/context.js';
import { compareResults } from '../../core/compare/engine.js';
import { join, relative, resolve } from 'node:path';
import { createActionsExec } from '../actions-exec.js';
import { UserError } from '../../core/errors.js';
import type { ActionDeps } from '../deps.js';
import type { PairedSuiteRequest, SuiteRunRequest } from '../suite/suite-request.js';
import type { Exec } from '../../adapters/exec.js';
import { rm } from 'node:fs/promises';
import { expectInputPath, readInputFile, resolveInputPath } from '../inputs/files.js';
import { checkoutPathAtCommit, readFileAtCommit } from '../inputs/git-base.js';
import type { ActionInputs, ActionPlatform } from '../inputs/inputs.js';
import {
  compareOptionsOf,
  comparisonOutcome,
  runSuiteRequest,
  saveResults,
  suiteRunRequest,
} from './common.js';
import type { ModeOutcome } from './outcome.js';

/**
 * `paired`: the head is the checked-out `cni-config`, the base the same path at the PR's base
 * commit (read with git, no second checkout). On the lab both conflists run side by side; on
 * Kubernetes the two manifests (file or directory) each get a kind cluster of the same shape. In
 * ABBA order with adaptive sampling, compared paired — immune to drift between runners.
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
  const options = await compareOptionsOf(context, inputs);
  const exec = deps.exec ?? createActionsExec();
  deps.core.info(`Reading ${inRepo} at the PR's base commit ${baseSha.slice(0, 12)}`);
  const sides = await pairedSides(exec, context, inputs.platform, { headPath, inRepo, baseSha });
  const request: SuiteRunRequest = {
    ...(await suiteRunRequest(context, inputs, 'custom')),
    kubeconfig: null,
    paired: {
      ...sides,
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
    files: { base, head },
    baselineSource: `\`${inRepo}\` at the PR's base commit ${baseSha.slice(0, 12)}, run side by side${inputs.platform === 'kubernetes' ? ' in two kind clusters of the same shape' : ''} (paired, ABBA)`,
  });
}

/**
 * Both sides of `cni-config`: on the lab the conflist's text now and at the base commit; on
 * Kubernetes the checked-out manifests path and the same path written out from the base commit
 * into the work directory.
 */
async function pairedSides(
  exec: Exec,
  context: ActionContext,
  platform: ActionPlatform,
  where: { readonly headPath: string; readonly inRepo: string; readonly baseSha: string },
): Promise<Pick<PairedSuiteRequest, 'base' | 'head'>> {
  const { headPath, inRepo, baseSha } = where;
  const baseSource = `${inRepo}@${baseSha.slice(0, 12)}`;
  if (platform === 'kubernetes') {
    await expectInputPath('cni-config', headPath, inRepo);
    const baseDir = join(workDirOf(context), 'paired-base');
    await rm(baseDir, { recursive: true, force: true });
    const basePath = await checkoutPathAtCommit(exec, context.workspace, baseSha, inRepo, baseDir);
    return { base: { source: baseSource, path: basePath }, head: { source: inRepo, path: headPath } };
  }
  const headText = await readInputFile('cni-config', headPath);
  const baseText = await readFileAtCommit(exec, context.workspace, baseSha, inRepo);
  return { base: { source: baseSource, text: baseText }, head: { source: inRepo, text: headText } };
}
