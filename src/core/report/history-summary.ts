import type { HistoryReport, HistorySeries } from '../history/types.js';
import { formatCiAsDelta, formatRatioAsDelta, formatValue, threeSignificant } from './format.js';

/** Column headings of the history summary table (markdown and HTML share them). */
export const HISTORY_SUMMARY_HEADERS = [
  'Subject',
  'Scenario',
  'Metric',
  'Runs',
  'Latest',
  'Current segment',
  'vs previous segment',
  '95% CI',
  'Change points',
  'Run-to-run CV',
] as const;

/** A short date (UTC) of an ISO timestamp: `2026-03-01 04:12`. */
export function shortDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 16).replace('T', ' ');
}

/** The summary row of one series, as display text. */
export function historySummaryRow(series: HistorySeries): string[] {
  const { summary, unit } = series;
  const head = [series.subject.key, series.scenario, series.metric, String(series.points.length)];
  if (!summary) return [...head, '—', '—', '—', '—', '—', series.note ?? '—'];
  const last = series.changePoints[series.changePoints.length - 1];
  return [
    ...head,
    formatValue(summary.latest, unit),
    `${formatValue(summary.segmentMedian, unit)} (${summary.segmentRuns} runs)`,
    summary.ratio === null ? 'no change point' : formatRatioAsDelta(summary.ratio),
    summary.ci === null ? '—' : formatCiAsDelta(summary.ci),
    last
      ? `${series.changePoints.length} (last ${last.createdAt.slice(0, 10)}${last.environmentChanged ? ', environment changed' : ''})`
      : '0',
    `${threeSignificant(summary.runToRunCv * 100)}%`,
  ];
}

/** One line on what the history holds: files, series, change points, skipped files. */
export function historyHeadline(report: HistoryReport): string {
  const changePoints = report.series.reduce((sum, s) => sum + s.changePoints.length, 0);
  const subjects = new Set(report.series.map((s) => s.subject.key)).size;
  const skipped = report.skipped.length > 0 ? `, ${report.skipped.length} skipped` : '';
  return `${report.files} results files${skipped}, ${subjects} subject${subjects === 1 ? '' : 's'}, ${report.series.length} series, ${changePoints} change point${changePoints === 1 ? '' : 's'}`;
}

/** The method line: E-divisive settings. */
export function historyMethod(report: HistoryReport): string {
  const s = report.settings;
  return `Change points: E-divisive means (Matteson & James 2014) on run medians, permutation test (${s.permutations} permutations, seed ${s.seed}), significance ${s.alpha}, minimum segment ${s.minSegment} runs. Bands: ${Math.round(s.confidence * 100)}% bootstrap CI of each run's median.`;
}
