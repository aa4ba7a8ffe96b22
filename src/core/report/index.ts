/** Pure report renderers: terminal text, markdown (PR comment / job summary), JSON, run summaries. */
export { renderText } from './text.js';
export { renderMarkdown, markerComment, type MarkdownOptions } from './markdown.js';
export { renderJson } from './json.js';
export {
  renderRunSummary,
  renderRunSummaryMarkdown,
  buildRunSummary,
  type RunSummary,
  type RunSummaryRow,
  type RunSummaryCell,
} from './run-summary.js';
export { renderHeadlineChart } from './chart.js';
export { formatValue, formatRatioAsDelta, formatCiAsDelta, formatP } from './format.js';
