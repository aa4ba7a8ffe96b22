import type { Better } from '../metrics.js';

/**
 * The worse-side end of an interval of a head/base ratio: its lower end for a metric where higher
 * is better, its upper end otherwise. Null for a missing interval.
 */
export function worseEnd(better: Better, interval: readonly [number, number] | null): number | null {
  if (interval === null) return null;
  return better === 'higher' ? interval[0] : interval[1];
}

/**
 * True when a ratio is no worse than the threshold allows: at least 1 − threshold where higher is
 * better, at most 1 + threshold otherwise. The one-sided rule of the gate: a material regression is
 * excluded when the worse-side bound passes this test.
 */
export function insideThreshold(better: Better, ratio: number, thresholdPct: number): boolean {
  return worseBy(better, ratio) <= thresholdPct / 100;
}

/** How much worse a head/base ratio is, as a fraction (0.08 = 8% worse; negative when better). */
export function worseBy(better: Better, ratio: number): number {
  return better === 'higher' ? 1 - ratio : ratio - 1;
}
