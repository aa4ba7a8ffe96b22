import type { ComparisonProfiles } from '../../core/report/html-report-profiles.js';
import type { ComparisonReport, OverallVerdict } from '../../core/compare/types.js';

/** What a mode produced, for the publishing step (summary, comment, outputs, exit). */
export interface ModeOutcome {
  /** The `verdict` output: an overall verdict, or `none` when nothing was compared (baseline mode). */
  readonly verdict: OverallVerdict | 'none';
  /** The verdict the fail policy judges; null when nothing may fail the step (no baseline yet, baseline mode). */
  readonly failVerdict: OverallVerdict | null;
  readonly report: ComparisonReport | null;
  /** Markdown for the job summary and the PR comment (without the hidden marker). */
  readonly markdown: string;
  /** Whether this outcome belongs in a PR comment at all. */
  readonly commentable: boolean;
  /** Results file written by this run, if any. */
  readonly resultsPath: string | null;
  /** false when gate mode found no baseline; null when the mode does not look for one. */
  readonly baselineFound: boolean | null;
  /** Directory of the HTML history report (baseline mode with `history`). */
  readonly historyReportDir?: string | null;
  /** Baseline runs the comparison used (gate mode): 1, or more with `history`. */
  readonly baselinesCompared?: number | null;
  /** The two sides' CPU profiles (`--profile`), for the HTML report's flame graphs. */
  readonly profiles?: ComparisonProfiles;
  /** Where to comment when it is not this run's PR and key (comment mode). */
  readonly commentTarget?: { readonly issueNumber: number; readonly key: string };
}

/** What the gate compared the head with: an outcome, or no baseline found (how many runs were searched). */
export type GateComparison =
  | { readonly found: true; readonly outcome: ModeOutcome }
  | { readonly found: false; readonly runsSearched: number };
