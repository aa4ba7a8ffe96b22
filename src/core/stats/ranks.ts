/** Mid-ranks (1-based, ties get the average rank) and the sizes of the tie groups. */
export interface RankResult {
  readonly ranks: Float64Array;
  /** Size of every group of equal values with more than one member. */
  readonly tieGroups: readonly number[];
}

/** Ranks `values` with mid-ranks for ties. */
export function rankWithTies(values: ArrayLike<number>): RankResult {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const ranks = new Float64Array(n);
  const tieGroups: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]!] === values[order[i]!]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]!] = midRank;
    if (j - i > 1) tieGroups.push(j - i);
    i = j;
  }
  return { ranks, tieGroups };
}

/** Σ (t³ − t) over tie groups: the tie term of the rank tests' variance. */
export function tieSum(tieGroups: readonly number[]): number {
  let sum = 0;
  for (const t of tieGroups) sum += t * t * t - t;
  return sum;
}
