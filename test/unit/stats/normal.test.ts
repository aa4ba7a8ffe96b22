import { describe, expect, it } from 'vitest';
import { normalQuantile, normalUpperTail } from '../../../src/core/stats/normal.js';

// Reference values: standard normal tables (e.g. Abramowitz & Stegun, Handbook of Mathematical
// Functions, Table 26.1 and 26.5; identical to R's pnorm/qnorm to the digits given).
describe('normal distribution', () => {
  it.each([
    [0, 0.5],
    [1, 0.841344746],
    [1.96, 0.975002105],
    [2.575829, 0.995],
    [-1.644854, 0.05],
    [3, 0.998650102],
  ])('Φ(%f) = %f', (z, p) => {
    expect(normalUpperTail(-z)).toBeCloseTo(p, 6);
  });

  it('keeps relative precision deep in the upper tail (Q(5) = 2.866516e-7, Q(8) = 6.220961e-16)', () => {
    expect(normalUpperTail(5) / 2.866516e-7).toBeCloseTo(1, 5);
    expect(normalUpperTail(8) / 6.220961e-16).toBeCloseTo(1, 5);
    expect(normalUpperTail(Infinity)).toBe(0);
    expect(normalUpperTail(-Infinity)).toBe(1);
  });

  it.each([
    [0.5, 0],
    [0.8, 0.8416212336],
    [0.95, 1.644853627],
    [0.975, 1.959963985],
    [0.99, 2.326347874],
    [0.995, 2.575829304],
    [0.999, 3.090232306],
    [0.001, -3.090232306],
    [1e-10, -6.361340902],
  ])('quantile(%f) = %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 7);
  });

  it('handles the ends and invalid input', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});
