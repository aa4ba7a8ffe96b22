import { workDirOf, type ActionContext, runUrlOf } from '../inputs/context.js';
import { parseResultsJson } from '../../core/results/parse.js';
import { compareResults } from '../../core/compare/engine.js';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError, errorMessage } from '../../core/errors.js';
import { findLatestBaseline } from '../../github/baseline-lookup.js';
import type { ActionDeps } from '../deps.js';
import { readInputFile } from '../inputs/files.js';
import type { ActionInputs } from '../inputs/inputs.js';
import { RESULTS_FILE_NAME, baselineArtifactName } from '../publish/names.js';
import { compareOptionsOf, comparisonOutcome, obtainHeadResults, saveResults } from './common.js';
import { READ_HINT } from './baseline-history.js';
import { compareWithHistory } from './gate-history.js';
import { githubCall } from './github-call.js';
import { noBaselineMarkdown } from './no-baseline.js';
import type { ModeOutcome } from './outcome.js';

/**
 * `gate`: measures the head (or reads `head-results`), finds the newest baseline artifact
 * of the baseline workflow on the baseline branch, downloads it and compares. With `history: K`
 * it compares with the last K baselines after their latest change point, pooled (gate-history.ts).
 * No baseline yet → a neutral outcome with instructions; a corrupt one → one clear error.
 */
export async function runGateMode(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
): Promise<ModeOutcome> {
  // checkModeRequirements made sure of the token and the workflow.
  const workflow = (inputs.baselineWorkflow ?? context.workflowFile)!;
  // Read the options first: a bad thresholds input should fail before a long suite run.
  const options = await compareOptionsOf(context, inputs);
  const head = await obtainHeadResults(deps, context, inputs);
  const workDir = workDirOf(context);
  const resultsPath = await saveResults(head, join(workDir, RESULTS_FILE_NAME));

  const api = deps.github(inputs.githubToken, context.repo);
  const branch =
    inputs.baselineBranch ??
    context.payloadDefaultBranch ??
    (await githubCall('read the repository default branch', READ_HINT, () => api.getDefaultBranch()));
  const artifactName = baselineArtifactName(inputs.baselineKey);
  let lookup: { found: false; runsSearched: number } | Awaited<ReturnType<typeof findLatestBaseline>>;
  if (inputs.history > 0) {
    const withHistory = await compareWithHistory(deps, context, inputs, {
      api,
      workflow,
      branch,
      artifactName,
      head,
      options,
      resultsPath,
      dir: join(workDir, 'baselines'),
    });
    if (!('found' in withHistory)) return withHistory;
    lookup = withHistory;
  } else {
    deps.core.info(
      `Looking for artifact '${artifactName}' in successful runs of '${workflow}' on '${branch}'`,
    );
    lookup = await githubCall(`list runs of workflow '${workflow}' and their artifacts`, READ_HINT, () =>
      findLatestBaseline(api, { workflow, branch, artifactName }),
    );
  }
  if (!lookup.found) {
    const markdown = noBaselineMarkdown(
      deps,
      inputs,
      { workflow, branch, runsSearched: lookup.runsSearched },
      head,
      runUrlOf(context),
    );
    deps.core.warning(
      `no baseline '${artifactName}' found on branch '${branch}' (workflow '${workflow}'); run this action with mode 'baseline' there first`,
    );
    return {
      verdict: 'inconclusive',
      failVerdict: null,
      report: null,
      markdown,
      commentable: true,
      resultsPath,
      baselineFound: false,
    };
  }

  const { run, artifact } = lookup.location;
  const baselineDir = join(workDir, 'baseline');
  deps.core.info(`Downloading baseline artifact ${artifact.id} from run ${run.htmlUrl}`);
  await githubCall(`download baseline artifact '${artifactName}' (id ${artifact.id})`, READ_HINT, () =>
    deps.artifacts(inputs.githubToken, context.repo).download(artifact.id, run.id, baselineDir),
  );
  const files = await readdir(baselineDir).catch(() => [] as string[]);
  if (!files.includes(RESULTS_FILE_NAME)) {
    throw new UserError(
      `baseline artifact '${artifactName}' of run ${run.htmlUrl} has no ${RESULTS_FILE_NAME} (found: ${files.join(', ') || 'nothing'}); re-run the baseline workflow`,
    );
  }
  const baselineFile = join(baselineDir, RESULTS_FILE_NAME);
  let base;
  try {
    base = parseResultsJson(await readInputFile('baseline', baselineFile), baselineFile);
  } catch (error) {
    throw new UserError(
      `baseline artifact '${artifactName}' of run ${run.htmlUrl} is unusable: ${errorMessage(error)}; re-run the baseline workflow to replace it`,
    );
  }
  const report = compareResults(base, head, options, {
    base: `baseline (${branch}, run ${run.id})`,
    head: context.pullRequestNumber ? `PR #${context.pullRequestNumber}` : 'this run',
  });
  const outcome = comparisonOutcome(context, inputs, report, {
    resultsPath,
    baselineSource: `[run ${run.id}](${run.htmlUrl}) on \`${branch}\` (artifact \`${artifactName}\`, ${run.createdAt})`,
  });
  return { ...outcome, baselinesCompared: 1 };
}
