import { describe, expect, it } from 'vitest';
import {
  bootstrapMedianRatioCi,
  bootstrapPairedRatioCi,
  medianRatio,
} from '../../../src/core/stats/bootstrap.js';
import { createRng } from '../../../src/core/stats/rng.js';

describe('bootstrap CI of a ratio of medians', () => {
  const base = [100, 102, 98, 101, 99, 103, 97];
  const head = [90, 92, 88, 91, 89, 93, 87, 90];

  it('is reproducible with the same seed and brackets the observed ratio', () => {
    const a = bootstrapMedianRatioCi(base, head, { resamples: 2000, confidence: 0.95, rng: createRng(9) });
    const b = bootstrapMedianRatioCi(base, head, { resamples: 2000, confidence: 0.95, rng: createRng(9) });
    expect(a).toEqual(b);
    expect(a.lo).toBeLessThanOrEqual(0.9);
    expect(a.hi).toBeGreaterThanOrEqual(0.9);
    expect(a.hi).toBeLessThan(0.95);
  });

  it('collapses to a point for constant samples', () => {
    const ci = bootstrapMedianRatioCi([5, 5, 5], [6, 6, 6, 6], {
      resamples: 200,
      confidence: 0.95,
      rng: createRng(1),
    });
    expect(ci.lo).toBeCloseTo(1.2, 12);
    expect(ci.hi).toBeCloseTo(1.2, 12);
  });

  it('covers the true ratio about as often as promised (log-normal data, 300 experiments)', () => {
    const data = createRng(2024);
    const normal = (): number =>
      Math.sqrt(-2 * Math.log(1 - data.nextFloat())) * Math.cos(2 * Math.PI * data.nextFloat());
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const b = Array.from({ length: 15 }, () => 100 * Math.exp(0.05 * normal()));
      const h = Array.from({ length: 15 }, () => 90 * Math.exp(0.05 * normal()));
      const ci = bootstrapMedianRatioCi(b, h, { resamples: 400, confidence: 0.95, rng: createRng(t) });
      if (ci.lo <= 0.9 && 0.9 <= ci.hi) covered++;
    }
    // Percentile bootstraps of medians at n = 15 cover somewhat less than nominally; well above 85%.
    expect(covered / trials).toBeGreaterThan(0.85);
    expect(covered / trials).toBeLessThan(1);
  });

  it('treats 0/0 as no change and x/0 as infinite', () => {
    expect(medianRatio(0, 0)).toBe(1);
    expect(medianRatio(3, 0)).toBe(Infinity);
    expect(medianRatio(3, 2)).toBe(1.5);
  });

  it('rejects bad options', () => {
    expect(() =>
      bootstrapMedianRatioCi(base, head, { resamples: 0, confidence: 0.95, rng: createRng(1) }),
    ).toThrow(RangeError);
    expect(() =>
      bootstrapMedianRatioCi(base, head, { resamples: 10, confidence: 1, rng: createRng(1) }),
    ).toThrow(RangeError);
  });
});

describe('paired bootstrap CI of exp(median log ratio)', () => {
  it('resamples pairs and returns the ratio scale', () => {
    const logs = [Math.log(0.9), Math.log(0.91), Math.log(0.89), Math.log(0.9), Math.log(0.92)];
    const ci = bootstrapPairedRatioCi(logs, { resamples: 1000, confidence: 0.95, rng: createRng(3) });
    expect(ci.lo).toBeGreaterThanOrEqual(0.89 - 1e-12);
    expect(ci.hi).toBeLessThanOrEqual(0.92 + 1e-12);
    expect(ci.lo).toBeLessThanOrEqual(0.9);
    expect(ci.hi).toBeGreaterThanOrEqual(0.9);
  });

  it('is the exact median of the log ratios for identical pairs', () => {
    const ci = bootstrapPairedRatioCi([Math.log(1.1), Math.log(1.1)], {
      resamples: 100,
      confidence: 0.95,
      rng: createRng(1),
    });
    expect(ci.lo).toBeCloseTo(1.1, 12);
    expect(ci.hi).toBeCloseTo(1.1, 12);
  });
});
