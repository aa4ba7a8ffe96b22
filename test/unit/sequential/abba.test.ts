import { describe, expect, it } from 'vitest';
import { abbaSchedule, abbaSides } from '../../../src/core/sequential/abba.js';

describe('ABBA schedule', () => {
  it('alternates AB and BA pairs: A B B A A B B A', () => {
    const order = abbaSchedule(4, 0).map((s) => (s.side === 'base' ? 'A' : 'B'));
    expect(order.join(' ')).toBe('A B B A A B B A');
    expect(abbaSides(0)).toEqual(['base', 'head']);
    expect(abbaSides(1)).toEqual(['head', 'base']);
  });

  it('puts the discarded warm-up pair first and numbers kept pairs from 0', () => {
    const slots = abbaSchedule(2, 1);
    expect(slots.slice(0, 2)).toEqual([
      { side: 'base', pair: -1, warmup: true },
      { side: 'head', pair: -1, warmup: true },
    ]);
    expect(slots.slice(2).map((s) => `${s.side}${s.pair}`)).toEqual(['base0', 'head0', 'head1', 'base1']);
    expect(slots.filter((s) => s.warmup)).toHaveLength(2);
  });

  it('balances positions: over every two pairs each side runs first once', () => {
    const slots = abbaSchedule(6, 0);
    for (let block = 0; block < 3; block++) {
      const firsts = [slots[block * 4]!.side, slots[block * 4 + 2]!.side];
      expect(firsts.sort()).toEqual(['base', 'head']);
    }
  });

  it('rejects bad counts', () => {
    expect(() => abbaSchedule(-1)).toThrow(RangeError);
    expect(() => abbaSides(1.5)).toThrow(RangeError);
  });
});
