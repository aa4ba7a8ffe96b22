import { METRICS } from '../metrics.js';
import { bootstrapMedianRatioCi, medianRatio } from '../stats/bootstrap.js';
import { coefficientOfVariation, median } from '../stats/quantile.js';
import { createRng, deriveSeed } from '../stats/rng.js';
import { E_DIVISIVE_DEFAULTS, eDivisive } from './e-divisive.js';
import { buildSeries, type LoadedResults, type RawSeries } from './series.js';
import type {
  HistoryChangePoint,
  HistoryReport,
  HistorySeries,
  HistorySettings,
  HistorySummary,
  SkippedFile,
} from './types.js';

/** Defaults of `cni-perf-gate history`. */
export const HISTORY_DEFAULTS: HistorySettings = {
  alpha: E_DIVISIVE_DEFAULTS.alpha,
  permutations: E_DIVISIVE_DEFAULTS.permutations,
  minSegment: E_DIVISIVE_DEFAULTS.minSegment,
  seed: 1,
  confidence: 0.95,
};

const RESAMPLES = 2000;

function stepCi(
  before: readonly number[],
  after: readonly number[],
  settings: HistorySettings,
  seed: number,
): [number, number] {
  const ci = bootstrapMedianRatioCi(before, after, {
    resamples: RESAMPLES,
    confidence: settings.confidence,
    rng: createRng(seed),
  });
  return [ci.lo, ci.hi];
}

function summarise(medians: readonly number[], changePoints: readonly HistoryChangePoint[]): HistorySummary {
  const last = changePoints[changePoints.length - 1];
  const segmentStart = last?.index ?? 0;
  const segment = medians.slice(segmentStart);
  return {
    latest: medians[medians.length - 1]!,
    segmentMedian: median(segment),
    segmentRuns: segment.length,
    segmentStart,
    runToRunCv: coefficientOfVariation(segment),
    // The latest change point compares exactly the previous segment with the latest one.
    previousMedian: last ? last.before : null,
    ratio: last ? last.ratio : null,
    ci: last ? last.ci : null,
  };
}

/** Change points of one series, with the step each one makes between its neighbouring segments. */
function analyseSeries(raw: RawSeries, settings: HistorySettings): HistorySeries {
  const { subject, scenario, metric, points } = raw;
  const info = METRICS[metric];
  const head = { subject, scenario, metric, unit: info.unit, better: info.better, points };
  if (points.length < 2) {
    return {
      ...head,
      changePoints: [],
      summary: null,
      note: `only ${points.length} run: a series needs at least 2 runs to compare`,
    };
  }
  const medians = points.map((p) => p.median);
  const seed = deriveSeed(settings.seed, subject.key, scenario, metric);
  const found = eDivisive(medians, {
    alpha: settings.alpha,
    permutations: settings.permutations,
    minSegment: settings.minSegment,
    seed,
  });
  const bounds = [0, ...found.map((c) => c.index), medians.length];
  const changePoints: HistoryChangePoint[] = found.map((cp, i) => {
    const before = medians.slice(bounds[i]!, cp.index);
    const after = medians.slice(cp.index, bounds[i + 2]!);
    const b = median(before);
    const a = median(after);
    return {
      index: cp.index,
      createdAt: points[cp.index]!.createdAt,
      before: b,
      after: a,
      ratio: medianRatio(a, b),
      ci: stepCi(before, after, settings, deriveSeed(seed, 'step', String(cp.index))),
      p: cp.p,
      environmentChanged: points[cp.index]!.fingerprint !== points[cp.index - 1]!.fingerprint,
    };
  });
  const note =
    points.length < 2 * settings.minSegment
      ? `${points.length} runs: change points need at least ${2 * settings.minSegment} (2 × minimum segment ${settings.minSegment})`
      : undefined;
  return {
    ...head,
    changePoints,
    summary: summarise(medians, changePoints),
    ...(note ? { note } : {}),
  };
}

/**
 * The history of a set of results files: one series per subject × scenario × headline metric,
 * each with E-divisive change points (seeded: the same files and settings give the same report).
 */
export function buildHistory(
  runs: readonly LoadedResults[],
  skipped: readonly SkippedFile[] = [],
  settings: Partial<HistorySettings> = {},
): HistoryReport {
  const resolved: HistorySettings = { ...HISTORY_DEFAULTS, ...settings };
  const raw = buildSeries(runs, {
    confidence: resolved.confidence,
    resamples: RESAMPLES,
    seed: resolved.seed,
  });
  return {
    settings: resolved,
    files: runs.length,
    skipped,
    series: raw.map((series) => analyseSeries(series, resolved)),
  };
}
