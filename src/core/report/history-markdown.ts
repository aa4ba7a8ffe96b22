import type { HistoryReport, HistorySeries } from '../history/types.js';
import { formatCiAsDelta, formatP, formatRatioAsDelta } from './format.js';
import {
  HISTORY_SUMMARY_HEADERS,
  historyHeadline,
  historyMethod,
  historySummaryRow,
  shortDate,
} from './history-summary.js';
import { escapeInline, renderMarkdownTable } from './markdown-table.js';

/** Options of {@link renderHistoryMarkdown}. */
export interface HistoryMarkdownOptions {
  /** Most series charted (the table lists all). Default 6. */
  readonly maxCharts?: number;
  /** Link to the full HTML report, when published. */
  readonly reportUrl?: string;
}

/** Display scale of a unit for the chart axis: bit/s in Gbit/s, else as is. */
function axisScale(unit: string, values: readonly number[]): { factor: number; label: string } {
  if (unit === 'bit/s') {
    const top = Math.max(...values);
    if (top >= 1e9) return { factor: 1e9, label: 'Gbit/s' };
    if (top >= 1e6) return { factor: 1e6, label: 'Mbit/s' };
  }
  return { factor: 1, label: unit };
}

function round3(value: number): number {
  return Number(value.toPrecision(4));
}

/** A mermaid string literal (double quotes cannot be escaped there). */
function mermaidString(text: string): string {
  return `"${text.replace(/"/g, "'").replace(/[\r\n]+/g, ' ')}"`;
}

/** A mermaid `xychart-beta` line chart of a series' run medians (x = run date). */
export function renderHistoryChart(series: HistorySeries): string {
  const medians = series.points.map((p) => p.median);
  const { factor, label } = axisScale(series.unit, medians);
  const scaled = medians.map((v) => round3(v / factor));
  const low = Math.min(...scaled);
  const high = Math.max(...scaled);
  const pad = (high - low) * 0.15 || Math.abs(high) * 0.05 || 1;
  const labels = series.points.map((p) => mermaidString(p.createdAt.slice(5, 10)));
  return [
    '```mermaid',
    'xychart-beta',
    `  title ${mermaidString(`${series.subject.key} ${series.scenario} ${series.metric}`)}`,
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis ${mermaidString(label)} ${round3(Math.max(0, low - pad))} --> ${round3(high + pad)}`,
    `  line [${scaled.join(', ')}]`,
    '```',
  ].join('\n');
}

function commitText(series: HistorySeries, index: number): string {
  const commit = series.points[index]?.source?.commit;
  return commit ? `, commit ${commit.slice(0, 7)}` : '';
}

function changePointLines(report: HistoryReport): string[] {
  return report.series.flatMap((s) =>
    s.changePoints.map(
      (c) =>
        `- ${escapeInline(`${s.subject.key} ${s.scenario} ${s.metric}`)}: step ${formatRatioAsDelta(c.ratio)} ${formatCiAsDelta(c.ci)} at run ${c.index + 1} (${shortDate(c.createdAt)}${commitText(s, c.index)}), p = ${formatP(c.p)}${c.environmentChanged ? ' — the environment changed at this run too' : ''}`,
    ),
  );
}

/**
 * A short markdown history for a job summary: headline, summary table (latest segment vs the
 * previous one), the change points, and mermaid line charts of the first series.
 */
export function renderHistoryMarkdown(report: HistoryReport, options: HistoryMarkdownOptions = {}): string {
  const maxCharts = options.maxCharts ?? 6;
  const parts = [`## cni-perf-gate history`, '', `${historyHeadline(report)}.`];
  if (options.reportUrl) parts.push('', `Full report: ${options.reportUrl}`);
  if (report.skipped.length > 0) {
    parts.push(
      '',
      '**Skipped files:**',
      ...report.skipped.map((s) => `- ${escapeInline(`${s.file}: ${s.reason}`)}`),
    );
  }
  if (report.series.length === 0) {
    parts.push('', 'No headline metric has any run in these files: nothing to chart.');
    return `${parts.join('\n')}\n`;
  }
  parts.push('', renderMarkdownTable([...HISTORY_SUMMARY_HEADERS], report.series.map(historySummaryRow)));
  const lines = changePointLines(report);
  parts.push('', lines.length > 0 ? '**Change points:**' : 'No change points.', ...lines);
  const chartable = report.series.filter((s) => s.points.length >= 2);
  for (const series of chartable.slice(0, maxCharts)) parts.push('', renderHistoryChart(series));
  if (chartable.length > maxCharts) {
    parts.push('', `(${chartable.length - maxCharts} more series in the JSON/HTML report.)`);
  }
  parts.push('', `<sub>${escapeInline(historyMethod(report))}</sub>`);
  return `${parts.join('\n')}\n`;
}
