import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  mean,
  median,
  quantile,
  quantileOfSorted,
} from '../../../src/core/stats/quantile.js';

describe('median and quantiles', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('does not modify its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  // R: quantile(1:10, c(0.1, 0.5, 0.9)) → 1.9 5.5 9.1; quantile(c(1, 2, 3, 4), 0.25) → 1.75 (type 7).
  it("matches R's default (type 7) quantiles", () => {
    const oneToTen = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(quantile(oneToTen, 0.1)).toBeCloseTo(1.9, 12);
    expect(quantile(oneToTen, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantile(oneToTen, 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile([4, 2, 3, 1], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantile([4, 2, 3, 1], 0)).toBe(1);
    expect(quantile([4, 2, 3, 1], 1)).toBe(4);
  });

  it('does not produce NaN from infinite ends', () => {
    expect(quantileOfSorted([1, Infinity, Infinity], 0.75)).toBe(Infinity);
    expect(quantileOfSorted([1, 2, Infinity], 0.5)).toBe(2);
    expect(() => quantileOfSorted([1], 2)).toThrow(RangeError);
  });

  it('computes mean and coefficient of variation (sample sd / mean)', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    // sd(c(2, 4, 4, 4, 5, 5, 7, 9)) = 2.13809, mean 5
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809 / 5, 5);
    expect(coefficientOfVariation([5])).toBe(0);
    expect(coefficientOfVariation([0, 0, 0])).toBe(0);
  });
});
