import { METRIC_IDS, METRICS, type MetricId } from '../metrics.js';
import type { ResultsFile } from '../results/types.js';
import { subjectLabel } from '../kube-proxy.js';
import { formatRatioAsDelta, formatValue } from './format.js';
import { renderMarkdownTable } from './markdown-table.js';
import { median } from '../stats/quantile.js';
import { renderTextTable, type Align } from './text-table.js';

/** One cell of the run summary: a datapath's median of a metric in a scenario. */
export interface RunSummaryCell {
  readonly n: number;
  /** null when the scenario has no value for the metric on this datapath. */
  readonly median: number | null;
  /** The skip reason when the scenario was skipped on this datapath. */
  readonly skipped?: string;
}

/** One row of the run summary: scenario × headline metric across datapaths. */
export interface RunSummaryRow {
  readonly scenario: string;
  readonly metric: MetricId;
  /** In the order of `RunSummary.datapaths`. */
  readonly cells: readonly RunSummaryCell[];
  /** Median ratio datapath/reference per datapath (null for the reference itself or when missing). */
  readonly vsReference: readonly (number | null)[];
}

/** The table behind the "vs --net=host" view. */
export interface RunSummary {
  /** Column names: the datapaths (a repeated datapath gets `#2`, `#3`). */
  readonly datapaths: readonly string[];
  /** Index of the reference datapath in `datapaths`, or -1 when it was not run. */
  readonly referenceIndex: number;
  readonly rows: readonly RunSummaryRow[];
}

function medianOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : median(values);
}

function uniqueNames(results: readonly ResultsFile[]): string[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const name = subjectLabel(r.subject);
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}#${count}`;
  });
}

/** Builds the run summary table: medians of every headline metric per scenario and datapath. */
export function buildRunSummary(results: readonly ResultsFile[], reference = 'host'): RunSummary {
  const datapaths = uniqueNames(results);
  const referenceIndex = datapaths.indexOf(reference);
  const scenarioOrder: string[] = [];
  for (const file of results) {
    for (const scenario of file.scenarios)
      if (!scenarioOrder.includes(scenario.id)) scenarioOrder.push(scenario.id);
  }
  const rows: RunSummaryRow[] = [];
  for (const scenarioId of scenarioOrder) {
    const perFile = results.map((file) => file.scenarios.find((s) => s.id === scenarioId));
    const metrics = METRIC_IDS.filter(
      (id) =>
        METRICS[id].headline &&
        perFile.some((s) => s?.samples.some((sample) => sample.metrics[id] !== undefined)),
    );
    const skippedEverywhere = metrics.length === 0 && perFile.some((s) => s?.skipped);
    for (const metric of skippedEverywhere ? ([] as MetricId[]) : metrics) {
      const cells: RunSummaryCell[] = perFile.map((scenario) => {
        const values = (scenario?.samples ?? [])
          .map((sample) => sample.metrics[metric])
          .filter((v): v is number => v !== undefined);
        return scenario?.skipped !== undefined
          ? { n: values.length, median: medianOf(values), skipped: scenario.skipped }
          : { n: values.length, median: medianOf(values) };
      });
      const ref = referenceIndex >= 0 ? cells[referenceIndex]?.median : null;
      const vsReference = cells.map((cell, i) =>
        i === referenceIndex || ref === null || ref === undefined || ref === 0 || cell.median === null
          ? null
          : cell.median / ref,
      );
      rows.push({ scenario: scenarioId, metric, cells, vsReference });
    }
  }
  return { datapaths, referenceIndex, rows };
}

function cellText(cell: RunSummaryCell, metric: MetricId): string {
  if (cell.median === null) return cell.skipped !== undefined ? 'skipped' : '—';
  return formatValue(cell.median, METRICS[metric].unit);
}

