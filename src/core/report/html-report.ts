import type { ComparisonReport, MetricComparison } from '../compare/types.js';
import {
  ciLabel,
  comparisonCells,
  formatCiAsDelta,
  formatP,
  formatRatioAsDelta,
  headlineCells,
} from './format.js';
import { escapeHtml } from './html-escape.js';
import { HTML_REPORT_CSS } from './html-report-css.js';
import { renderProfilesSection, type ComparisonProfiles } from './html-report-profiles.js';
import { renderHtmlTable } from './html-table.js';
import {
  GATE_LABEL,
  METRIC_EMOJI,
  OVERALL_EMOJI,
  OVERALL_WORDS,
  countsText,
  interferenceText,
  methodText,
  orderedComparisons,
  splitByRole,
} from './verdict.js';

/**
 * The report's Content Security Policy: nothing may load (no script, font, frame or request);
 * inline styles and `data:` images only. The page has no script at all.
 */
export const HTML_REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /** Name in the page title and verdict heading. Default `cni-perf-gate`. */
  readonly title?: string;
}

function verdictHeader(report: ComparisonReport, title: string): string {
  return [
    `<header class="verdict ${report.verdict}">`,
    `<h1>${OVERALL_EMOJI[report.verdict]} ${escapeHtml(title)}: ${escapeHtml(OVERALL_WORDS[report.verdict])}</h1>`,
    `<p class="reason">${escapeHtml(report.verdictReason)}</p>`,
    `<p class="muted">Headline metrics: ${escapeHtml(countsText(report.counts))}. Base <strong>${escapeHtml(report.base.label)}</strong> (${escapeHtml(report.base.createdAt)}) vs head <strong>${escapeHtml(report.head.label)}</strong> (${escapeHtml(report.head.createdAt)}).</p>`,
    '</header>',
  ].join('\n');
}

function notices(report: ComparisonReport): string[] {
  const out: string[] = [];
  if (report.verdict === 'incomparable') {
    out.push(
      '<p class="warn">The environments differ and strict environment checking is on: the numbers below are <strong>not</strong> a verdict. See the environment differences.</p>',
    );
  } else if (!report.environment.match) {
    out.push('<p class="note">The environments differ (see below); compare with care.</p>');
  }
  return out;
}

function reasonList(
  comparisons: readonly MetricComparison[],
  label: (c: MetricComparison) => string,
): string {
  if (comparisons.length === 0) return '';
  const items = comparisons.map(
    (c) =>
      `<li>${label(c)} <strong>${escapeHtml(`${c.scenario} ${c.metric}`)}</strong>: ${escapeHtml(c.reason)}</li>`,
  );
  return `<ul class="reasons">${items.join('')}</ul>`;
}

function headlineSection(gating: readonly MetricComparison[]): string[] {
  if (gating.length === 0) return [];
  const flagged = [
    ...gating.filter((c) => c.gate === 'regression'),
    ...gating.filter((c) => c.gate === 'open'),
  ];
  return [
    '<h2>Headline metrics (decide the verdict)</h2>',
    renderHtmlTable(
      ['Scenario', 'Metric', 'Base', 'Head', 'Δ', 'Worst plausible', 'Threshold', 'Gate'],
      gating.map((c) => [...headlineCells(c, '—'), c.gate ? GATE_LABEL[c.gate] : '']),
      { numeric: [2, 3, 4, 5, 6], className: 'headline' },
    ),
    reasonList(flagged, (c) => (c.gate === 'regression' ? '🔴' : '🟡')),
  ];
}

