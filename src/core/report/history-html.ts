import type { HistoryReport, HistorySeries } from '../history/types.js';
import { formatCiAsDelta, formatP, formatRatioAsDelta, formatValue } from './format.js';
import { HISTORY_CSS, HISTORY_SCRIPT } from './history-html-assets.js';
import { historyHeadline, historyMethod, historySummaryRow, shortDate } from './history-summary.js';
import { ENVIRONMENT_COLOURS, renderSeriesSvg, safeHref } from './history-svg.js';
import { escapeHtml } from './html-escape.js';

/** Options of {@link renderHistoryHtml}. */
export interface HistoryHtmlOptions {
  /** Page title. Default `cni-perf-gate history`. */
  readonly title?: string;
  /** When the page was generated (shown; the caller passes the clock's time so rendering stays pure). */
  readonly generatedAt?: string;
}

/** Colour per environment fingerprint, in order of first appearance across all series. */
function environmentColours(
  report: HistoryReport,
): Map<string, { colour: string; first: string; last: string }> {
  const colours = new Map<string, { colour: string; first: string; last: string }>();
  const points = report.series
    .flatMap((s) => s.points)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  for (const p of points) {
    const known = colours.get(p.fingerprint);
    if (known) {
      known.last = p.createdAt;
    } else {
      const colour = ENVIRONMENT_COLOURS[colours.size % ENVIRONMENT_COLOURS.length]!;
      colours.set(p.fingerprint, { colour, first: p.createdAt, last: p.createdAt });
    }
  }
  return colours;
}

function seriesId(index: number): string {
  return `series-${index + 1}`;
}

function options(values: readonly string[], all: string): string {
  return [
    `<option value="">${escapeHtml(all)}</option>`,
    ...[...new Set(values)].map((v) => `<option>${escapeHtml(v)}</option>`),
  ].join('');
}

function commitCell(series: HistorySeries, index: number): string {
  const source = series.points[index]?.source;
  if (!source?.commit) return '—';
  const text = escapeHtml(source.commit.slice(0, 7));
  const href = safeHref(source.runUrl);
  return href ? `<a href="${escapeHtml(href)}">${text}</a>` : `<code>${text}</code>`;
}

