import { workDirOf, type ActionContext } from '../inputs/context.js';
import { UserError, errorMessage } from '../../core/errors.js';
import { buildHistory } from '../../core/history/index.js';
import { renderHistoryMarkdown } from '../../core/report/history-markdown.js';
import { renderRunSummaryMarkdown } from '../../core/report/run-summary.js';
import type { ResultsFile } from '../../core/results/types.js';
import { join } from 'node:path';
import type { ActionDeps } from '../deps.js';
import type { ActionInputs } from '../inputs/inputs.js';
import { RESULTS_FILE_NAME, baselineArtifactName, reportTitle } from '../publish/names.js';
import {
  READ_HINT,
  downloadRecentBaselines,
  historyArtifactName,
  writeHistoryReport,
} from './baseline-history.js';
import { obtainHeadResults, saveResults } from './common.js';
import { githubCall } from './github-call.js';
import type { ModeOutcome } from './outcome.js';

const WRITE_HINT = "the job needs 'permissions: actions: write' to upload artifacts";

/**
 * The history part of baseline mode (`history: K`): the last K − 1 baselines plus this run, as an
 * HTML report (uploaded as an artifact, its directory the `history-report` output) and a markdown
 * trend for the job summary. Returns the markdown and the report directory.
 */
async function baselineHistory(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  head: ResultsFile,
): Promise<{ markdown: string; dir: string }> {
  // checkModeRequirements made sure of the workflow.
  const workflow = (inputs.baselineWorkflow ?? context.workflowFile)!;
  const api = deps.github(inputs.githubToken, context.repo);
  const branch =
    inputs.baselineBranch ??
    context.refName ??
    context.payloadDefaultBranch ??
    (await githubCall('read the repository default branch', READ_HINT, () => api.getDefaultBranch()));
  const workDir = workDirOf(context);
  const downloaded =
    inputs.history > 1
      ? await downloadRecentBaselines(deps, context, inputs, {
          api,
          workflow,
          branch,
          artifactName: baselineArtifactName(inputs.baselineKey),
          count: inputs.history - 1,
          dir: join(workDir, 'history-baselines'),
        })
      : { loaded: [], skipped: [] };
  const report = buildHistory(
    [...downloaded.loaded, { file: 'this run', results: head }],
    downloaded.skipped,
  );
  const dir = join(workDir, 'history-report');
  const files = await writeHistoryReport(
    report,
    dir,
    `cni-perf-gate history (${inputs.baselineKey})`,
    new Date().toISOString(),
  );
  const name = historyArtifactName(inputs.baselineKey);
  await githubCall(`upload artifact '${name}'`, WRITE_HINT, () =>
    deps.artifacts(inputs.githubToken, context.repo).upload(name, files, dir),
  );
  deps.core.info(`Uploaded history report artifact '${name}' (${report.files} runs)`);
  return { markdown: renderHistoryMarkdown(report).replace(/^## /, '### '), dir };
}

/**
 * `baseline`: measures (or reads `head-results`) and uploads the results as the key's baseline
 * artifact; with `history: K` also charts the last K baselines. A history that cannot be built
 * is a warning: the baseline itself was saved.
 */
export async function runBaselineMode(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
): Promise<ModeOutcome> {
  const head = await obtainHeadResults(deps, context, inputs);
  const dir = join(workDirOf(context), 'baseline-upload');
  const resultsPath = await saveResults(head, join(dir, RESULTS_FILE_NAME));
  const name = baselineArtifactName(inputs.baselineKey);
  const id = await githubCall(`upload artifact '${name}'`, WRITE_HINT, () =>
    deps.artifacts(inputs.githubToken, context.repo).upload(name, [resultsPath], dir),
  );
  deps.core.info(`Uploaded baseline artifact '${name}'${id === null ? '' : ` (id ${id})`}`);
  let history: { markdown: string; dir: string } | null = null;
  let historyProblem: string | null = null;
  if (inputs.history > 0) {
    try {
      history = await baselineHistory(deps, context, inputs, head);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      historyProblem = errorMessage(error);
      deps.core.warning(`history: ${historyProblem}`);
    }
  }
  const markdown = [
    `## ${reportTitle(inputs.baselineKey)}`,
    '',
    `Baseline saved as artifact \`${name}\`. Pull requests gate against it with \`baseline-key: ${inputs.baselineKey}\`.`,
    '',
    renderRunSummaryMarkdown([head]),
    '',
    ...(history ? [history.markdown] : []),
    ...(historyProblem ? [`History not built: ${historyProblem}`, ''] : []),
  ].join('\n');
  return {
    verdict: 'none',
    failVerdict: null,
    report: null,
    markdown,
    commentable: false,
    resultsPath,
    baselineFound: null,
    historyReportDir: history?.dir ?? null,
  };
}
