/** Which side of a paired run a sample belongs to. */
export type PairSide = 'base' | 'head';

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
