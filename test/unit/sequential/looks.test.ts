import { describe, expect, it } from 'vitest';
import { exactMinP, lookSizes, planLooks } from '../../../src/core/sequential/looks.js';

describe('adaptive look plan (Bonferroni over the planned looks)', () => {
  it('spaces looks by the step and always ends at maxRepetitions', () => {
    expect(lookSizes(12, 24, 4)).toEqual([12, 16, 20, 24]);
    expect(lookSizes(12, 22, 4)).toEqual([12, 16, 20, 22]);
  });

  it('starts at the smallest even n whose exact p can pass α/(K·m) (paired, m = 5, 24 pairs)', () => {
    const plan = planLooks({ alpha: 0.01, familySize: 5, paired: true, maxRepetitions: 24 });
    expect(plan.looks).toEqual([12, 16, 20, 24]);
    expect(plan.alphaPerLook).toBeCloseTo(0.01 / 4, 12);
    expect(plan.perTestLevel).toBeCloseTo(0.01 / 4 / 5, 12);
    // 2^-12 = 2.44e-4 ≤ 5e-4, while n = 10 (looks 10,14,18,22,24 → α/25 = 4e-4) cannot: 2^-10 = 9.8e-4.
    expect(exactMinP(12, true)).toBeLessThanOrEqual(plan.perTestLevel);
    expect(exactMinP(10, true)).toBeGreaterThan(0.01 / 5 / 5);
    expect(plan.canPass).toBe(true);
  });

  it('holds the family-wise α across looks: K looks × α/K each', () => {
    for (const max of [16, 24, 32, 64]) {
      const plan = planLooks({ alpha: 0.01, familySize: 20, paired: true, maxRepetitions: max });
      expect(plan.alphaPerLook * plan.looks.length).toBeCloseTo(0.01, 12);
      expect(plan.looks.at(-1)).toBe(max);
      expect(exactMinP(plan.looks[0]!, true)).toBeLessThanOrEqual(plan.perTestLevel);
    }
  });

  it('uses Mann-Whitney minimum p when unpaired (needs fewer samples per side)', () => {
    const plan = planLooks({ alpha: 0.01, familySize: 10, paired: false, maxRepetitions: 20 });
    expect(plan.looks[0]).toBe(8);
    expect(exactMinP(8, false)).toBeLessThanOrEqual(plan.perTestLevel);
  });

  it('falls back to one look when even maxRepetitions cannot pass, and says so', () => {
    const plan = planLooks({ alpha: 0.01, familySize: 5, paired: true, maxRepetitions: 4 });
    expect(plan.looks).toEqual([4]);
    expect(plan.canPass).toBe(false);
  });

  it('rejects bad input with a UserError', () => {
    expect(() => planLooks({ alpha: 0, familySize: 1, paired: true, maxRepetitions: 10 })).toThrow(/alpha/);
    expect(() => planLooks({ alpha: 0.01, familySize: 1, paired: true, maxRepetitions: 1 })).toThrow(
      /maxRepetitions/,
    );
  });
});
