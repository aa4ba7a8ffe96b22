import { UserError } from '../../core/errors.js';
import { buildHistory, type HistoryReport, type HistorySettings } from '../../core/history/index.js';
import { HISTORY_DEFAULTS } from '../../core/history/analyze.js';
import { renderHistoryHtml } from '../../core/report/history-html.js';
import { renderHistoryJson } from '../../core/report/history-json.js';
import { renderHistoryMarkdown } from '../../core/report/history-markdown.js';
import { historyHeadline } from '../../core/report/history-summary.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { refuseOutputOverInput, writeOutputFile } from '../files.js';
import { readResultsInputs } from '../results-inputs.js';

const USAGE =
  'cni-perf-gate history FILE|DIR... [--out FILE] [--format html|markdown|json] [--alpha A] [--min-segment N] [--permutations N] [--seed N] [--title TEXT]';

const FORMATS = ['html', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: ${USAGE}

Turns a set of results files (e.g. a directory of downloaded baselines) into a trend report:
per subject (platform/datapath/kube-proxy mode) x scenario x headline metric, the run medians
over time with their 95% CI, change points found by E-divisive means (Matteson & James 2014)
with a seeded permutation test, and the latest segment against the previous one.

  FILE|DIR...          results files, or directories searched recursively for *.json
  --out FILE           write the report to FILE (stdout then gets one summary line)
  --format F           html (default: one self-contained page, works offline),
                       markdown (job summary with mermaid charts) or json
  --alpha A            significance level of each change point's permutation test
                       (default ${HISTORY_DEFAULTS.alpha})
  --min-segment N      fewest runs between two change points (default ${HISTORY_DEFAULTS.minSegment}, at least 2)
  --permutations N     permutations per test (default ${HISTORY_DEFAULTS.permutations})
  --seed N             seed of permutations and bootstraps (default ${HISTORY_DEFAULTS.seed}); same files and
                       seed give the same report
  --title TEXT         page title (html)
  -h, --help           show this help

Files that are not readable results (corrupt, another schema version) are named on stderr and
skipped; files of different subjects are charted apart, never mixed.

Exit status: 0 report written; 2 bad usage, a path that does not exist, or no usable results file.
`;

function numberFlag(
  flag: string,
  raw: string | undefined,
  check: (n: number) => boolean,
  expected: string,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UserError(`history: ${flag} ${JSON.stringify(raw)} must be ${expected}`);
  }
  return value;
}

function render(report: HistoryReport, format: Format, title: string | undefined, now: string): string {
  switch (format) {
    case 'json':
      return renderHistoryJson(report);
    case 'markdown':
      return renderHistoryMarkdown(report);
    default:
      return renderHistoryHtml(report, { generatedAt: now, ...(title ? { title } : {}) });
  }
}

/** Builds the `history` command (the clock is injectable so tests get stable pages). */
export function createHistoryCommand(now: () => Date = () => new Date()): CliCommand {
  return {
    name: 'history',
    summary: 'trend report of many results files: series, CI bands, change points (html/markdown/json)',
    help: HELP,
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs('history', argv, {
        out: { type: 'string' },
        format: { type: 'string' },
        alpha: { type: 'string' },
        'min-segment': { type: 'string' },
        permutations: { type: 'string' },
        seed: { type: 'string' },
        title: { type: 'string' },
      });
      expectPositionals('history', positionals, ['FILE|DIR...'], USAGE);
      const format = (values.format ?? 'html') as Format;
      if (!FORMATS.includes(format)) {
        throw new UserError(
          `history: --format ${JSON.stringify(values.format)} is not one of ${FORMATS.join(', ')}`,
        );
      }
      const alpha = numberFlag(
        '--alpha',
        values.alpha,
        (n) => n > 0 && n < 1,
        'a number between 0 and 1, e.g. 0.05',
      );
      const minSegment = numberFlag(
        '--min-segment',
        values['min-segment'],
        (n) => Number.isInteger(n) && n >= 2,
        'an integer of at least 2',
      );
      const permutations = numberFlag(
        '--permutations',
        values.permutations,
        (n) => Number.isInteger(n) && n >= 19 && n <= 100000,
        'an integer between 19 and 100000',
      );
      const seed = numberFlag('--seed', values.seed, (n) => Number.isInteger(n), 'an integer');
      const settings: Partial<HistorySettings> = {
        ...(alpha !== undefined ? { alpha } : {}),
        ...(minSegment !== undefined ? { minSegment } : {}),
        ...(permutations !== undefined ? { permutations } : {}),
        ...(seed !== undefined ? { seed } : {}),
      };

      const { loaded, skipped } = await readResultsInputs(positionals, io.cwd);
      if (values.out) {
        const inputs = [...loaded.map((l) => l.file), ...skipped.map((s) => s.file)];
        await refuseOutputOverInput(values.out, inputs, io.cwd);
      }
      for (const s of skipped) io.stderr(`history: warning: skipped ${s.file}: ${s.reason}\n`);
      if (loaded.length === 0) {
        throw new UserError(
          `history: none of the ${skipped.length} file(s) is a usable results file (see the warnings above); pass files written by "cni-perf-gate run"`,
        );
      }
      io.stderr(`history: ${loaded.length} results file(s); finding change points…\n`);
      const report = buildHistory(loaded, skipped, settings);
      const short = report.series.filter((s) => s.points.length < 2);
      if (short.length > 0) {
        io.stderr(
          `history: note: ${short.length} of ${report.series.length} series have fewer than 2 runs (shown as single points, no change points)\n`,
        );
      }
      const output = render(report, format, values.title, now().toISOString());
      if (values.out) {
        await writeOutputFile(values.out, io.cwd, output, 'history report');
        io.stdout(`${historyHeadline(report)}; report written to ${values.out}\n`);
      } else {
        io.stdout(output);
      }
      return 0;
    },
  };
}

/** `cni-perf-gate history`. */
export const historyCommand: CliCommand = createHistoryCommand();
