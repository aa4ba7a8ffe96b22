import { lowerTailProbability, mannWhitneyCounts, upperTailProbability } from './exact-distributions.js';
import { normalUpperTail } from './normal.js';
import { rankWithTies, tieSum } from './ranks.js';

/** Direction of a one-sided test: "greater" means x tends to be larger than y (or the location > 0). */
export type Alternative = 'greater' | 'less';

/** Result of a one-sided rank test. */
export interface RankTestResult {
  /** The statistic as R reports it (Mann–Whitney: W = U of x; signed-rank: V). */
  readonly statistic: number;
  readonly p: number;
  /** Whether the exact null distribution was used (else the normal approximation). */
  readonly exact: boolean;
}

/** Largest sample size (per side) for which the exact distribution is used, as in R. */
export const EXACT_MAX_N = 50;

/**
 * One-sided Mann–Whitney U test (Wilcoxon rank-sum) of x against y, as R's
 * `wilcox.test(x, y, alternative)`: exact distribution when both samples have fewer than 50
 * values and there are no ties; otherwise the normal approximation with tie-corrected variance and
 * a continuity correction of 0.5. Statistic W = Σ ranks(x) − n_x(n_x+1)/2.
 */
export function mannWhitneyU(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  alternative: Alternative,
): RankTestResult {
  const nx = x.length;
  const ny = y.length;
  if (nx === 0 || ny === 0) throw new RangeError('Mann–Whitney test needs at least one value on each side');
  const all = new Float64Array(nx + ny);
  for (let i = 0; i < nx; i++) all[i] = x[i]!;
  for (let i = 0; i < ny; i++) all[nx + i] = y[i]!;
  const { ranks, tieGroups } = rankWithTies(all);
  let rankSum = 0;
  for (let i = 0; i < nx; i++) rankSum += ranks[i]!;
  const w = rankSum - (nx * (nx + 1)) / 2;

  if (nx < EXACT_MAX_N && ny < EXACT_MAX_N && tieGroups.length === 0) {
    const counts = mannWhitneyCounts(nx, ny);
    const p = alternative === 'greater' ? upperTailProbability(counts, w) : lowerTailProbability(counts, w);
    return { statistic: w, p, exact: true };
  }
  const n = nx + ny;
  const variance = ((nx * ny) / 12) * (n + 1 - tieSum(tieGroups) / (n * (n - 1)));
  if (!(variance > 0)) return { statistic: w, p: 1, exact: false };
  const centred = w - (nx * ny) / 2;
  const z =
    alternative === 'greater' ? (centred - 0.5) / Math.sqrt(variance) : (centred + 0.5) / Math.sqrt(variance);
  const p = alternative === 'greater' ? normalUpperTail(z) : normalUpperTail(-z);
  return { statistic: w, p: Math.min(1, Math.max(0, p)), exact: false };
}

/**
 * Smallest one-sided p the exact Mann–Whitney test can give for these sample sizes:
 * 1 / C(m+n, m). E.g. 3 vs 3 → 0.05, so a family α of 0.01 can never be reached.
 */
export function mannWhitneyMinP(m: number, n: number): number {
  if (m < 1 || n < 1) return 1;
  // 1 / C(m+n, m) computed as a product to avoid overflow.
  let p = 1;
  const k = Math.min(m, n);
  const total = m + n;
  for (let i = 1; i <= k; i++) p *= i / (total - k + i);
  return p;
}
