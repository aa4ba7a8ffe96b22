import { describe, expect, it } from 'vitest';
import { lowerTailProbability, mannWhitneyCounts } from '../../../src/core/stats/exact-distributions.js';
import { mannWhitneyMinP, mannWhitneyU } from '../../../src/core/stats/mann-whitney.js';

/** Independent check: enumerate every way of giving m of the ranks 1..m+n to x, count U. */
function enumerateU(m: number, n: number): number[] {
  const counts = new Array<number>(m * n + 1).fill(0);
  const total = m + n;
  for (let mask = 0; mask < 1 << total; mask++) {
    let bits = 0;
    let rankSum = 0;
    for (let r = 0; r < total; r++) {
      if (mask & (1 << r)) {
        bits++;
        rankSum += r + 1;
      }
    }
    if (bits === m) counts[rankSum - (m * (m + 1)) / 2]!++;
  }
  return counts;
}

/** Largest u with P(U ≤ u) ≤ level: a table critical value. */
function criticalU(m: number, n: number, level: number): number {
  const counts = mannWhitneyCounts(m, n);
  let u = -1;
  while (lowerTailProbability(counts, u + 1) <= level) u++;
  return u;
}

describe('Mann–Whitney U', () => {
  // R, ?wilcox.test: x <- c(0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46);
  // y <- c(1.15, 0.88, 0.90, 0.74, 1.21); wilcox.test(x, y, alternative = "g") → W = 35, p-value = 0.1272
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];

  it("reproduces R's ?wilcox.test exact example (W = 35, p = 0.1272)", () => {
    const result = mannWhitneyU(x, y, 'greater');
    expect(result.statistic).toBe(35);
    expect(result.exact).toBe(true);
    expect(result.p).toBeCloseTo(0.1272, 4);
  });

  it('gives complementary one-sided p-values and is symmetric in its arguments', () => {
    const greater = mannWhitneyU(x, y, 'greater').p;
    const less = mannWhitneyU(x, y, 'less').p;
    // Exact, no ties: P(U ≥ 35) + P(U ≤ 35) = 1 + P(U = 35).
    expect(greater + less).toBeGreaterThan(1);
    expect(mannWhitneyU(y, x, 'less').p).toBeCloseTo(greater, 12);
  });

  // R, ?wilcox.test: wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8))
  // → W = 127.5, p-value = 0.0001208 (two-sided, ties → normal approximation with continuity correction).
  it("reproduces R's airquality example with ties (W = 127.5, two-sided p = 0.0001208)", () => {
    const may = [
      41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37,
    ];
    const august = [
      39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84,
      85,
    ];
    const result = mannWhitneyU(may, august, 'less');
    expect(result.exact).toBe(false);
    expect(result.statistic).toBe(127.5);
    // W is below its mean, so the two-sided p is twice the "less" p.
    expect(2 * result.p).toBeCloseTo(0.0001208, 7);
  });

  it('matches exhaustive enumeration of the exact null distribution', () => {
    for (const [m, n] of [
      [1, 1],
      [2, 3],
      [3, 3],
      [4, 6],
      [5, 5],
      [6, 7],
    ] as const) {
      expect(Array.from(mannWhitneyCounts(m, n))).toEqual(enumerateU(m, n));
    }
  });

  // Critical values of U (reject when U ≤ value) from standard tables, e.g. Siegel & Castellan,
  // Nonparametric Statistics (1988), Table J / Zar, Biostatistical Analysis, Table B.11.
  it.each([
    [5, 5, 0.05, 4],
    [5, 5, 0.025, 2],
    [8, 8, 0.025, 13],
    [10, 10, 0.05, 27],
    [10, 10, 0.025, 23],
    [20, 20, 0.025, 127],
  ])('critical U for n1=%i, n2=%i at one-sided %f is %i', (m, n, level, expected) => {
    expect(criticalU(m, n, level)).toBe(expected);
  });

  it('uses the normal approximation from 50 samples per side and agrees with the exact distribution there', () => {
    const a = Array.from({ length: 50 }, (_, i) => i * 2 + 0.5);
    const b = Array.from({ length: 50 }, (_, i) => i * 2 + 9.5);
    const approx = mannWhitneyU(a, b, 'less');
    expect(approx.exact).toBe(false);
    const exact = lowerTailProbability(mannWhitneyCounts(50, 50), approx.statistic);
    expect(approx.p / exact).toBeCloseTo(1, 1);
  });

  it('returns p = 1 when every value is tied', () => {
    expect(mannWhitneyU([1, 1, 1], [1, 1, 1], 'greater').p).toBe(1);
    expect(mannWhitneyU([1, 1, 1], [1, 1, 1], 'less').p).toBe(1);
  });

  it('rejects empty samples', () => {
    expect(() => mannWhitneyU([], [1], 'less')).toThrow(RangeError);
  });

  it('knows the smallest achievable p: 1 / C(m+n, m)', () => {
    expect(mannWhitneyMinP(3, 3)).toBeCloseTo(0.05, 12); // 3 vs 3 can never pass α = 0.01
    expect(mannWhitneyMinP(7, 7)).toBeCloseTo(1 / 3432, 12);
    expect(mannWhitneyMinP(2, 10)).toBeCloseTo(1 / 66, 12);
    for (const [m, n] of [
      [3, 3],
      [4, 9],
      [12, 12],
    ] as const) {
      const counts = mannWhitneyCounts(m, n);
      expect(mannWhitneyMinP(m, n)).toBeCloseTo(lowerTailProbability(counts, 0), 12);
    }
    // Complete separation of 3 vs 3 reaches exactly that minimum.
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6], 'less').p).toBeCloseTo(0.05, 12);
  });
});
