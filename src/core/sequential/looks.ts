import { UserError } from '../errors.js';
import { mannWhitneyMinP } from '../stats/mann-whitney.js';
import { signedRankMinP } from '../stats/wilcoxon-signed-rank.js';

/** What an adaptive-sampling plan is derived from. */
export interface LookPlanInput {
  /** Family-wise α of the gate (e.g. 0.01). */
  readonly alpha: number;
  /** One-sided tests judged per look (gated metrics × scenarios judged together). */
  readonly familySize: number;
  /** Paired (Wilcoxon signed-rank on pairs) or unpaired (Mann–Whitney, equal n per side). */
  readonly paired: boolean;
  /** Largest sample count per side (pairs when paired). */
  readonly maxRepetitions: number;
  /** Samples added per side between looks (default 4: two ABBA blocks). */
  readonly step?: number;
}

/** The planned looks and the α each one is judged at. */
export interface LookPlan {
  readonly alpha: number;
  /** Increasing sample counts at which the stop rule looks; the last is maxRepetitions. */
  readonly looks: readonly number[];
  /** α / looks.length: Bonferroni over the planned looks. */
  readonly alphaPerLook: number;
  /** The strictest Bonferroni level one test faces at one look: alphaPerLook / familySize. */
  readonly perTestLevel: number;
  /** False when even maxRepetitions cannot pass the per-test level (the plan is then one look). */
  readonly canPass: boolean;
}

/** Default samples added between looks. */
export const DEFAULT_LOOK_STEP = 4;

/** Smallest one-sided p the exact test reaches with n per side. */
export function exactMinP(n: number, paired: boolean): number {
  return paired ? signedRankMinP(n) : mannWhitneyMinP(n, n);
}

/** Look sizes from `first` to `max` every `step` (the last look is always `max`). */
export function lookSizes(first: number, max: number, step: number): number[] {
  const looks: number[] = [];
  for (let n = first; n < max; n += step) looks.push(n);
  looks.push(max);
  return looks;
}

/**
 * Plans the looks of adaptive sampling. Error control across looks is Bonferroni over the planned
 * looks: every look is judged at α/K (K = number of looks) with Holm inside the look, so the chance
 * of ANY false alarm over all looks is ≤ K · α/K = α whatever the correlation between looks.
 * Chosen over Pocock / O'Brien–Fleming boundaries because those are derived for normally distributed
 * increments and a continuous test statistic, while the gate's exact rank tests have discrete
 * p-values with a hard floor (1/2ⁿ paired): Bonferroni needs no distributional assumption, is valid
 * for any stopping rule over the planned looks, and costs little when K is small (4–6 looks).
 * The first look is the smallest (even, so ABBA blocks stay whole) n whose smallest possible exact p
 * can pass the strictest per-test level α/(K·m); earlier looks could never stop with a regression.
 */
export function planLooks(input: LookPlanInput): LookPlan {
  const { alpha, familySize, paired, maxRepetitions } = input;
  const step = input.step ?? DEFAULT_LOOK_STEP;
  if (!(alpha > 0 && alpha < 1))
    throw new UserError(`adaptive sampling: alpha must be in (0, 1), got ${alpha}`);
  if (!Number.isInteger(familySize) || familySize < 1) {
    throw new UserError(`adaptive sampling: the family size must be a whole number ≥ 1, got ${familySize}`);
  }
  if (!Number.isInteger(maxRepetitions) || maxRepetitions < 2) {
    throw new UserError(`maxRepetitions must be a whole number ≥ 2, got ${maxRepetitions}`);
  }
  if (!Number.isInteger(step) || step < 1) throw new UserError(`adaptive look step must be ≥ 1, got ${step}`);
  for (let first = 2; first <= maxRepetitions; first += 2) {
    const looks = lookSizes(first, maxRepetitions, step);
    const alphaPerLook = alpha / looks.length;
    const perTestLevel = alphaPerLook / familySize;
    if (exactMinP(first, paired) <= perTestLevel) {
      return { alpha, looks, alphaPerLook, perTestLevel, canPass: true };
    }
  }
  return {
    alpha,
    looks: [maxRepetitions],
    alphaPerLook: alpha,
    perTestLevel: alpha / familySize,
    canPass: exactMinP(maxRepetitions, paired) <= alpha / familySize,
  };
}