function changeTable(series: HistorySeries): string {
  if (series.changePoints.length === 0) return '<p class="changes muted">No change point.</p>';
  const rows = series.changePoints
    .map(
      (c) =>
        `<tr><td>${escapeHtml(shortDate(c.createdAt))}</td><td class="num">${c.index + 1}</td><td>${commitCell(series, c.index)}</td>` +
        `<td class="num">${escapeHtml(formatValue(c.before, series.unit))} → ${escapeHtml(formatValue(c.after, series.unit))}</td>` +
        `<td class="num">${escapeHtml(formatRatioAsDelta(c.ratio))}</td><td class="num">${escapeHtml(formatCiAsDelta(c.ci))}</td>` +
        `<td class="num">${escapeHtml(formatP(c.p))}</td><td>${c.environmentChanged ? 'yes' : 'no'}</td></tr>`,
    )
    .join('');
  return `<table class="changes"><thead><tr><th>Change point</th><th>Run</th><th>Commit</th><th>Segment medians</th><th>Step</th><th>95% CI</th><th>p</th><th>Environment changed</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function seriesSection(series: HistorySeries, index: number, colourOf: (f: string) => string): string {
  const attributes = `data-subject="${escapeHtml(series.subject.key)}" data-scenario="${escapeHtml(series.scenario)}" data-metric="${escapeHtml(series.metric)}"`;
  const heading = `<h3>${escapeHtml(series.scenario)} · ${escapeHtml(series.metric)} <span class="muted">(${escapeHtml(series.subject.key)}, ${series.points.length} run${series.points.length === 1 ? '' : 's'}, ${escapeHtml(series.better)} is better)</span></h3>`;
  const note = series.note ? `<p class="note">${escapeHtml(series.note)}</p>` : '';
  const body = series.points.length >= 1 ? renderSeriesSvg(series, colourOf) : '';
  return `<section class="series" id="${seriesId(index)}" ${attributes}>${heading}${note}${body}${series.points.length >= 2 ? changeTable(series) : ''}</section>`;
}

function summaryTable(report: HistoryReport): string {
  // Subject column only when there are several; the step and its CI share a cell.
  const several = new Set(report.series.map((s) => s.subject.key)).size > 1;
  const headers = [
    ...(several ? ['Subject'] : []),
    'Scenario',
    'Metric',
    'Runs',
    'Latest',
    'Current segment',
    'vs previous segment (95% CI)',
    'Change points',
    'Run-to-run CV',
  ];
  const numeric = new Set([
    'Runs',
    'Latest',
    'Current segment',
    'vs previous segment (95% CI)',
    'Run-to-run CV',
  ]);
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = report.series
    .map((s, i) => {
      const [subject, scenario, metric, runs, latest, segment, delta, ci, changes, cv] = historySummaryRow(s);
      const step = ci === '—' ? delta! : `${delta} ${ci}`;
      const cells = [
        ...(several ? [subject!] : []),
        scenario!,
        metric!,
        runs!,
        latest!,
        segment!,
        step,
        changes!,
        cv!,
      ]
        .map((cell, c) => `<td${numeric.has(headers[c]!) ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`)
        .join('');
      return `<tr class="summary-row" data-target="${seriesId(i)}" data-subject="${escapeHtml(s.subject.key)}" data-scenario="${escapeHtml(s.scenario)}" data-metric="${escapeHtml(s.metric)}">${cells}</tr>`;
    })
    .join('');
  return `<div class="table-wrap"><table class="summary"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/**
 * The history as one self-contained HTML page: inline CSS, inline SVG charts and a small inline
 * script (selector, tooltips); no external resource, so it works from disk or GitHub Pages.
 */
export function renderHistoryHtml(report: HistoryReport, opts: HistoryHtmlOptions = {}): string {
  const title = opts.title ?? 'cni-perf-gate history';
  const colours = environmentColours(report);
  const colourOf = (fingerprint: string): string => colours.get(fingerprint)?.colour ?? '#777777';
  const skipped =
    report.skipped.length > 0
      ? `<div class="warn"><strong>${report.skipped.length} file${report.skipped.length === 1 ? '' : 's'} skipped:</strong><ul>${report.skipped.map((s) => `<li><code>${escapeHtml(s.file)}</code>: ${escapeHtml(s.reason)}</li>`).join('')}</ul></div>`
      : '';
  const legend = [...colours.entries()]
    .map(
      ([fingerprint, c]) =>
        `<span title="${escapeHtml(fingerprint)}"><span class="swatch" style="background:${c.colour}"></span>environment ${escapeHtml(fingerprint.slice(7, 19))} (${escapeHtml(c.first.slice(0, 10))} – ${escapeHtml(c.last.slice(0, 10))})</span>`,
    )
    .join('');
  const body =
    report.series.length === 0
      ? '<p class="note">No headline metric has any run in these files: nothing to chart.</p>'
      : [
          '<h2>Summary: latest segment vs the previous one</h2>',
          summaryTable(report),
          '<div class="controls">',
          `<label>Subject <select id="pick-subject">${options(
            report.series.map((s) => s.subject.key),
            'all',
          )}</select></label>`,
          `<label>Scenario <select id="pick-scenario">${options(
            report.series.map((s) => s.scenario),
            'all',
          )}</select></label>`,
          `<label>Metric <select id="pick-metric">${options(
            report.series.map((s) => s.metric),
            'all',
          )}</select></label>`,
          '<span id="shown-count" class="muted"></span>',
          '</div>',
          `<div class="legend">${legend}<span><span class="swatch" style="background:#cf222e;border-radius:0;height:2px;width:16px"></span>change point (step, 95% CI)</span></div>`,
          ...report.series.map((s, i) => seriesSection(s, i, colourOf)),
        ].join('\n');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${HISTORY_CSS}</style>`,
    '</head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="muted">${escapeHtml(historyHeadline(report))}${opts.generatedAt ? ` · generated ${escapeHtml(shortDate(opts.generatedAt))} UTC` : ''}</p>`,
    `<p class="method">${escapeHtml(historyMethod(report))}</p>`,
    skipped,
    body,
    '<div id="tooltip"></div>',
    report.series.length > 0 ? `<script>${HISTORY_SCRIPT}</script>` : '',
    '</body></html>',
    '',
  ].join('\n');
}
