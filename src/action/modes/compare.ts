import { workDirOf, type ActionContext } from '../inputs/context.js';
import { compareResults } from '../../core/compare/engine.js';
import { join } from 'node:path';
import type { ActionDeps } from '../deps.js';
import type { ActionInputs } from '../inputs/inputs.js';
import { RESULTS_FILE_NAME } from '../publish/names.js';
import { compareOptionsOf, comparisonOutcome, loadResultsInput, saveResults } from './common.js';
import type { ModeOutcome } from './outcome.js';

/** `compare`: compares two given results files; no suite run, no baseline lookup. */
export async function runCompareMode(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
): Promise<ModeOutcome> {
  const basePath = inputs.baselineResults ?? '';
  const headPath = inputs.headResults ?? '';
  const base = await loadResultsInput(context, 'baseline-results', basePath);
  const head = await loadResultsInput(context, 'head-results', headPath);
  const options = await compareOptionsOf(context, inputs);
  const report = compareResults(base, head, options, { base: basePath, head: headPath });
  const resultsPath = await saveResults(head, join(workDirOf(context), RESULTS_FILE_NAME));
  return comparisonOutcome(context, inputs, report, {
    resultsPath,
    baselineSource: null,
    files: { base, head },
  });
}