function tableData(summary: RunSummary): { headers: string[]; rows: string[][]; align: Align[] } {
  const reference = summary.referenceIndex >= 0 ? summary.datapaths[summary.referenceIndex] : undefined;
  const compared = summary.datapaths
    .map((_, i) => i)
    .filter((i) => reference !== undefined && i !== summary.referenceIndex);
  const headers = [
    'Scenario',
    'Metric',
    ...summary.datapaths,
    ...compared.map((i) => `${summary.datapaths[i] ?? ''} vs ${reference ?? ''}`),
  ];
  const rows = summary.rows.map((row) => [
    row.scenario,
    row.metric,
    ...row.cells.map((cell) => cellText(cell, row.metric)),
    ...compared.map((i) => formatRatioAsDelta(row.vsReference[i] ?? null, '—')),
  ]);
  const align: Align[] = headers.map((_, i) => (i < 2 ? 'left' : 'right'));
  return { headers, rows, align };
}

function skipLines(results: readonly ResultsFile[], names: readonly string[]): string[] {
  return results.flatMap((file, i) =>
    file.scenarios
      .filter((s) => s.skipped !== undefined)
      .map((s) => `${names[i] ?? ''} ${s.id}: skipped (${s.skipped})`),
  );
}

/** "datapath scenario: metric unavailable (why)" for every metric a scenario recorded as unavailable. */
function unavailableLines(results: readonly ResultsFile[], names: readonly string[]): string[] {
  return results.flatMap((file, i) =>
    file.scenarios.flatMap((s) =>
      Object.entries(s.unavailable ?? {}).map(
        ([metric, reason]) => `${names[i] ?? ''} ${s.id}: ${metric} unavailable (${reason})`,
      ),
    ),
  );
}

const LEGEND =
  'Medians per datapath. "X vs REF" is the change relative to the reference datapath: for throughput and req/s negative is slower, for latency positive is slower.';

/**
 * The terminal table printed after `run`: per scenario × headline metric, the median of each
 * datapath side by side and, when `reference` (default `host`, the `--net=host` view) is among
 * them, each other datapath's change relative to it. Skipped scenarios are listed below.
 */
export function renderRunSummary(results: readonly ResultsFile[], reference = 'host'): string {
  const summary = buildRunSummary(results, reference);
  const { headers, rows, align } = tableData(summary);
  const lines = [
    `cni-perf-gate: ${summary.datapaths.length} datapath(s): ${summary.datapaths.join(', ')}`,
    '',
    rows.length > 0 ? renderTextTable(headers, rows, align) : '(no headline metrics measured)',
  ];
  const skips = skipLines(results, summary.datapaths);
  if (skips.length > 0) lines.push('', 'Skipped:', ...skips.map((s) => `  ${s}`));
  const unavailable = unavailableLines(results, summary.datapaths);
  if (unavailable.length > 0) lines.push('', 'Not measured:', ...unavailable.map((s) => `  ${s}`));
  if (summary.referenceIndex >= 0 && summary.datapaths.length > 1)
    lines.push('', LEGEND.replace(/REF/g, reference));
  return `${lines.join('\n')}\n`;
}

/** The markdown variant of `renderRunSummary`, for the Action's job summary in baseline mode. */
export function renderRunSummaryMarkdown(
  results: readonly ResultsFile[],
  reference = 'host',
  title = 'cni-perf-gate baseline',
): string {
  const summary = buildRunSummary(results, reference);
  const { headers, rows, align } = tableData(summary);
  const blocks = [
    `### 📊 ${title.replace(/[\r\n]+/g, ' ')}: ${summary.datapaths.length} datapath(s), ${new Set(summary.rows.map((r) => r.scenario)).size} scenario(s)`,
    rows.length > 0 ? renderMarkdownTable(headers, rows, { align }) : '_No headline metrics measured._',
  ];
  const skips = skipLines(results, summary.datapaths);
  const notes = [...skips, ...unavailableLines(results, summary.datapaths)];
  if (notes.length > 0) blocks.push(notes.map((s) => `- ${s.replace(/[<>&]/g, ' ')}`).join('\n'));
  if (summary.referenceIndex >= 0 && summary.datapaths.length > 1)
    blocks.push(`<sub>${LEGEND.replace(/REF/g, reference)}</sub>`);
  return `${blocks.join('\n\n')}\n`;
}
