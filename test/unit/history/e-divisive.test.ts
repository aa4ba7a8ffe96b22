import { describe, expect, it } from 'vitest';
import { bestSplit, E_DIVISIVE_DEFAULTS, eDivisive } from '../../../src/core/history/e-divisive.js';
import { createRng } from '../../../src/core/stats/rng.js';

function noisy(levels: readonly number[], cv: number, seed: number): number[] {
  const rng = createRng(seed);
  return levels.map((level) => {
    const u = 1 - rng.nextFloat();
    const v = rng.nextFloat();
    return level * (1 + cv * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  });
}

const steps = (lengths: readonly [number, number][]): number[] =>
  lengths.flatMap(([count, level]) => Array.from({ length: count }, () => level));

/** Q̂ of one split straight from the definition (Matteson & James 2014, eq. 5–6, α = 1). */
function bruteForceQ(values: readonly number[], tau: number, end: number): number {
  const x = values.slice(0, tau);
  const y = values.slice(tau, end);
  const m = x.length;
  const n = y.length;
  let between = 0;
  for (const a of x) for (const b of y) between += Math.abs(a - b);
  let withinX = 0;
  for (let i = 0; i < m; i++) for (let k = i + 1; k < m; k++) withinX += Math.abs(x[i]! - x[k]!);
  let withinY = 0;
  for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) withinY += Math.abs(y[i]! - y[k]!);
  const e = (2 * between) / (m * n) - withinX / ((m * (m - 1)) / 2) - withinY / ((n * (n - 1)) / 2);
  return ((m * n) / (m + n)) * e;
}

describe('E-divisive best split', () => {
  it('maximises the divergence statistic over change point and end, computed from its definition', () => {
    for (const [seed, values] of [
      [
        4,
        noisy(
          steps([
            [9, 100],
            [8, 92],
          ]),
          0.02,
          4,
        ),
      ],
      [
        5,
        noisy(
          steps([
            [6, 100],
            [6, 90],
            [6, 100],
          ]),
          0.02,
          5,
        ),
      ],
    ] as const) {
      const split = bestSplit(values, 0, values.length, 3)!;
      let best = { tau: -1, kappa: -1, q: -Infinity };
      for (let tau = 3; tau <= values.length - 3; tau++) {
        for (let kappa = tau + 3; kappa <= values.length; kappa++) {
          const q = bruteForceQ(values, tau, kappa);
          if (q > best.q) best = { tau, kappa, q };
        }
      }
      expect(split.index, `seed ${seed}`).toBe(best.tau);
      expect(split.end, `seed ${seed}`).toBe(best.kappa);
      expect(split.statistic).toBeCloseTo(best.q, 9);
    }
  });

  it('respects the minimum segment length and refuses segments too short to split', () => {
    const values = [1, 10, 10, 10, 10, 10, 10, 10];
    expect(bestSplit(values, 0, values.length, 3)!.index).toBeGreaterThanOrEqual(3);
    expect(bestSplit(values, 0, 5, 3)).toBeNull();
  });
});

describe('eDivisive', () => {
  it('finds a −12% step at the 8th of 12 runs at 2% noise, and only that', () => {
    const values = noisy(
      steps([
        [7, 100],
        [5, 88],
      ]),
      0.02,
      7,
    );
    const found = eDivisive(values);
    expect(found).toHaveLength(1);
    expect(Math.abs(found[0]!.index - 7)).toBeLessThanOrEqual(1);
    expect(found[0]!.p).toBeLessThanOrEqual(E_DIVISIVE_DEFAULTS.alpha);
  });

  it('finds two steps in a longer series', () => {
    const values = noisy(
      steps([
        [10, 100],
        [10, 85],
        [10, 100],
      ]),
      0.015,
      3,
    );
    const found = eDivisive(values);
    expect(found.map((c) => c.index)).toEqual([10, 20]);
  });

  it('finds no change point in flat series (A/A) at most of 40 seeds', () => {
    let falseAlarms = 0;
    for (let seed = 0; seed < 40; seed++) {
      falseAlarms += eDivisive(noisy(steps([[12, 100]]), 0.02, 100 + seed), {
        ...E_DIVISIVE_DEFAULTS,
        seed,
      }).length;
    }
    // α = 0.05 per series: ~2 expected; 6 would be p < 0.05 under the null.
    expect(falseAlarms).toBeLessThanOrEqual(5);
  });

  it('finds nothing in a constant series or one too short for two segments', () => {
    expect(eDivisive(Array.from({ length: 12 }, () => 5))).toEqual([]);
    expect(eDivisive([1, 1, 1, 9, 9])).toEqual([]);
  });

  it('is deterministic for a seed, and the p-value depends on the permutations only through the seed', () => {
    const values = noisy(
      steps([
        [6, 100],
        [6, 97],
      ]),
      0.02,
      11,
    );
    const a = eDivisive(values, { ...E_DIVISIVE_DEFAULTS, alpha: 0.5, seed: 9 });
    const b = eDivisive(values, { ...E_DIVISIVE_DEFAULTS, alpha: 0.5, seed: 9 });
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(0);
    // The smallest attainable p is 1 / (R + 1).
    const strong = eDivisive(
      steps([
        [6, 1],
        [6, 2],
      ]),
      { ...E_DIVISIVE_DEFAULTS, permutations: 99 },
    );
    expect(strong[0]!.p).toBeCloseTo(1 / 100, 12);
  });

  it('rejects bad options and non-finite values with a clear error', () => {
    expect(() => eDivisive([1, 2], { ...E_DIVISIVE_DEFAULTS, alpha: 0 })).toThrow(/significance/);
    expect(() => eDivisive([1, 2], { ...E_DIVISIVE_DEFAULTS, minSegment: 1 })).toThrow(/segment/);
    expect(() => eDivisive([1, 2], { ...E_DIVISIVE_DEFAULTS, permutations: 0 })).toThrow(/permutations/);
    expect(() => eDivisive([1, NaN])).toThrow(/finite/);
  });

  it('stops at maxChangePoints', () => {
    const values = noisy(
      steps([
        [10, 100],
        [10, 85],
        [10, 100],
      ]),
      0.015,
      3,
    );
    expect(eDivisive(values, { ...E_DIVISIVE_DEFAULTS, maxChangePoints: 1 })).toHaveLength(1);
  });
});
