/**
 * Exact null distributions of the rank statistics, as counts (doubles: all additions of positive
 * numbers, so tail probabilities keep full relative precision). Memoised by sample sizes.
 */

const mannWhitneyCache = new Map<string, Float64Array>();
const signedRankCache = new Map<number, Float64Array>();

/**
 * Counts of the Mann–Whitney statistic U = W − m(m+1)/2 (W = rank sum of the first sample) for
 * sample sizes m and n without ties: element u is the number of the C(m+n, m) rank arrangements
 * with U = u, for u = 0..m·n.
 */
export function mannWhitneyCounts(m: number, n: number): Float64Array {
  const key = `${m},${n}`;
  const cached = mannWhitneyCache.get(key);
  if (cached) return cached;
  // f[j][s]: number of j-subsets of ranks {1..r} with sum s (s up to the largest m-subset sum).
  const total = m + n;
  const maxSum = (m * (2 * total - m + 1)) / 2;
  const f: Float64Array[] = Array.from({ length: m + 1 }, () => new Float64Array(maxSum + 1));
  f[0]![0] = 1;
  for (let r = 1; r <= total; r++) {
    for (let j = Math.min(r, m); j >= 1; j--) {
      const prev = f[j - 1]!;
      const cur = f[j]!;
      for (let s = maxSum; s >= r; s--) cur[s]! += prev[s - r]!;
    }
  }
  const offset = (m * (m + 1)) / 2;
  const counts = new Float64Array(m * n + 1);
  for (let u = 0; u <= m * n; u++) counts[u] = f[m]![u + offset]!;
  mannWhitneyCache.set(key, counts);
  return counts;
}

/**
 * Counts of the Wilcoxon signed-rank statistic V (sum of the ranks 1..n that carry a positive
 * sign) over the 2^n sign assignments, for v = 0..n(n+1)/2.
 */
export function signedRankCounts(n: number): Float64Array {
  const cached = signedRankCache.get(n);
  if (cached) return cached;
  const maxSum = (n * (n + 1)) / 2;
  const counts = new Float64Array(maxSum + 1);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    for (let s = maxSum; s >= r; s--) counts[s]! += counts[s - r]!;
  }
  signedRankCache.set(n, counts);
  return counts;
}

/** P(S ≥ s) for a statistic whose counts over 0..max are given. */
export function upperTailProbability(counts: Float64Array, s: number): number {
  let total = 0;
  let tail = 0;
  const start = Math.ceil(s - 1e-9);
  for (let v = 0; v < counts.length; v++) {
    total += counts[v]!;
    if (v >= start) tail += counts[v]!;
  }
  return Math.min(1, tail / total);
}

/** P(S ≤ s) for a statistic whose counts over 0..max are given. */
export function lowerTailProbability(counts: Float64Array, s: number): number {
  let total = 0;
  let tail = 0;
  const end = Math.floor(s + 1e-9);
  for (let v = 0; v < counts.length; v++) {
    total += counts[v]!;
    if (v <= end) tail += counts[v]!;
  }
  return Math.min(1, tail / total);
}
