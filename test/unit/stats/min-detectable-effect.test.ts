import { describe, expect, it } from 'vitest';
import { minDetectableEffectPct } from '../../../src/core/stats/min-detectable-effect.js';

// z values from standard normal tables: z(0.95) = 1.644854, z(0.8) = 0.841621, z(0.99) = 2.326348.
const inflation = Math.sqrt(Math.PI / 3); // ARE of rank tests vs the t-test on normal data is 3/π

describe('minimum detectable effect', () => {
  it('follows (z₁₋α + z_power) · √(cv_b²/n_b + cv_h²/n_h) · √(π/3)', () => {
    const mde = minDetectableEffectPct({
      nBase: 10,
      nHead: 10,
      cvBase: 0.05,
      cvHead: 0.05,
      alpha: 0.05,
      power: 0.8,
    });
    const expected = (1.644854 + 0.841621) * Math.sqrt(0.0025 / 10 + 0.0025 / 10) * inflation * 100;
    expect(mde).toBeCloseTo(expected, 3);
    const strict = minDetectableEffectPct({ nBase: 7, nHead: 7, cvBase: 0.02, cvHead: 0.02, alpha: 0.01 });
    expect(strict).toBeCloseTo((2.326348 + 0.841621) * 0.02 * Math.sqrt(2 / 7) * inflation * 100, 3);
  });

  it('shrinks with more samples, grows with noise and with stricter α', () => {
    const at = (n: number, cv: number, alpha: number) =>
      minDetectableEffectPct({ nBase: n, nHead: n, cvBase: cv, cvHead: cv, alpha });
    expect(at(20, 0.02, 0.01)).toBeLessThan(at(7, 0.02, 0.01));
    expect(at(7, 0.1, 0.01)).toBeGreaterThan(at(7, 0.02, 0.01));
    expect(at(7, 0.02, 0.001)).toBeGreaterThan(at(7, 0.02, 0.01));
  });

  it('is infinite with fewer than two samples', () => {
    expect(minDetectableEffectPct({ nBase: 1, nHead: 5, cvBase: 0, cvHead: 0.1, alpha: 0.01 })).toBe(
      Infinity,
    );
  });

  it('uses the sd of per-pair log ratios in paired designs', () => {
    const mde = minDetectableEffectPct({
      nBase: 9,
      nHead: 9,
      cvBase: 0.03,
      cvHead: 0,
      alpha: 0.05,
      paired: true,
    });
    expect(mde).toBeCloseTo((Math.exp((1.644854 + 0.841621) * (0.03 / 3) * inflation) - 1) * 100, 3);
  });
});
