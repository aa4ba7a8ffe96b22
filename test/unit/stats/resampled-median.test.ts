import { describe, expect, it } from 'vitest';
import { median } from '../../../src/core/stats/quantile.js';
import { quantilePairInPlace, selectInPlace } from '../../../src/core/stats/quickselect.js';
import {
  EXACT_MEDIAN_TABLE_MAX_N,
  resampledMedianDistribution,
  resampledMedians,
} from '../../../src/core/stats/resampled-median.js';
import { createRng } from '../../../src/core/stats/rng.js';

/** Independent check: enumerate all n^n resamples and tally the (lower, upper) middle positions. */
function enumerateMedianPositions(n: number): Map<string, number> {
  const tally = new Map<string, number>();
  const draw = new Array<number>(n).fill(0);
  const total = n ** n;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let i = 0; i < n; i++) {
      draw[i] = c % n;
      c = Math.floor(c / n);
    }
    const sorted = [...draw].sort((a, b) => a - b);
    const key = `${sorted[(n - 1) >> 1]},${sorted[n >> 1]}`;
    tally.set(key, (tally.get(key) ?? 0) + 1 / total);
  }
  return tally;
}

function tableProbabilities(n: number): Map<string, number> {
  const { lower, upper, cdf } = resampledMedianDistribution(n);
  const out = new Map<string, number>();
  for (let a = 0; a < cdf.length; a++) {
    const p = cdf[a]! - (a === 0 ? 0 : cdf[a - 1]!);
    if (p > 1e-15) out.set(`${lower[a]},${upper[a]}`, p);
  }
  return out;
}

describe('exact distribution of a resample median', () => {
  it.each([1, 2, 3, 4, 5, 6, 7])('matches enumeration of all n^n resamples for n = %i', (n) => {
    const exact = enumerateMedianPositions(n);
    const table = tableProbabilities(n);
    expect([...table.keys()].sort()).toEqual([...exact.keys()].sort());
    for (const [key, p] of exact) expect(table.get(key)).toBeCloseTo(p, 10);
  });

  it('matches a brute-force Monte Carlo bootstrap for n = 20 (frequency of each median value)', () => {
    const sorted = Float64Array.from({ length: 20 }, (_, i) => i * i);
    const fast = resampledMedians(sorted, 40_000, createRng(1));
    const rng = createRng(2);
    const slow = Array.from({ length: 40_000 }, () =>
      median(Array.from({ length: 20 }, () => sorted[rng.nextInt(20)]!)),
    );
    const share = (values: ArrayLike<number>, limit: number) =>
      Array.from(values).filter((v) => v <= limit).length / values.length;
    for (const limit of [36, 64, 81, 100, 121, 169])
      expect(share(fast, limit)).toBeCloseTo(share(slow, limit), 1);
  });

  it('falls back to counting for large samples, matching an explicit resample drawn from the same stream', () => {
    const n = EXACT_MEDIAN_TABLE_MAX_N + 1;
    const sorted = Float64Array.from({ length: n }, (_, i) => i / 7);
    const fast = resampledMedians(sorted, 50, createRng(3));
    const rng = createRng(3);
    const indices = new Int32Array(n);
    for (let b = 0; b < 50; b++) {
      rng.fillInts(indices, n, n);
      expect(fast[b]).toBe(median(Array.from(indices, (i) => sorted[i]!)));
    }
  });

  it('rejects sizes outside the table', () => {
    expect(() => resampledMedianDistribution(0)).toThrow(RangeError);
    expect(() => resampledMedianDistribution(EXACT_MEDIAN_TABLE_MAX_N + 1)).toThrow(RangeError);
  });
});

describe('quickselect', () => {
  it('puts the k-th smallest at k with smaller values left and larger right', () => {
    const rng = createRng(8);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.nextInt(60);
      const values = Float64Array.from({ length: n }, () => Math.floor(rng.nextFloat() * 20));
      const sorted = Float64Array.from(values).sort();
      const k = rng.nextInt(n);
      selectInPlace(values, k);
      expect(values[k]).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(values[i]!).toBeLessThanOrEqual(values[k]!);
      for (let i = k + 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[k]!);
    }
  });

  it('gives the same two type-7 quantiles as sorting', () => {
    const rng = createRng(9);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.nextInt(300);
      const values = Float64Array.from({ length: n }, () => rng.nextFloat());
      const sorted = Array.from(values).sort((a, b) => a - b);
      const type7 = (p: number) => {
        const h = (n - 1) * p;
        const lo = Math.floor(h);
        return sorted[lo]! + (h - lo) * (sorted[Math.min(lo + 1, n - 1)]! - sorted[lo]!);
      };
      const [lo, hi] = quantilePairInPlace(values, 0.025, 0.975);
      expect(lo).toBeCloseTo(type7(0.025), 12);
      expect(hi).toBeCloseTo(type7(0.975), 12);
    }
  });
});

describe('alias table', () => {
  it('encodes exactly the table probabilities', () => {
    for (const n of [5, 8, 20, 21]) {
      const { keep, alias, cdf } = resampledMedianDistribution(n);
      const k = keep.length;
      const implied = new Float64Array(k);
      for (let column = 0; column < k; column++) {
        implied[column]! += keep[column]! / k;
        implied[alias[column]!]! += (1 - keep[column]!) / k;
      }
      for (let a = 0; a < k; a++) expect(implied[a]).toBeCloseTo(cdf[a]! - (a === 0 ? 0 : cdf[a - 1]!), 12);
    }
  });
});
