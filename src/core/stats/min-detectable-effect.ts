import { normalQuantile } from './normal.js';

/** Inputs of {@link minDetectableEffectPct}. */
export interface MdeInput {
  /** Samples on the base side (for paired designs: the number of pairs, with `paired: true`). */
  readonly nBase: number;
  readonly nHead: number;
  /** Coefficient of variation of each side (sd / mean). For paired: the sd of the per-pair log ratios in `cvBase`. */
  readonly cvBase: number;
  readonly cvHead: number;
  /** One-sided significance level the test must reach (after any family correction). */
  readonly alpha: number;
  /** Desired power, default 0.8. */
  readonly power?: number;
  /** Paired design: `cvBase` is the sd of per-pair log ratios and `nBase` the number of pairs. */
  readonly paired?: boolean;
}

/**
 * Rank tests are less efficient than the t-test by the asymptotic relative efficiency 3/π on
 * normal data; the detectable effect grows by √(π/3).
 */
const RANK_TEST_INFLATION = Math.sqrt(Math.PI / 3);

/**
 * Minimum detectable effect in percent of the base: the smallest true relative change that a
 * one-sided rank test at level `alpha` would detect with probability `power`, by the normal
 * approximation (z₁₋α + z_power) · √(cv_b²/n_b + cv_h²/n_h) · √(π/3). Returns Infinity when a side
 * has fewer than 2 samples.
 */
export function minDetectableEffectPct(input: MdeInput): number {
  const power = input.power ?? 0.8;
  const z = normalQuantile(1 - input.alpha) + normalQuantile(power);
  if (input.paired) {
    if (input.nBase < 2) return Infinity;
    const logEffect = z * (input.cvBase / Math.sqrt(input.nBase)) * RANK_TEST_INFLATION;
    return (Math.exp(logEffect) - 1) * 100;
  }
  if (input.nBase < 2 || input.nHead < 2) return Infinity;
  const se = Math.sqrt(
    (input.cvBase * input.cvBase) / input.nBase + (input.cvHead * input.cvHead) / input.nHead,
  );
  return z * se * RANK_TEST_INFLATION * 100;
}
