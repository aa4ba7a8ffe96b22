import { describe, expect, it } from 'vitest';
import { holmAdjust } from '../../../src/core/stats/holm.js';
import { createRng } from '../../../src/core/stats/rng.js';

/** Independent check: Holm's step-down rejection rule, applied directly. */
function holmRejects(p: readonly number[], alpha: number): boolean[] {
  const order = p.map((_, i) => i).sort((a, b) => p[a]! - p[b]!);
  const rejected = p.map(() => false);
  for (let k = 0; k < order.length; k++) {
    if (p[order[k]!]! > alpha / (order.length - k)) break;
    rejected[order[k]!] = true;
  }
  return rejected;
}

describe('Holm correction', () => {
  // Holm–Bonferroni worked example (Wikipedia, "Holm–Bonferroni method"): four hypotheses with
  // p = 0.01, 0.04, 0.03, 0.005 at α = 0.05 → H1 and H4 are rejected, H2 and H3 are not.
  it('reproduces the textbook four-hypothesis example', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    expect(adjusted.map((p) => p <= 0.05)).toEqual([true, false, false, true]);
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02
    expect(adjusted[0]).toBeCloseTo(0.03, 12);
    expect(adjusted[1]).toBeCloseTo(0.06, 12);
    expect(adjusted[2]).toBeCloseTo(0.06, 12);
    expect(adjusted[3]).toBeCloseTo(0.02, 12);
  });

  it('is monotone, capped at 1, and leaves a single p unchanged', () => {
    expect(holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]).map((p) => Number(p.toFixed(10)))).toEqual([
      0.05, 0.08, 0.09, 0.09, 0.09,
    ]);
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([0.037])).toEqual([0.037]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('ignores NaN and keeps the input order', () => {
    const adjusted = holmAdjust([0.02, Number.NaN, 0.01]);
    expect(adjusted[0]).toBeCloseTo(0.02, 12);
    expect(adjusted[1]).toBeNaN();
    expect(adjusted[2]).toBeCloseTo(0.02, 12);
  });

  it('rejects exactly what the step-down rule rejects (random families)', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 200; trial++) {
      const m = 1 + rng.nextInt(12);
      const p = Array.from({ length: m }, () => rng.nextFloat() ** 3);
      const alpha = 0.05;
      expect(holmAdjust(p).map((q) => q <= alpha)).toEqual(holmRejects(p, alpha));
    }
  });
});
