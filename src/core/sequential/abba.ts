/** Which side of a paired run a sample belongs to. */
export type PairSide = 'base' | 'head';

/** One slot of a paired schedule. */
export interface PairedSlot {
  readonly side: PairSide;
  /** 0-based index of the kept pair, or -1 for a warm-up pair (run and discarded). */
  readonly pair: number;
  readonly warmup: boolean;
}

/**
 * The two sides of kept pair `pair` in ABBA order: even pairs run base then head (A B), odd pairs
 * head then base (B A), so the sequence reads A B B A A B B A … . A linear drift then hits each side
 * equally over every two pairs, and neither side always runs "second" (warm caches, turbo decay).
 */
export function abbaSides(pair: number): readonly [PairSide, PairSide] {
  if (!Number.isInteger(pair) || pair < 0)
    throw new RangeError(`pair index must be a whole number ≥ 0, got ${pair}`);
  return pair % 2 === 0 ? ['base', 'head'] : ['head', 'base'];
}

/**
 * The full paired schedule: `warmupPairs` discarded pairs (A B each), then `pairs` kept pairs in
 * ABBA order. The warm-up absorbs first-run effects (ARP/neighbour resolution, cold page cache,
 * conntrack entries, CPU frequency ramp) that would otherwise land on whichever side runs first.
 */
export function abbaSchedule(pairs: number, warmupPairs = 1): PairedSlot[] {
  if (!Number.isInteger(pairs) || pairs < 0)
    throw new RangeError(`pairs must be a whole number ≥ 0, got ${pairs}`);
  if (!Number.isInteger(warmupPairs) || warmupPairs < 0) {
    throw new RangeError(`warmupPairs must be a whole number ≥ 0, got ${warmupPairs}`);
  }
  const slots: PairedSlot[] = [];
  for (let w = 0; w < warmupPairs; w++) {
    slots.push({ side: 'base', pair: -1, warmup: true }, { side: 'head', pair: -1, warmup: true });
  }
  for (let pair = 0; pair < pairs; pair++) {
    for (const side of abbaSides(pair)) slots.push({ side, pair, warmup: false });
  }
  return slots;
}
