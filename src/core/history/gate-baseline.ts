import { METRICS } from '../metrics.js';
import type { ResultsFile, ScenarioResult } from '../results/types.js';
import { coefficientOfVariation, median } from '../stats/quantile.js';
import { buildHistory } from './analyze.js';
import { historySubject, type LoadedResults } from './series.js';
import type { HistorySettings } from './types.js';

/** What the gate compares with when it uses the history of baselines. */
export interface HistoryBaseline {
  /** One results file holding, per scenario, the samples of every baseline used (newest's metadata). */
  readonly pooled: ResultsFile;
  /** The baselines used (newest last): those after the latest change point of any headline series. */
  readonly used: readonly LoadedResults[];
  /** Baselines offered (same subject as the newest) and those left out for another subject. */
  readonly considered: number;
  readonly otherSubject: number;
  /** The latest change point that cut the history, when one did. */
  readonly cut: {
    readonly createdAt: string;
    readonly scenario: string;
    readonly metric: string;
    readonly ratio: number;
  } | null;
  /** Run-to-run spread of each headline series over the baselines used. */
  readonly spread: readonly BaselineSpread[];
}

/** Run-to-run spread of one headline scenario × metric over the baselines used. */
export interface BaselineSpread {
  readonly scenario: string;
  readonly metric: string;
  readonly runs: number;
  /** Smallest, median and largest run median. */
  readonly min: number;
  readonly median: number;
  readonly max: number;
  /** Coefficient of variation of the run medians (0 with one run). */
  readonly cv: number;
}

function byTime(a: LoadedResults, b: LoadedResults): number {
  return Date.parse(a.results.createdAt) - Date.parse(b.results.createdAt);
}

/** Pools the samples of several runs per scenario into one results file (the newest run's metadata). */
export function poolRuns(runs: readonly ResultsFile[]): ResultsFile {
  const newest = runs[runs.length - 1];
  if (!newest) throw new RangeError('poolRuns needs at least one results file');
  const scenarios: ScenarioResult[] = newest.scenarios.map((scenario) => {
    const samples = runs.flatMap(
      (run) => run.scenarios.find((s) => s.id === scenario.id && s.skipped === undefined)?.samples ?? [],
    );
    const { sampling: _sampling, ...rest } = scenario;
    return { ...rest, samples };
  });
  const { pairing: _pairing, sampling: _plan, ...rest } = newest;
  return { ...rest, scenarios };
}

/**
 * The baselines a history-aware gate compares with: of the given baselines (any order), those of
 * the newest one's subject, from the latest change point of any headline series on (so a step the
 * default branch already took is not held against a PR), pooled into one results file. A PR must
 * then stand out against the run-to-run spread of several baseline runs, not only one run's noise.
 */
export function historyBaseline(
  baselines: readonly LoadedResults[],
  settings: Partial<HistorySettings> = {},
): HistoryBaseline {
  const sorted = [...baselines].sort(byTime);
  const newest = sorted[sorted.length - 1];
  if (!newest) throw new RangeError('historyBaseline needs at least one baseline');
  const key = historySubject(newest.results).key;
  const same = sorted.filter((run) => historySubject(run.results).key === key);
  const history = buildHistory(same, [], settings);
  let cut: HistoryBaseline['cut'] = null;
  let cutTime = -Infinity;
  for (const series of history.series) {
    const last = series.changePoints[series.changePoints.length - 1];
    if (last && Date.parse(last.createdAt) > cutTime) {
      cutTime = Date.parse(last.createdAt);
      cut = {
        createdAt: last.createdAt,
        scenario: series.scenario,
        metric: series.metric,
        ratio: last.ratio,
      };
    }
  }
  const used = same.filter((run) => Date.parse(run.results.createdAt) >= cutTime);
  const usedFiles = new Set(used.map((run) => run.file));
  const spread: BaselineSpread[] = history.series
    .filter((series) => METRICS[series.metric].headline)
    .map((series) => {
      const medians = series.points.filter((p) => usedFiles.has(p.file)).map((p) => p.median);
      return { series, medians };
    })
    .filter(({ medians }) => medians.length > 0)
    .map(({ series, medians }) => ({
      scenario: series.scenario,
      metric: series.metric,
      runs: medians.length,
      min: Math.min(...medians),
      median: median(medians),
      max: Math.max(...medians),
      cv: coefficientOfVariation(medians),
    }));
  return {
    pooled: poolRuns(used.map((run) => run.results)),
    used,
    considered: same.length,
    otherSubject: sorted.length - same.length,
    cut,
    spread,
  };
}

/** A gated change whose head median the baselines' own run medians already reached. */
export interface WithinSpread {
  readonly scenario: string;
  readonly metric: string;
  readonly head: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/**
 * Regressions whose head median lies inside the range of the baselines' run medians: some
 * baseline run of the history was already as far off, so the change may be run-to-run spread
 * rather than the PR. Needs at least 3 baseline runs to say anything.
 */
export function regressionsWithinSpread(
  baseline: Pick<HistoryBaseline, 'spread'>,
  comparisons: readonly {
    readonly scenario: string;
    readonly metric: string;
    readonly verdict: string;
    readonly head: { readonly n: number; readonly median: number };
  }[],
): WithinSpread[] {
  return comparisons.flatMap((c) => {
    if (c.verdict !== 'regression' || c.head.n === 0) return [];
    const spread = baseline.spread.find((s) => s.scenario === c.scenario && s.metric === c.metric);
    if (!spread || spread.runs < 3) return [];
    const inside = c.head.median >= spread.min && c.head.median <= spread.max;
    return inside
      ? [
          {
            scenario: c.scenario,
            metric: c.metric,
            head: c.head.median,
            min: spread.min,
            max: spread.max,
            runs: spread.runs,
          },
        ]
      : [];
  });
}
