/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32), so that the
 * bootstrap gives the same answer on every run and every machine.
 */

/** A seeded source of random numbers. */
export interface Rng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Next float in [0, 1). */
  nextFloat(): number;
  /** Next integer in [0, n) for 1 ≤ n ≤ 2^32. */
  nextInt(n: number): number;
  /**
   * Fills `target[0..count)` with integers in [0, n), fast: for n ≤ 65536 each 32-bit draw yields
   * two indices from its high and low 16 bits (bias below n / 65536, irrelevant for resampling).
   */
  fillInts(target: Int32Array, count: number, n: number): void;
}

const TWO_POW_32 = 4294967296;

class Xoshiro128StarStar implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let sm = (Number.isFinite(seed) ? Math.trunc(seed) : 0) | 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      sm = (sm + 0x9e3779b9) | 0;
      let z = sm;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      words.push((z ^ (z >>> 16)) | 0);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  nextFloat(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  nextInt(n: number): number {
    return Math.floor((this.nextUint32() / TWO_POW_32) * n);
  }

  fillInts(target: Int32Array, count: number, n: number): void {
    if (n > 65536) {
      for (let i = 0; i < count; i++) target[i] = this.nextInt(n);
      return;
    }
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = 0; i < count; i += 2) {
      const x = Math.imul(s1, 5);
      const r = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      target[i] = ((r >>> 16) * n) >>> 16;
      if (i + 1 < count) target[i + 1] = ((r & 0xffff) * n) >>> 16;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }
}

/** Creates a seeded generator. Equal seeds give equal sequences; any finite number is a valid seed. */
export function createRng(seed: number): Rng {
  return new Xoshiro128StarStar(seed);
}

/**
 * Derives a 32-bit seed from a base seed and labels (FNV-1a over their text), so that each
 * scenario × metric gets its own stream regardless of the order in which they are compared.
 */
export function deriveSeed(seed: number, ...labels: readonly string[]): number {
  const text = [String(seed), ...labels].join('\u0000');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
