import { describe, expect, it } from 'vitest';
import { lowerTailProbability, signedRankCounts } from '../../../src/core/stats/exact-distributions.js';
import { roundSignificant } from '../../../src/core/stats/significant-digits.js';
import {
  SIGNED_RANK_DIGITS,
  signedRankMinP,
  wilcoxonSignedRank,
} from '../../../src/core/stats/wilcoxon-signed-rank.js';

/** Independent check: enumerate all 2^n sign assignments of the ranks 1..n and count V. */
function enumerateV(n: number): number[] {
  const counts = new Array<number>((n * (n + 1)) / 2 + 1).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let v = 0;
    for (let r = 0; r < n; r++) if (mask & (1 << r)) v += r + 1;
    counts[v]!++;
  }
  return counts;
}

function criticalT(n: number, level: number): number {
  const counts = signedRankCounts(n);
  let t = -1;
  while (lowerTailProbability(counts, t + 1) <= level) t++;
  return t;
}

describe('Wilcoxon signed-rank', () => {
  // R, ?wilcox.test (Hollander & Wolfe 1973, p. 29, depression scale):
  // x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
  // y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
  // wilcox.test(x, y, paired = TRUE, alternative = "greater") → V = 40, p-value = 0.01953
  it("reproduces R's paired depression example (V = 40, p = 0.01953)", () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const result = wilcoxonSignedRank(
      x.map((v, i) => v - y[i]!),
      'greater',
    );
    expect(result.exact).toBe(true);
    expect(result.statistic).toBe(40);
    expect(result.p).toBeCloseTo(0.01953, 5);
    // 10 of the 512 sign patterns reach V ≥ 40.
    expect(result.p).toBeCloseTo(10 / 512, 12);
  });

  it('matches exhaustive enumeration of the exact null distribution', () => {
    for (const n of [1, 2, 5, 9, 12]) expect(Array.from(signedRankCounts(n))).toEqual(enumerateV(n));
  });

  // Critical values of T (reject when T ≤ value) from standard signed-rank tables, e.g.
  // Siegel & Castellan (1988), Table H; Zar, Biostatistical Analysis, Table B.12.
  it.each([
    [6, 0.025, 0],
    [10, 0.025, 8],
    [10, 0.05, 10],
    [20, 0.025, 52],
  ])('critical T for n=%i at one-sided %f is %i', (n, level, expected) => {
    expect(criticalT(n, level)).toBe(expected);
  });

  it('drops zero differences and then uses the normal approximation (as R)', () => {
    const result = wilcoxonSignedRank([0, 1, 2, 3, 4, 5, 6], 'greater');
    expect(result.exact).toBe(false);
    expect(result.statistic).toBe(21);
    expect(result.p).toBeLessThan(0.05);
    expect(wilcoxonSignedRank([0, 0, 0], 'greater').p).toBe(1);
  });

  it('agrees with the exact distribution where the normal approximation takes over (n = 60, no ties)', () => {
    const d = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    const approx = wilcoxonSignedRank(d, 'less');
    expect(approx.exact).toBe(false);
    const exact = lowerTailProbability(signedRankCounts(60), approx.statistic);
    expect(approx.p / exact).toBeCloseTo(1, 1);
  });

  it('knows the smallest achievable p: 1 / 2^n', () => {
    expect(signedRankMinP(3)).toBe(0.125);
    expect(signedRankMinP(7)).toBeCloseTo(1 / 128, 12);
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5, 6, 7], 'greater').p).toBeCloseTo(1 / 128, 12);
  });

  describe('mathematically tied log ratios (h1/b1 = b2/h2) rank as ties whatever the last bit', () => {
    // Latencies rounded to 0.05 ms, as wrk prints them: pairs 1 and 2 swap base and head, so
    // |ln(h1/b1)| = |ln(h2/b2)| exactly in the reals, but not in floating point.
    const pairs: [number, number][] = [
      [0.45, 0.5],
      [0.5, 0.45],
      [0.3, 0.35],
      [0.4, 0.45],
      [0.35, 0.4],
      [0.5, 0.55],
      [0.55, 0.6],
    ];
    const d = pairs.map(([b, h]) => Math.log(h / b));
    const exactlyTied = d.map((v, i) => (i === 1 ? -d[0]! : v));

    it('the fixture really differs in the last bit (so the check below can fail)', () => {
      expect(Math.abs(d[1]!)).not.toBe(Math.abs(d[0]!));
      const raw = wilcoxonSignedRank(d, 'greater', Infinity);
      expect(raw.exact).toBe(true); // ranked raw: no tie seen, exact p 0.0390625
      expect(raw.p).toBeCloseTo(0.0390625, 12);
    });

    it('gives the tie-corrected p of the exactly tied differences (R: V = 24.5, p = 0.04520)', () => {
      // Ranks of |d|: 1, 2, 3.5, 3.5, 5, 6, 7; V = 28 − 3.5 = 24.5; var = 7·8·15/24 − (2³−2)/48
      // = 34.875; z = (24.5 − 14 − 0.5)/√34.875 = 1.6933 → one-sided p = 0.04520 (R's
      // wilcox.test(…, paired = TRUE, alternative = "greater", digits.rank = 10) gives the same).
      for (const alternative of ['greater', 'less'] as const) {
        const rounded = wilcoxonSignedRank(d, alternative);
        const tied = wilcoxonSignedRank(exactlyTied, alternative);
        expect(rounded).toEqual(tied);
      }
      const greater = wilcoxonSignedRank(d, 'greater');
      expect(greater.statistic).toBe(24.5);
      expect(greater.exact).toBe(false);
      expect(greater.p).toBeCloseTo(0.04519585540418008, 12);
    });

    it('rounds to SIGNED_RANK_DIGITS significant digits, keeping real differences apart', () => {
      expect(SIGNED_RANK_DIGITS).toBe(10);
      expect(roundSignificant(d[0]!, SIGNED_RANK_DIGITS)).toBe(roundSignificant(-d[1]!, SIGNED_RANK_DIGITS));
      expect(roundSignificant(0.123456789012345, 10)).toBe(0.123456789);
      expect(roundSignificant(-1.5e-9, 10)).toBe(-1.5e-9);
      expect(roundSignificant(0, 10)).toBe(0);
      // 1e-6 relative apart: still distinct ranks.
      const apart = wilcoxonSignedRank([0.1, -0.1000001, 0.2], 'greater');
      expect(apart.exact).toBe(true);
    });
  });
});
