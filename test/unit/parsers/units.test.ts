import { describe, expect, it } from 'vitest';
import { siCount, timeToMs } from '../../../src/core/parsers/units.js';

// Inline strings: the unit edge cases beyond what the real wrk fixtures print.
describe('timeToMs', () => {
  it.each([
    ['0.00us', 0],
    ['110.00us', 0.11],
    ['1.93ms', 1.93],
    ['1.20s', 1200],
    [' 1.20s ', 1200],
    ['2.00m', 120_000],
    ['1.50h', 5_400_000],
    ['7ms', 7],
  ])('%s → %d ms', (text, expected) => expect(timeToMs(text)).toBeCloseTo(expected, 9));

  it.each(['', 'ms', '1.2', '1.2xs', '-1ms', 'nanms', '1.2 ms', '1e3ms'])('rejects %j', (text) =>
    expect(timeToMs(text)).toBeNull(),
  );
});

describe('siCount', () => {
  it.each([
    ['74102', 74102],
    ['196.21', 196.21],
    ['35.12k', 35_120],
    ['1.5K', 1500],
    ['2.5M', 2_500_000],
    ['1.00G', 1e9],
    ['3T', 3e12],
  ])('%s → %d', (text, expected) => expect(siCount(text)).toBeCloseTo(expected, 6));

  it.each(['', 'k', '1.2x', '-3', '1.2MB', '-nan'])('rejects %j', (text) => expect(siCount(text)).toBeNull());
});
