import { compareResults } from '../../core/compare/engine.js';
import { UserError } from '../../core/errors.js';
import { historyBaseline, regressionsWithinSpread, type HistoryBaseline } from '../../core/history/index.js';
import { METRICS } from '../../core/metrics.js';
import { formatValue } from '../../core/report/format.js';
import { escapeInline, renderMarkdownTable } from '../../core/report/markdown-table.js';
import { median } from '../../core/stats/quantile.js';
import type { ResultsFile } from '../../core/results/types.js';
import type { ActionDeps } from '../deps.js';
import type { ActionContext } from '../inputs/context.js';
import type { ActionInputs } from '../inputs/inputs.js';
import { downloadRecentBaselines } from './baseline-history.js';
import { comparisonOutcome } from './common.js';
import type { GateComparison } from './outcome.js';
import type { GateRequest } from './gate-request.js';

/** What gate mode hands over when `history` is set. */
export interface GateHistoryRequest extends GateRequest {
  /** Where the baselines are downloaded. */
  readonly dir: string;
}

/** A run link list, shortened in the middle when long: `[1](u), [2](u), …, [9](u)`. */
function runLinks(baseline: HistoryBaseline): string {
  const links = baseline.used.map((run) => {
    const url = run.results.source?.runUrl;
    const name = run.file.replace(/^run /, '');
    return url ? `[${escapeInline(name)}](${url})` : escapeInline(name);
  });
  return links.length <= 6
    ? links.join(', ')
    : `${links.slice(0, 2).join(', ')}, …, ${links.slice(-2).join(', ')}`;
}

/** The head's median of one scenario × metric, or null. */
function headMedian(head: ResultsFile, scenario: string, metric: string): number | null {
  const values = (head.scenarios.find((s) => s.id === scenario)?.samples ?? [])
    .map((s) => s.metrics[metric as keyof (typeof s)['metrics']])
    .filter((v): v is number => v !== undefined);
  return values.length > 0 ? median(values) : null;
}

/** A details block: each headline metric's run-to-run spread over the baselines used, and the head. */
function spreadDetails(baseline: HistoryBaseline, head: ResultsFile): string {
  if (baseline.spread.length === 0) return '';
  const rows = baseline.spread.map((s) => {
    const unit = METRICS[s.metric as keyof typeof METRICS]?.unit ?? '';
    const h = headMedian(head, s.scenario, s.metric);
    return [
      s.scenario,
      s.metric,
      String(s.runs),
      `${formatValue(s.min, unit)} – ${formatValue(s.max, unit)}`,
      `${(s.cv * 100).toFixed(1)}%`,
      h === null ? '—' : formatValue(h, unit),
    ];
  });
  const table = renderMarkdownTable(
    ['Scenario', 'Metric', 'Baseline runs', 'Run medians (min – max)', 'Run-to-run CV', 'This run'],
    rows,
  );
  return `<details><summary>Run-to-run spread of the ${baseline.used.length} baselines</summary>\n\n${table}\n\n</details>`;
}

/**
 * Gate with history: downloads the last K baselines, keeps those after their latest change point
 * (core historyBaseline), pools their samples as the base and compares; `found: false` when no
 * baseline exists yet (the caller reports that as for a single baseline).
 */
export async function compareWithHistory(
  deps: ActionDeps,
  context: ActionContext,
  inputs: ActionInputs,
  request: GateHistoryRequest,
): Promise<GateComparison> {
  const { branch, artifactName, head } = request;
  const downloaded = await downloadRecentBaselines(deps, context, inputs, {
    api: request.api,
    workflow: request.workflow,
    branch,
    artifactName,
    count: inputs.history,
    dir: request.dir,
  });
  if (downloaded.locations.length === 0) return { found: false, runsSearched: downloaded.runsSearched };
  if (downloaded.loaded.length === 0) {
    const first = downloaded.skipped[0];
    throw new UserError(
      `none of the ${downloaded.locations.length} baseline artifact(s) '${artifactName}' on '${branch}' is usable (${first?.file}: ${first?.reason}); re-run the baseline workflow to replace them`,
    );
  }
  const baseline = historyBaseline(downloaded.loaded);
  const n = baseline.used.length;
  deps.core.info(
    `Comparing with ${n} pooled baseline(s) of ${downloaded.loaded.length} downloaded` +
      (baseline.cut
        ? ` (after the change point of ${baseline.cut.metric} at ${baseline.cut.createdAt})`
        : ''),
  );
  const compared = compareResults(baseline.pooled, head, request.options, {
    base: `${n} baseline${n === 1 ? '' : 's'} (${branch}, pooled)`,
    head: context.pullRequestNumber ? `PR #${context.pullRequestNumber}` : 'this run',
  });
  // A regression some baseline run already matched is flagged (the verdict stays the gate's).
  const within = regressionsWithinSpread(baseline, compared.comparisons).map((w) => {
    const unit = METRICS[w.metric as keyof typeof METRICS]?.unit ?? '';
    return `${w.scenario} ${w.metric}: this run's median ${formatValue(w.head, unit)} is within the run medians of the ${w.runs} baselines (${formatValue(w.min, unit)} – ${formatValue(w.max, unit)}); the regression may be run-to-run spread`;
  });
  for (const warning of within) deps.core.warning(warning);
  const report = within.length > 0 ? { ...compared, warnings: [...compared.warnings, ...within] } : compared;
  const notes = [
    baseline.cut
      ? `after the change point of ${baseline.cut.metric} in ${baseline.cut.scenario} at ${baseline.cut.createdAt.slice(0, 10)} (${((baseline.cut.ratio - 1) * 100).toFixed(1)}%)`
      : null,
    baseline.otherSubject > 0 ? `${baseline.otherSubject} of another subject left out` : null,
    downloaded.skipped.length > 0 ? `${downloaded.skipped.length} unusable skipped` : null,
  ].filter((note): note is string => note !== null);
  const source =
    `compared with **${n} baseline run${n === 1 ? '' : 's'}** pooled (of the last ${downloaded.locations.length} on \`${escapeInline(branch)}\`, artifact \`${artifactName}\`: ${runLinks(baseline)})` +
    (notes.length > 0 ? `; ${notes.join('; ')}` : '');
  const outcome = comparisonOutcome(context, inputs, report, {
    resultsPath: request.resultsPath,
    files: { base: baseline.pooled, head },
    baselineSource: source,
  });
  const details = spreadDetails(baseline, head);
  return {
    found: true,
    outcome: {
      ...outcome,
      markdown: details ? `${outcome.markdown}\n${details}\n` : outcome.markdown,
      baselinesCompared: n,
    },
  };
}
