import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { createNodeExec } from '../../adapters/node-exec.js';
import { UserError } from '../../core/errors.js';
import type { ActionContext } from '../context.js';
import type { ActionDeps } from '../deps.js';
import { STATE_KEYS } from '../deps.js';
import { resolveInputPath } from '../files.js';
import { readFileAtCommit } from '../git-base.js';
import type { ActionInputs } from '../inputs.js';
import { compareOptionsOf, comparisonOutcome, saveResults, workDirOf } from './common.js';
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
  if (!inputs.cniConfig) {
    throw new UserError(
      "mode 'paired' needs input 'cni-config': the path of the conflist the PR changes (the base side is read from the PR's base commit)",
    );
  }
  if (inputs.headResults) {
    throw new UserError("input 'head-results' is not used in mode 'paired': it measures both sides itself");
  }
  const baseSha = context.pullRequestBaseSha;
  if (!baseSha) {
    throw new UserError(
      "mode 'paired' runs on pull_request events: the event payload has no pull_request.base.sha (use mode 'gate' elsewhere)",
    );
  }
  const headPath = resolveInputPath(context.workspace, inputs.cniConfig);
  const inRepo = relative(resolve(context.workspace), headPath);
  if (inRepo.startsWith('..')) {
    throw new UserError(
      `input 'cni-config': ${inputs.cniConfig} is outside the repository (${context.workspace})`,
    );
  }
  const headText = await readFile(headPath, 'utf8').catch(() => {
    throw new UserError(`input 'cni-config': file '${inputs.cniConfig}' cannot be read; check the path`);
  });
  const options = await compareOptionsOf(deps, context, inputs);
  const exec = deps.exec ?? createNodeExec();
  deps.core.info(`Reading ${inRepo} at the PR's base commit ${baseSha.slice(0, 12)}`);
  const baseText = await readFileAtCommit(exec, context.workspace, baseSha, inRepo);

  const suite = inputs.suite
    ? await (async () => {
        const source = resolveInputPath(context.workspace, inputs.suite!);
        return { text: await readFile(source, 'utf8'), source };
      })().catch(() => {
        throw new UserError(`input 'suite': file '${inputs.suite}' cannot be read; check the path`);
      })
    : null;
  const { core } = deps;
  core.saveState(STATE_KEYS.platform, inputs.platform);
  core.saveState(STATE_KEYS.labStarted, 'true');
  const results = await deps.runSuite(
    {
      platform: inputs.platform,
      datapath: 'custom',
      cniConfig: headPath,
      routing: inputs.routing,
      kubeconfig: null,
      suite,
      quick: inputs.quick,
      repetitions: inputs.repetitions,
      paired: {
        base: { source: `${inRepo}@${baseSha.slice(0, 12)}`, text: baseText },
        head: { source: inRepo, text: headText },
        pairingId: `${context.runId ?? 'local'}-${baseSha.slice(0, 8)}`,
        thresholds: options.thresholds ?? {},
      },
    },
    {
      group: (name, fn) => core.group(name, fn),
      onLog: (line) => core.info(line),
      onProgress: (e) =>
        core.info(
          `[${e.done + 1}/${e.total}] ${e.datapath} ${e.scenario} pair ${e.repetition}/${e.repetitions} (${Math.round(e.elapsedS)} s elapsed)`,
        ),
    },
  );
  const [base, head] = results;
  if (!base || !head || !base.pairing || !head.pairing) {
    throw new UserError(
      "mode 'paired': the suite runner returned no paired results; this action's suite runner must support paired requests",
    );
  }
  const workDir = workDirOf(context);
  await saveResults(deps, base, join(workDir, 'base.json'));
  const resultsPath = await saveResults(deps, head, join(workDir, 'head.json'));
  const report = deps.engine.compare(
    base,
    head,
    { ...options },
    {
      base: `base ${baseSha.slice(0, 12)}`,
      head: context.pullRequestNumber ? `PR #${context.pullRequestNumber}` : 'head',
    },
  );
  return comparisonOutcome(deps, context, inputs, report, {
    resultsPath,
    baselineSource: `\`${inRepo}\` at the PR's base commit ${baseSha.slice(0, 12)}, run side by side (paired, ABBA)`,
  });
}
