/** Pure statistics for the comparison engine: rank tests, bootstrap, multiplicity, power. */
export { createRng, deriveSeed, type Rng } from './rng.js';
export { median, quantile, quantileOfSorted, mean, coefficientOfVariation } from './quantile.js';
export { erfc, normalCdf, normalUpperTail, normalQuantile } from './normal.js';
export { rankWithTies, tieSum, type RankResult } from './ranks.js';
export {
  mannWhitneyCounts,
  signedRankCounts,
  upperTailProbability,
  lowerTailProbability,
} from './exact-distributions.js';
export {
  mannWhitneyU,
  mannWhitneyMinP,
  EXACT_MAX_N,
  type Alternative,
  type RankTestResult,
} from './mann-whitney.js';
export { wilcoxonSignedRank, signedRankMinP, SIGNED_RANK_DIGITS } from './wilcoxon-signed-rank.js';
export { roundSignificant } from './significant-digits.js';
export { holmAdjust } from './holm.js';
export { minDetectableEffectPct, type MdeInput } from './min-detectable-effect.js';
export {
  bootstrapMedianRatioCi,
  bootstrapPairedRatioCi,
  medianRatio,
  type BootstrapOptions,
  type ConfidenceInterval,
} from './bootstrap.js';
export { selectInPlace, quantilePairInPlace } from './quickselect.js';
export {
  resampledMedianDistribution,
  resampledMedians,
  EXACT_MEDIAN_TABLE_MAX_N,
  type ResampledMedianDistribution,
} from './resampled-median.js';
