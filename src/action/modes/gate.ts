import { workDirOf, type ActionContext, runUrlOf } from '../inputs/context.js';
import { parseResultsJson } from '../../core/results/parse.js';
import type { ResultsFile } from '../../core/results/types.js';
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
import type { GateComparison, ModeOutcome } from './outcome.js';
import type { GateRequest } from './gate-request.js';

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
  const request: GateRequest = {
    api,
    workflow,
    branch,
    artifactName: baselineArtifactName(inputs.baselineKey),
    head,
    options,
    resultsPath,
    workDir,
  };
  const compared =
    inputs.history > 0
      ? await compareWithHistory(deps, context, inputs, { ...request, dir: join(workDir, 'baselines') })
      : await compareWithLatest(deps, context, inputs, request);
  return compared.found ? compared.outcome : noBaselineOutcome(deps, context, inputs, request, compared);
}

/** No baseline yet: a neutral outcome whose comment says how to make one. */
function noBaselineOutcome(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  request: GateRequest,
  missing: { readonly runsSearched: number },
): ModeOutcome {
  const { workflow, branch, artifactName, head, resultsPath } = request;
  const markdown = noBaselineMarkdown(
    deps,
    inputs,
    { workflow, branch, runsSearched: missing.runsSearched },
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

/** The newest successful baseline run's artifact, downloaded and compared with the head. */
async function compareWithLatest(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  request: GateRequest,
): Promise<GateComparison> {
  const { api, workflow, branch, artifactName } = request;
  deps.core.info(`Looking for artifact '${artifactName}' in successful runs of '${workflow}' on '${branch}'`);
  const lookup = await githubCall(`list runs of workflow '${workflow}' and their artifacts`, READ_HINT, () =>
    findLatestBaseline(api, { workflow, branch, artifactName }),
  );
  if (!lookup.found) return { found: false, runsSearched: lookup.runsSearched };
  const { run, artifact } = lookup.location;
  const baselineDir = join(request.workDir, 'baseline');
  deps.core.info(`Downloading baseline artifact ${artifact.id} from run ${run.htmlUrl}`);
  await githubCall(`download baseline artifact '${artifactName}' (id ${artifact.id})`, READ_HINT, () =>
    deps.artifacts(inputs.githubToken, context.repo).download(artifact.id, run.id, baselineDir),
  );
  const base = await readBaseline(baselineDir, artifactName, run.htmlUrl);
  const report = compareResults(base, request.head, request.options, {
    base: `baseline (${branch}, run ${run.id})`,
    head: context.pullRequestNumber ? `PR #${context.pullRequestNumber}` : 'this run',
  });
  const outcome = comparisonOutcome(context, inputs, report, {
    resultsPath: request.resultsPath,
    files: { base, head: request.head },
    baselineSource: `[run ${run.id}](${run.htmlUrl}) on \`${branch}\` (artifact \`${artifactName}\`, ${run.createdAt})`,
  });
  return { found: true, outcome: { ...outcome, baselinesCompared: 1 } };
}

/** The downloaded baseline's results file; one clear error when it is missing or unusable. */
async function readBaseline(dir: string, artifactName: string, runUrl: string): Promise<ResultsFile> {
  const files = await readdir(dir).catch(() => [] as string[]);
  if (!files.includes(RESULTS_FILE_NAME)) {
    throw new UserError(
      `baseline artifact '${artifactName}' of run ${runUrl} has no ${RESULTS_FILE_NAME} (found: ${files.join(', ') || 'nothing'}); re-run the baseline workflow`,
    );
  }
  const path = join(dir, RESULTS_FILE_NAME);
  try {
    return parseResultsJson(await readInputFile('baseline', path), path);
  } catch (error) {
    throw new UserError(
      `baseline artifact '${artifactName}' of run ${runUrl} is unusable: ${errorMessage(error)}; re-run the baseline workflow to replace it`,
    );
  }
}
