/**
 * Holm's step-down adjusted p-values (Holm 1979; R's `p.adjust(p, "holm")`): sort ascending,
 * multiply the i-th smallest (1-based) by (m − i + 1), enforce monotonicity, cap at 1. Rejecting
 * every hypothesis whose adjusted p ≤ α controls the family-wise error rate at α. The output is in
 * the input's order; NaN inputs stay NaN and do not count towards m.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const indices = pValues.map((_, i) => i).filter((i) => !Number.isNaN(pValues[i]!));
  indices.sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const m = indices.length;
  const adjusted = pValues.map(() => Number.NaN);
  let running = 0;
  indices.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