function informationalSection(informational: readonly MetricComparison[], confidence: number): string[] {
  if (informational.length === 0) return [];
  return [
    '<h2>Informational metrics (reported, never decide)</h2>',
    renderHtmlTable(
      ['Scenario', 'Metric', 'Base', 'Head', 'Δ', ciLabel(confidence), 'p (Holm)', 'Verdict'],
      informational.map((c) => [
        ...comparisonCells(c, '—'),
        formatCiAsDelta(c.ci, '—'),
        formatP(c.pAdjusted, '—'),
        `${METRIC_EMOJI[c.verdict]} ${c.verdict}`,
      ]),
      { numeric: [2, 3, 4, 5, 6], className: 'informational' },
    ),
    reasonList(
      informational.filter((c) => c.verdict !== 'unchanged'),
      (c) => METRIC_EMOJI[c.verdict],
    ),
  ];
}

function runnerSection(report: ComparisonReport): string[] {
  const { control } = report;
  const out: string[] = [];
  if (control.summary) out.push(`<p>Control: ${escapeHtml(control.summary)}.</p>`);
  if (control.shifts.length > 0) {
    out.push(
      renderHtmlTable(
        ['Control scenario', 'Metric', 'Δ', 'CI', 'Moved beyond tolerance'],
        control.shifts.map((s) => [
          s.scenario,
          s.metric,
          formatRatioAsDelta(s.ratio, '—'),
          formatCiAsDelta(s.ci, '—'),
          s.moved ? `yes (±${control.tolerancePct}%)` : 'no',
        ]),
        { numeric: [2, 3], className: 'control' },
      ),
    );
  }
  const interference = interferenceText(report);
  if (interference) out.push(`<p>${escapeHtml(interference)}</p>`);
  return out.length > 0 ? ['<h2>Control and interference</h2>', ...out] : [];
}

function detailSections(report: ComparisonReport): string[] {
  const out: string[] = [];
  const { differences } = report.environment;
  if (differences.length > 0) {
    out.push(
      `<h2>Environment differences (${differences.length})</h2>`,
      renderHtmlTable(
        ['Field', 'Base', 'Head'],
        differences.map((d) => [d.field, d.base, d.head]),
      ),
    );
  }
  if (report.unmatched.length > 0) {
    out.push(
      `<h2>Not compared: present on one side only (${report.unmatched.length})</h2>`,
      renderHtmlTable(
        ['Scenario', 'Metric', 'Only in'],
        report.unmatched.map((u) => [u.scenario, u.metric, u.side]),
      ),
    );
  }
  if (report.warnings.length > 0) {
    out.push(
      `<h2>Warnings (${report.warnings.length})</h2>`,
      `<ul>${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`,
    );
  }
  return out;
}

/**
 * A comparison as one self-contained HTML document: the verdict and its reason first, the headline
 * table, the informational table, control and interference, environment differences, unmatched
 * metrics and warnings, then per compared scenario a differential flame graph of its CPU profiles
 * (see {@link renderProfilesSection}). Inline CSS and inline SVG only, no script, and a Content
 * Security Policy ({@link HTML_REPORT_CSP}) that lets nothing load; every string from the input
 * files is escaped. Numbers are formatted as in the text and markdown reports. Pure.
 */
export function renderHtmlReport(
  report: ComparisonReport,
  profiles?: ComparisonProfiles,
  options: HtmlReportOptions = {},
): string {
  const title = options.title ?? 'cni-perf-gate';
  const ordered = orderedComparisons(report.comparisons);
  const { gating, informational } = splitByRole(ordered);
  const scenarios = [...new Set([...gating, ...informational].map((c) => c.scenario))];
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${title}: ${OVERALL_WORDS[report.verdict]}`)}</title>`,
    `<style>${HTML_REPORT_CSS}</style>`,
    '</head><body>',
    verdictHeader(report, title),
    ...notices(report),
    ...headlineSection(gating),
    ...informationalSection(informational, report.options.confidence),
    ...runnerSection(report),
    ...detailSections(report),
    renderProfilesSection(scenarios, profiles),
    `<p class="method">${escapeHtml(methodText(report))}</p>`,
    '</body></html>',
    '',
  ].join('\n');
}
