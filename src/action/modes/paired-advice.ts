import type { ComparisonReport } from '../../core/compare/types.js';

/**
 * One sentence for a comparison of separate runs (gate mode) whose runner drifted or whose samples
 * could not settle a headline metric: the paired mode is what resolves that. Null otherwise (a
 * paired comparison, a decided verdict).
 */
export function pairedAdvice(report: ComparisonReport): string | null {
  if (report.options.paired || report.verdict === 'regression' || report.verdict === 'incomparable')
    return null;
  const open = report.comparisons.some((c) => c.gating && c.gate === 'open');
  if (!report.control.moved && !open) return null;
  const why = report.control.moved
    ? 'the runner drifted between the two runs'
    : 'these separate runs could not settle every headline metric';
  return `${why[0]!.toUpperCase()}${why.slice(1)}: for pull requests use \`mode: paired\`, which runs base and head side by side on one runner so that drift cancels within each pair (examples/pr-paired.yml).`;
}
