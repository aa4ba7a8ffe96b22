import type { ComparisonReport, MetricComparison } from '../compare/types.js';
import { ciLabel, comparisonCells, formatCiAsDelta, formatP, headlineCells } from './format.js';
import { renderTextTable } from './text-table.js';
import { underneathTextLines } from './underneath.js';
import {
  OVERALL_WORDS,
  countsText,
  interferenceText,
  methodText,
  orderedComparisons,
  splitByRole,
  unmatchedReason,
} from './verdict.js';

const GATE_WORD = { regression: 'REGRESSION', cleared: 'cleared', open: 'open' } as const;

function headlineRow(c: MetricComparison): string[] {
  return [...headlineCells(c, 'n/a'), c.gate ? GATE_WORD[c.gate] : ''];
}

function row(c: MetricComparison): string[] {
  return [
    ...comparisonCells(c, 'n/a'),
    formatCiAsDelta(c.ci),
    formatP(c.pAdjusted),
    c.verdict === 'regression' ? 'REGRESSION' : c.verdict,
  ];
}

function section(title: string, lines: readonly string[]): string[] {
  return lines.length > 0 ? ['', `${title}:`, ...lines.map((line) => `  ${line}`)] : [];
}

/**
 * The terminal report of a comparison: a verdict line, a table (scenario, metric, base and head
 * medians in human units, Δ%, CI of Δ%, Holm-adjusted p, verdict; regressions first), then the
 * reasons for every non-unchanged verdict, environment differences, unmatched metrics and warnings.
 */
export function renderText(report: ComparisonReport): string {
  const lines: string[] = [
    `cni-perf-gate: ${report.verdict.toUpperCase()}: ${report.verdictReason}`,
    `${OVERALL_WORDS[report.verdict]} (${countsText(report.counts)})`,
    `base: ${report.base.label} (${report.base.createdAt})  head: ${report.head.label} (${report.head.createdAt})`,
  ];
  if (report.verdict === 'incomparable') {
    lines.push(
      '!! The environments differ and strict environment checking is on: the numbers below are NOT a verdict.',
    );
  }
  const interference = interferenceText(report);
  if (interference) lines.push(interference);
  const { gating, informational } = splitByRole(orderedComparisons(report.comparisons));
  if (gating.length > 0) {
    lines.push(
      '',
      'Headline (decides the verdict):',
      renderTextTable(
        ['Scenario', 'Metric', 'Base median', 'Head median', 'Δ%', 'Bound', 'Threshold', 'Gate'],
        gating.map(headlineRow),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
      ),
    );
  }
  if (informational.length > 0) {
    lines.push(
      '',
      'Informational (reported, never decides):',
      renderTextTable(
        [
          'Scenario',
          'Metric',
          'Base median',
          'Head median',
          'Δ%',
          `${ciLabel(report.options.confidence)} of Δ%`,
          'p(adj)',
          'Verdict',
        ],
        informational.map(row),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
      ),
    );
  }
  lines.push(...underneathTextLines(report.underneath, report.options.confidence));
  const explained = [
    ...gating.filter((c) => c.gate !== 'cleared'),
    ...informational.filter((c) => c.verdict !== 'unchanged'),
  ];
  lines.push(
    ...section(
      'Why',
      explained.map((c) => `${c.scenario} ${c.metric} (${c.gate ?? c.verdict}): ${c.reason}`),
    ),
  );
  lines.push(
    ...section(
      report.environment.match ? 'Environment' : 'Environment differs',
      report.environment.differences.map((d) => `${d.field}: ${d.base} -> ${d.head}`),
    ),
  );
  lines.push(
    ...section(
      'Not compared (present on one side only)',
      report.unmatched.map(
        (u) =>
          `${u.scenario} ${u.metric}: only in ${u.side}${unmatchedReason(u) ? ` (${unmatchedReason(u)})` : ''}`,
      ),
    ),
  );
  lines.push(...section('Warnings', report.warnings));
  lines.push('', `Method: ${methodText(report)}`);
  return `${lines.join('\n')}\n`;
}
