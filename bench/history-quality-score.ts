/** Scoring of detected change points against the truth, for `npm run bench:history` (pure). */

/** One synthetic series' outcome. */
export interface SeriesOutcome {
  /** True change-point index (first run after the step), or null for an A/A series. */
  readonly truth: number | null;
  /** Detected change-point indices. */
  readonly detected: readonly number[];
}

/** Aggregate quality figures of a set of series. */
export interface Score {
  readonly series: number;
  readonly detected: number;
  /** Detections within ±tolerance runs of the truth (at most one per series counts). */
  readonly truePositives: number;
  /** truePositives / detected (null when nothing was detected). */
  readonly precision: number | null;
  /** truePositives / series with a true step (null for A/A sets). */
  readonly recall: number | null;
  /** Mean and maximum |detected − truth| over the true positives. */
  readonly meanLocationError: number | null;
  readonly maxLocationError: number | null;
  /** Series whose answer is exactly one change point within tolerance. */
  readonly exactlyRight: number;
  /** Detections that match no true step, per series, and the share of series with any. */
  readonly falsePerSeries: number;
  readonly seriesWithFalse: number;
}

/** Scores outcomes; a detection is a true positive when within `tolerance` runs of the truth. */
export function score(outcomes: readonly SeriesOutcome[], tolerance = 1): Score {
  let detected = 0;
  let truePositives = 0;
  let exactlyRight = 0;
  let falseCount = 0;
  let seriesWithFalse = 0;
  let stepped = 0;
  const errors: number[] = [];
  for (const o of outcomes) {
    detected += o.detected.length;
    let matched: number | null = null;
    if (o.truth !== null) {
      stepped++;
      for (const d of o.detected) {
        const error = Math.abs(d - o.truth);
        if (error <= tolerance && (matched === null || error < matched)) matched = error;
      }
    }
    const falseHere = o.detected.length - (matched === null ? 0 : 1);
    falseCount += falseHere;
    if (falseHere > 0) seriesWithFalse++;
    if (matched !== null) {
      truePositives++;
      errors.push(matched);
      if (o.detected.length === 1) exactlyRight++;
    }
  }
  return {
    series: outcomes.length,
    detected,
    truePositives,
    precision: detected > 0 ? truePositives / detected : null,
    recall: stepped > 0 ? truePositives / stepped : null,
    meanLocationError: errors.length > 0 ? errors.reduce((a, b) => a + b, 0) / errors.length : null,
    maxLocationError: errors.length > 0 ? Math.max(...errors) : null,
    exactlyRight,
    falsePerSeries: outcomes.length > 0 ? falseCount / outcomes.length : 0,
    seriesWithFalse,
  };
}

/** Wilson score interval (95%) of a proportion k/n. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959963984540054;
  const p = k / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
