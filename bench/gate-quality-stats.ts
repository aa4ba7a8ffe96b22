/** Small statistics helpers of the gate benchmark (bench/gate-quality.ts). */

/** Wilson score interval (95%) of k successes in n trials; [0, 1] when n = 0. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** A fraction as a percentage: "12%", one decimal below 10% ("1.5%"), two below 1% ("0.05%"). */
export function pct(x: number): string {
  const p = Math.abs(x * 100);
  const digits = p === 0 || p >= 10 ? 0 : p >= 1 ? 1 : 2;
  return `${(x * 100).toFixed(digits)}%`;
}

/** `k/n = p% [lo%, hi%]` with the 95% Wilson interval. */
export function rateWithCi(k: number, n: number): string {
  const [lo, hi] = wilson(k, n);
  return `${k}/${n} = ${pct(n === 0 ? 0 : k / n)} [${pct(lo)}, ${pct(hi)}]`;
}

/**
 * Whether k of n meets a target rate: `NO` below it, `yes` when the Wilson lower bound reaches it,
 * else a point estimate (with the trials or the lower bound behind it).
 */
export function targetMet(k: number, n: number, target: number, why: 'trials' | 'bound' = 'trials'): string {
  const [lo] = wilson(k, n);
  if (n === 0 || k / n < target) return 'NO';
  if (lo >= target) return 'yes';
  return why === 'trials'
    ? `point estimate only (${n} trials)`
    : `point estimate only (lower bound ${pct(lo)})`;
}

/** A deterministic PRNG (mulberry32) returning floats in [0, 1), for reproducible resampling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
