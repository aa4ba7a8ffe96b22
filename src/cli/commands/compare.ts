import { compareResults } from '../../core/compare/engine.js';
import type { CompareOptions, ComparisonReport, OverallVerdict } from '../../core/compare/types.js';
import { UserError } from '../../core/errors.js';
import { renderHtmlReport } from '../../core/report/html-report.js';
import { comparisonProfiles } from '../../core/report/html-report-profiles.js';
import { renderJson } from '../../core/report/json.js';
import { renderMarkdown } from '../../core/report/markdown.js';
import { renderText } from '../../core/report/text.js';
import { countsText, OVERALL_WORDS } from '../../core/report/verdict.js';
import { parseResultsJson } from '../../core/results/parse.js';
import type { ResultsFile } from '../../core/results/types.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { readInputFile, refuseOutputOverInput, writeOutputFile } from '../files.js';
import { gatePolicyFromFlags } from '../thresholds.js';

const USAGE =
  'cni-perf-gate compare BASE.json HEAD.json [--thresholds FILE] [--threshold METRIC=PCT ...] [--strict-environment] [--paired] [--alpha A] [--format text|markdown|json|html] [--out FILE]';

const FORMATS = ['text', 'markdown', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: ${USAGE}

Compares two results files (a baseline and a candidate) per scenario x metric:
ratio of medians with a seeded bootstrap CI, one-sided Mann-Whitney U (Wilcoxon
signed-rank with --paired), Holm-corrected. A metric regresses only when the change
is significant AND the CI's near end is past the metric's threshold.

  BASE.json, HEAD.json     results files written by "cni-perf-gate run"
  --thresholds FILE        YAML/JSON mapping of metric id -> percent (e.g. tcp_throughput_bps: 3), or
                           thresholds: {…} plus headline: [ids] / informational: [ids] lists that
                           promote metrics to deciding the verdict or demote them to reported only
  --threshold METRIC=PCT   one threshold, repeatable; wins over --thresholds
  --strict-environment     environments that differ make the result "incomparable"
                           instead of a warning
  --paired                 samples were interleaved (ABBA); pair them by index (automatic
                           when both files carry the same pairing id from run --paired)
  --alpha A                family-wise significance level (default 0.01)
  --format F               text (default), markdown (PR comment), json, or html: one
                           self-contained page (no script, nothing loaded from anywhere) with
                           the tables and, per scenario profiled on both sides (run --profile),
                           a differential flame graph of CPU per unit of work (grown red,
                           shrunk blue) and the kernel functions that grew and shrank most
  --out FILE               write the report to FILE; stdout then gets one verdict line
  -h, --help               show this help

Exit status:
  0  no regression: pass, unchanged, improvement, inconclusive
  1  regression
  2  bad input or usage (unreadable/corrupt/newer results file, unknown metric, bad flag),
     and incomparable: the environments differ under --strict-environment, so the
     baseline does not fit this run (the report is still printed; nothing was gated)
`;

/** Exit code for an overall verdict (see the help text). */
export function exitCodeFor(verdict: OverallVerdict): number {
  if (verdict === 'regression') return 1;
  return verdict === 'incomparable' ? 2 : 0;
}

function render(report: ComparisonReport, format: Format, base: ResultsFile, head: ResultsFile): string {
  switch (format) {
    case 'html':
      return renderHtmlReport(report, comparisonProfiles(base, head));
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    default:
      return renderText(report);
  }
}

function parseAlpha(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const alpha = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(alpha) || alpha <= 0 || alpha >= 1) {
    throw new UserError(
      `compare: --alpha ${JSON.stringify(raw)} must be a number between 0 and 1, e.g. 0.01`,
    );
  }
  return alpha;
}

/** `cni-perf-gate compare`: the gate, from a terminal. */
export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'compare two results files and report regressions (exit 1 on regression)',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('compare', argv, {
      thresholds: { type: 'string' },
      threshold: { type: 'string', multiple: true },
      'strict-environment': { type: 'boolean' },
      paired: { type: 'boolean' },
      alpha: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    });
    expectPositionals('compare', positionals, ['BASE.json', 'HEAD.json'], USAGE);
    const format = (values.format ?? 'text') as Format;
    if (!FORMATS.includes(format)) {
      throw new UserError(
        `compare: --format ${JSON.stringify(values.format)} is not one of ${FORMATS.join(', ')}`,
      );
    }
    const alpha = parseAlpha(values.alpha);
    const policy = await gatePolicyFromFlags(values.threshold, values.thresholds, io.cwd);

    const [basePath, headPath] = positionals as [string, string];
    if (values.out) await refuseOutputOverInput(values.out, [basePath, headPath], io.cwd);
    const base = parseResultsJson(await readInputFile(basePath, io.cwd, 'results file'), basePath);
    const head = parseResultsJson(await readInputFile(headPath, io.cwd, 'results file'), headPath);

    const options: Partial<CompareOptions> = {
      ...policy,
      strictEnvironment: values['strict-environment'] ?? false,
      ...(values.paired ? { paired: true } : {}),
      ...(alpha !== undefined ? { alpha } : {}),
    };
    const report = compareResults(base, head, options, { base: basePath, head: headPath });
    const output = render(report, format, base, head);
    if (values.out) {
      await writeOutputFile(values.out, io.cwd, output, 'report');
      io.stdout(
        `${report.verdict}: ${OVERALL_WORDS[report.verdict]} (${countsText(report.counts)}); report written to ${values.out}\n`,
      );
    } else {
      io.stdout(output);
    }
    if (report.verdict === 'incomparable') {
      io.stderr(
        'cni-perf-gate: INCOMPARABLE: the environments differ and --strict-environment is set; nothing was gated (exit 2)\n',
      );
    }
    return exitCodeFor(report.verdict);
  },
};
