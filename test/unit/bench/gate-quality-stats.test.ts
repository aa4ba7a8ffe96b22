import { describe, expect, it } from 'vitest';
import { pct, rateWithCi, seededRandom, targetMet, wilson } from '../../../bench/gate-quality-stats.js';

describe('gate benchmark statistics', () => {
  it('gives the textbook Wilson interval', () => {
    const [lo, hi] = wilson(0, 25);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.1332, 3);
    const [lo2, hi2] = wilson(8, 10);
    expect(lo2).toBeCloseTo(0.4902, 3);
    expect(hi2).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });

  it('formats rates with their interval', () => {
    expect(pct(0.00025)).toBe('0.03%');
    expect(pct(0.015)).toBe('1.5%');
    expect(pct(0.5)).toBe('50%');
    expect(rateWithCi(0, 25)).toBe('0/25 = 0% [0%, 13%]');
  });

  it('says a target is met only when the Wilson lower bound reaches it, a point estimate when only the rate does', () => {
    expect(targetMet(38, 40, 0.9)).toBe('point estimate only (40 trials)');
    expect(targetMet(38, 40, 0.9, 'bound')).toBe('point estimate only (lower bound 83%)');
    expect(targetMet(35, 40, 0.9)).toBe('NO');
    expect(targetMet(200, 200, 0.95)).toBe('yes');
    expect(targetMet(0, 0, 0.9)).toBe('NO');
  });

  it('draws the same stream for the same seed and a different one otherwise', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
    for (const x of Array.from({ length: 1000 }, seededRandom(1))) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
