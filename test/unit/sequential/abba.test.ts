import { describe, expect, it } from 'vitest';
import { abbaSides } from '../../../src/core/sequential/abba.js';

/** The side order of `pairs` kept pairs as the paired runner takes them (schedule-paired.ts). */
const order = (pairs: number): string =>
  Array.from({ length: pairs }, (_, n) => abbaSides(n))
    .flat()
    .map((side) => (side === 'base' ? 'A' : 'B'))
    .join(' ');

describe('ABBA order', () => {
  it('alternates AB and BA pairs: A B B A A B B A', () => {
    expect(order(4)).toBe('A B B A A B B A');
    expect(abbaSides(0)).toEqual(['base', 'head']);
    expect(abbaSides(1)).toEqual(['head', 'base']);
  });

  it('balances positions: over every two pairs each side runs first once', () => {
    for (let pair = 0; pair < 12; pair += 2) {
      expect([abbaSides(pair)[0], abbaSides(pair + 1)[0]].sort()).toEqual(['base', 'head']);
    }
  });

  it('rejects a pair index that is not a whole number ≥ 0', () => {
    expect(() => abbaSides(-1)).toThrow(RangeError);
    expect(() => abbaSides(1.5)).toThrow(RangeError);
  });
});
