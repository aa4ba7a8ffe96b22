import { workDirOf, type ActionContext } from '../inputs/context.js';
import { renderRunSummaryMarkdown } from '../../core/report/run-summary.js';
import { join } from 'node:path';
import type { ActionDeps } from '../deps.js';
import type { ActionInputs } from '../inputs/inputs.js';
import { RESULTS_FILE_NAME, baselineArtifactName, reportTitle } from '../publish/names.js';
import { obtainHeadResults, saveResults } from './common.js';
import { githubCall } from './github-call.js';
import type { ModeOutcome } from './outcome.js';

/** `baseline`: measures (or reads `head-results`) and uploads the results as the key's baseline artifact. */
export async function runBaselineMode(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
): Promise<ModeOutcome> {
  const head = await obtainHeadResults(deps, context, inputs);
  const dir = join(workDirOf(context), 'baseline-upload');
  const resultsPath = await saveResults(head, join(dir, RESULTS_FILE_NAME));
  const name = baselineArtifactName(inputs.baselineKey);
  const id = await githubCall(
    `upload artifact '${name}'`,
    "the job needs 'permissions: actions: write' to upload artifacts",
    () => deps.artifacts(inputs.githubToken, context.repo).upload(name, [resultsPath], dir),
  );
  deps.core.info(`Uploaded baseline artifact '${name}'${id === null ? '' : ` (id ${id})`}`);
  const markdown = [
    `## ${reportTitle(inputs.baselineKey)}`,
    '',
    `Baseline saved as artifact \`${name}\`. Pull requests gate against it with \`baseline-key: ${inputs.baselineKey}\`.`,
    '',
    renderRunSummaryMarkdown([head]),
    '',
  ].join('\n');
  return {
    verdict: 'none',
    failVerdict: null,
    report: null,
    markdown,
    commentable: false,
    resultsPath,
    baselineFound: null,
  };
}
