import { join } from 'node:path';
import type { ActionContext } from '../context.js';
import type { ActionDeps } from '../deps.js';
import type { ActionInputs } from '../inputs.js';
import { RESULTS_FILE_NAME } from '../names.js';
import { compareOptionsOf, comparisonOutcome, loadResultsInput, saveResults, workDirOf } from './common.js';
import type { ModeOutcome } from './outcome.js';

/** `compare`: compares two given results files; no suite run, no baseline lookup. */
export async function runCompareMode(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
): Promise<ModeOutcome> {
  const basePath = inputs.baselineResults ?? '';
  const headPath = inputs.headResults ?? '';
  const base = await loadResultsInput(deps, context, 'baseline-results', basePath);
  const head = await loadResultsInput(deps, context, 'head-results', headPath);
  const options = await compareOptionsOf(deps, context, inputs);
  const report = deps.engine.compare(base, head, options, { base: basePath, head: headPath });
  const resultsPath = await saveResults(deps, head, join(workDirOf(context), RESULTS_FILE_NAME));
  return comparisonOutcome(deps, context, inputs, report, { resultsPath, baselineSource: null });
}
