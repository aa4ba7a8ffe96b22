import { lowerTailProbability, signedRankCounts, upperTailProbability } from './exact-distributions.js';
import type { Alternative, RankTestResult } from './mann-whitney.js';
import { EXACT_MAX_N } from './mann-whitney.js';
import { normalUpperTail } from './normal.js';
import { rankWithTies, tieSum } from './ranks.js';
import { roundSignificant } from './significant-digits.js';

/**
 * Significant digits |d| is rounded to before ranking (R's `digits.rank`). Differences that are
 * equal mathematically but were computed through different floating-point paths (log(h1/b1)
 * and −log(b2/h2) when h1/b1 = b2/h2) then rank as the ties they are, whatever the last bit the
 * platform's `log` gives; 10 digits is far finer than any measurement the gate sees.
 */
export const SIGNED_RANK_DIGITS = 10;

/**
 * One-sided Wilcoxon signed-rank test that the differences `d` are centred above ("greater") or
 * below ("less") zero, as R's `wilcox.test(x, y, paired = TRUE, alternative)` with d = x − y:
 * zero differences are dropped; exact distribution when fewer than 50 remain and there are
 * neither ties nor zeros; otherwise the normal approximation with tie-corrected variance and a
 * continuity correction of 0.5. Statistic V = sum of the ranks of |d| over the positive d.
 * |d| is rounded to `digitsRank` significant digits before ranking, as R does with a finite
 * `digits.rank` (default SIGNED_RANK_DIGITS; `Infinity` ranks the raw values).
 */
export function wilcoxonSignedRank(
  d: ArrayLike<number>,
  alternative: Alternative,
  digitsRank: number = SIGNED_RANK_DIGITS,
): RankTestResult {
  const nonZero: number[] = [];
  for (let i = 0; i < d.length; i++) {
    const value = roundSignificant(d[i]!, digitsRank);
    if (value !== 0) nonZero.push(value);
  }
  const hadZeros = nonZero.length < d.length;
  const n = nonZero.length;
  if (n === 0) return { statistic: 0, p: 1, exact: false };
  const { ranks, tieGroups } = rankWithTies(nonZero.map(Math.abs));
  let v = 0;
  for (let i = 0; i < n; i++) if (nonZero[i]! > 0) v += ranks[i]!;

  if (n < EXACT_MAX_N && tieGroups.length === 0 && !hadZeros) {
    const counts = signedRankCounts(n);
    const p = alternative === 'greater' ? upperTailProbability(counts, v) : lowerTailProbability(counts, v);
    return { statistic: v, p, exact: true };
  }
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieSum(tieGroups) / 48;
  if (!(variance > 0)) return { statistic: v, p: 1, exact: false };
  const centred = v - (n * (n + 1)) / 4;
  const z =
    alternative === 'greater' ? (centred - 0.5) / Math.sqrt(variance) : (centred + 0.5) / Math.sqrt(variance);
  const p = alternative === 'greater' ? normalUpperTail(z) : normalUpperTail(-z);
  return { statistic: v, p: Math.min(1, Math.max(0, p)), exact: false };
}

/** Smallest one-sided p the exact signed-rank test can give for n pairs: 1 / 2^n (n = 3 → 0.125). */
export function signedRankMinP(n: number): number {
  return n < 1 ? 1 : Math.pow(2, -n);
}
