import { compareResults } from '../core/compare/engine.js';
import { parseThresholdArgs, parseThresholdsDocument } from '../core/compare/thresholds.js';
import { renderMarkdown } from '../core/report/markdown.js';
import { renderRunSummaryMarkdown } from '../core/report/run-summary.js';
import { parseResultsJson } from '../core/results/parse.js';
import { serializeResults } from '../core/results/serialize.js';
import type { ActionEngine } from './deps.js';

/** The real engine: the pure core functions. */
export const CORE_ENGINE: ActionEngine = {
  parseResults: parseResultsJson,
  serializeResults,
  compare: (base, head, options, labels) => compareResults(base, head, options, labels),
  parseThresholdArgs,
  parseThresholdsDocument,
  renderMarkdown: (report, options) => renderMarkdown(report, options),
  renderRunSummaryMarkdown: (results) => renderRunSummaryMarkdown(results),
};
