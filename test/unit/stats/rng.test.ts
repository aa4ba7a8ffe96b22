import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../../src/core/stats/rng.js';

describe('createRng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    const seqB = Array.from({ length: 20 }, () => b.nextUint32());
    const seqC = Array.from({ length: 20 }, () => c.nextUint32());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
  });

  it('produces floats in [0, 1) and integers in [0, n)', () => {
    const rng = createRng(7);
    for (let i = 0; i < 10_000; i++) {
      const f = rng.nextFloat();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      const k = rng.nextInt(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
  });

  it('is close to uniform (chi-square over 10 bins, 100000 draws, below the 0.999 quantile 27.88)', () => {
    const rng = createRng(123);
    const bins = new Array<number>(10).fill(0);
    const draws = 100_000;
    for (let i = 0; i < draws; i++) bins[rng.nextInt(10)]!++;
    const expected = draws / 10;
    const chi2 = bins.reduce((sum, o) => sum + ((o - expected) * (o - expected)) / expected, 0);
    expect(chi2).toBeLessThan(27.88);
  });

  it('accepts seed 0 and non-integer seeds deterministically', () => {
    expect(createRng(0).nextUint32()).toBe(createRng(0).nextUint32());
    expect(createRng(1.5).nextUint32()).toBe(createRng(1).nextUint32());
  });
});

describe('deriveSeed', () => {
  it('is stable and depends on every label and its position', () => {
    expect(deriveSeed(1, 'a', 'b')).toBe(deriveSeed(1, 'a', 'b'));
    expect(deriveSeed(1, 'a', 'b')).not.toBe(deriveSeed(1, 'b', 'a'));
    expect(deriveSeed(1, 'a', 'b')).not.toBe(deriveSeed(2, 'a', 'b'));
    expect(deriveSeed(1, 'ab', '')).not.toBe(deriveSeed(1, 'a', 'b'));
    const s = deriveSeed(99, 'pod-to-pod-cross-node/tcp-stream', 'tcp_throughput_bps');
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});
