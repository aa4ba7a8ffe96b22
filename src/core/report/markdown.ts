import type { ComparisonReport, MetricComparison } from '../compare/types.js';
import { renderHeadlineChart } from './chart.js';
import { ciLabel, comparisonCells, formatCiAsDelta, formatP, formatValue, headlineCells } from './format.js';
import { escapeInline, renderMarkdownTable } from './markdown-table.js';
import { underneathMarkdownBrief } from './underneath.js';
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
  unmatchedReason,
} from './verdict.js';

/** Options of `renderMarkdown`. */
export interface MarkdownOptions {
  /** Name in the verdict line. Default `cni-perf-gate`. */
  readonly title?: string;
  /** A hidden HTML comment put first (the Action finds its sticky comment by it), e.g. `cni-perf-gate`. */
  readonly marker?: string;
  /** Link to the workflow run, shown under the verdict. */
  readonly runUrl?: string;
  /** Samples listed per side in the samples details. Default 30. */
  readonly maxDetailSamples?: number;
}

/** The hidden comment line for a marker (`--` cannot appear inside an HTML comment). */
export function markerComment(marker: string): string {
  return `<!-- ${marker.replace(/--+/g, '-').replace(/[\r\n]+/g, ' ')} -->`;
}

/** A URL safe inside a markdown link target (parentheses and spaces percent-encoded). */
function safeUrl(url: string): string {
  return url.replace(
    /[()\s<>]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function countVerdicts(comparisons: readonly MetricComparison[]): ComparisonReport['counts'] {
  const counts = { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 };
  for (const c of comparisons) counts[c.verdict]++;
  return counts;
}

function details(summary: string, body: string): string {
  return `<details><summary>${escapeInline(summary)}</summary>\n\n${body}\n\n</details>`;
}

function sampleList(c: MetricComparison, side: 'base' | 'head', max: number): string {
  const { samples } = c[side];
  const shown = samples.slice(0, max).map((v) => formatValue(v, c.unit));
  const rest = samples.length - shown.length;
  return `${shown.join(', ')}${rest > 0 ? `, … (+${rest} more)` : ''}` || '—';
}

/** One row per scenario × headline metric: what decides the verdict. */
function headlineTable(gating: readonly MetricComparison[]): string {
  return renderMarkdownTable(
    ['Scenario', 'Metric', 'Base', 'Head', 'Δ', 'Worst plausible', 'Threshold', 'Gate'],
    gating.map((c) => [...headlineCells(c, '—'), c.gate ? GATE_LABEL[c.gate] : '']),
    { align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'] },
  );
}

function mainTable(ordered: readonly MetricComparison[], confidence: number): string {
  return renderMarkdownTable(
    ['Scenario', 'Metric', 'Base', 'Head', 'Δ', ciLabel(confidence), 'Verdict'],
    ordered.map((c) => [
      ...comparisonCells(c, '—'),
      formatCiAsDelta(c.ci, '—'),
      `${METRIC_EMOJI[c.verdict]} ${c.verdict}`,
    ]),
    { align: ['left', 'left', 'right', 'right', 'right', 'right', 'left'] },
  );
}

/** The collapsed blocks under the verdict: informational metrics, why, samples, environment, unmatched, warnings. */
function detailBlocks(
  report: ComparisonReport,
  ordered: readonly MetricComparison[],
  informational: readonly MetricComparison[],
  max: number,
): string[] {
  const blocks: string[] = [];
  if (informational.length > 0) {
    blocks.push(
      details(
        `Informational metrics (${countsText(countVerdicts(informational))})`,
        mainTable(informational, report.options.confidence),
      ),
    );
  }
  const explained = informational.filter((c) => c.verdict !== 'unchanged');
  if (explained.length > 0) {
    blocks.push(
      details(
        `Why (${explained.length})`,
        explained
          .map(
            (c) => `- ${METRIC_EMOJI[c.verdict]} ${escapeInline(`${c.scenario} ${c.metric}: ${c.reason}`)}`,
          )
          .join('\n'),
      ),
    );
  }
  if (ordered.length > 0) {
    blocks.push(
      details(
        'Samples',
        renderMarkdownTable(
          ['Scenario', 'Metric', 'Threshold', 'p', 'p (Holm)', 'Base samples', 'Head samples'],
          ordered.map((c) => [
            c.scenario,
            c.metric,
            `${c.thresholdPct}%`,
            formatP(c.p, '—'),
            formatP(c.pAdjusted, '—'),
            `n=${c.base.n}: ${sampleList(c, 'base', max)}`,
            `n=${c.head.n}: ${sampleList(c, 'head', max)}`,
          ]),
        ),
      ),
    );
  }
  if (report.environment.differences.length > 0) {
    blocks.push(
      details(
        `Environment differences (${report.environment.differences.length})`,
        renderMarkdownTable(
          ['Field', 'Base', 'Head'],
          report.environment.differences.map((d) => [d.field, d.base, d.head]),
        ),
      ),
    );
  }
  if (report.unmatched.length > 0) {
    blocks.push(
      details(
        `Not compared: present on one side only (${report.unmatched.length})`,
        renderMarkdownTable(
          ['Scenario', 'Metric', 'Only in', 'Why the other side lacks it'],
          report.unmatched.map((u) => [u.scenario, u.metric, u.side, unmatchedReason(u)]),
        ),
      ),
    );
  }
  if (report.warnings.length > 0) {
    blocks.push(
      details(
        `Warnings (${report.warnings.length})`,
        report.warnings.map((w) => `- ${escapeInline(w)}`).join('\n'),
      ),
    );
  }
  return blocks;
}

/**
 * The PR comment / job summary: [hidden marker], a verdict line (emoji, words, counts), the run
 * link, a GFM table (regressions first), a mermaid chart of headline metrics normalised to
 * base = 100, "What changed underneath" (at most 5 lines per scenario: the job summary appends the
 * full table, `underneathMarkdownFull`), then collapsed details: reasons, samples, environment diff,
 * unmatched metrics, warnings.
 */
export function renderMarkdown(report: ComparisonReport, options: MarkdownOptions = {}): string {
  const ordered = orderedComparisons(report.comparisons);
  const { gating, informational } = splitByRole(ordered);
  const blocks = [
    ...headerBlocks(report, options),
    ...noticeBlocks(report),
    ...headlineBlocks(gating),
    ...underneathBlocks(report),
    ...detailBlocks(report, ordered, informational, options.maxDetailSamples ?? 30),
    `<sub>${escapeInline(methodText(report))}</sub>`,
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** The hidden marker, the verdict line and its reason, and which runs were compared. */
function headerBlocks(report: ComparisonReport, options: MarkdownOptions): string[] {
  const title = options.title ?? 'cni-perf-gate';
  const head: string[] = [];
  if (options.marker) head.push(markerComment(options.marker));
  head.push(`### ${OVERALL_EMOJI[report.verdict]} ${escapeInline(title)}: ${OVERALL_WORDS[report.verdict]}`);
  head.push('', `**${escapeInline(report.verdictReason)}**`);
  const context = [
    `Base **${escapeInline(report.base.label)}** (${escapeInline(report.base.createdAt)}) vs head **${escapeInline(report.head.label)}** (${escapeInline(report.head.createdAt)}).`,
  ];
  if (options.runUrl) context.push(`[Workflow run](${safeUrl(options.runUrl)})`);
  return [head.join('\n'), context.join(' ')];
}

/** What the reader must know before the numbers: environments, the control, interference. */
function noticeBlocks(report: ComparisonReport): string[] {
  const blocks: string[] = [];
  if (report.verdict === 'incomparable') {
    blocks.push(
      '> [!WARNING]\n> The environments differ and strict environment checking is on: the numbers below are **not** a verdict. See the environment diff.',
    );
  } else if (!report.environment.match) {
    blocks.push('> [!NOTE]\n> The environments differ (see below); compare with care.');
  }
  if (report.control.summary) blocks.push(`> [!NOTE]\n> Control: ${escapeInline(report.control.summary)}.`);
  const interference = interferenceText(report);
  if (interference) blocks.push(escapeInline(interference));
  return blocks;
}

/** The headline table, the regressions and open metrics with their reasons, and the chart. */
function headlineBlocks(gating: readonly MetricComparison[]): string[] {
  const blocks: string[] = [];
  if (gating.length > 0) blocks.push(headlineTable(gating));
  const regressions = gating.filter((c) => c.gate === 'regression');
  const open = gating.filter((c) => c.gate === 'open');
  if (regressions.length + open.length > 0) {
    blocks.push(
      [...regressions, ...open]
        .map(
          (c) =>
            `- ${c.gate === 'regression' ? '🔴' : '🟡'} **${escapeInline(c.scenario)} ${c.metric}**: ${escapeInline(c.reason)}`,
        )
        .join('\n'),
    );
  }
  const chart = renderHeadlineChart(gating);
  if (chart) blocks.push(chart);
  return blocks;
}

/** "What changed underneath", brief (the job summary appends the full table). */
function underneathBlocks(report: ComparisonReport): string[] {
  const underneath = underneathMarkdownBrief(report.underneath, report.options.confidence);
  return underneath ? [underneath] : [];
}
