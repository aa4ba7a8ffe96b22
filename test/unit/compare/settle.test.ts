import { describe, expect, it } from 'vitest';
import { samplesForMargin, settleEstimate, type SettleInput } from '../../../src/core/compare/settle.js';

const side = (n: number) => ({ n, median: 1, mean: 1, cv: 0, samples: [] });
const input = (over: Partial<SettleInput>): SettleInput => ({
  better: 'higher',
  ratio: 1,
  ci: [0.96, 1.04],
  bound: [0.965, 1.035],
  thresholdPct: 2.5,
  base: side(12),
  head: side(12),
  ...over,
});

describe('settle estimate', () => {
  it('scales the pairs with the squared ratio of spread to margin', () => {
    expect(samplesForMargin(12, 0.05, 0.025)).toBe(48);
    expect(samplesForMargin(12, 0.02, 0.025)).toBe(12);
    expect(samplesForMargin(12, 0.05, 0)).toBe(Infinity);
  });

  it('projects clearing from the one-sided bound and flagging from the CI near end', () => {
    // Estimate ±0, bound −3.5%: clear at 12·(3.5/2.5)² = 23.52 → 24; never flagged (estimate inside).
    expect(settleEstimate(input({ bound: [0.965, 1.035] }))).toEqual({ n: 12, clear: 24, regress: Infinity });
    // Estimate −5%, CI near end −2%: flag at 12·(3/2.5)² = 17.28 → 18; never cleared.
    expect(settleEstimate(input({ ratio: 0.95, ci: [0.9, 0.98], bound: [0.91, 0.99] }))).toEqual({
      n: 12,
      clear: Infinity,
      regress: 18,
    });
  });

  it('uses the upper ends for a lower-is-better metric', () => {
    // p50 +1%, upper bound +6%: clear at 12·(5/1.5)² ≈ 134.
    const e = settleEstimate(input({ better: 'lower', ratio: 1.01, ci: [0.95, 1.07], bound: [0.96, 1.06] }));
    expect(e?.clear).toBe(134);
    expect(e?.regress).toBe(Infinity);
  });

  it('is null without an estimate', () => {
    expect(settleEstimate(input({ ratio: null }))).toBeNull();
  });
});
