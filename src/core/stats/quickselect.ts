/**
 * In-place selection on a typed array (Hoare partition with median-of-three pivots): after
 * `selectInPlace(values, k, left, right)`, values[k] holds the value that would be at index k if
 * values[left..right] were sorted, everything in left..k-1 is ≤ it and everything in k+1..right ≥ it.
 * Average O(n), no allocation.
 */
export function selectInPlace(values: Float64Array, k: number, left = 0, right = values.length - 1): void {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot, placed at `mid`.
    if (values[mid]! < values[lo]!) swap(values, mid, lo);
    if (values[hi]! < values[lo]!) swap(values, hi, lo);
    if (values[hi]! < values[mid]!) swap(values, hi, mid);
    const pivot = values[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(values: Float64Array, a: number, b: number): void {
  const t = values[a]!;
  values[a] = values[b]!;
  values[b] = t;
}

/** Smallest value of values[left..right]. */
function minOf(values: Float64Array, left: number, right: number): number {
  let m = values[left]!;
  for (let i = left + 1; i <= right; i++) if (values[i]! < m) m = values[i]!;
  return m;
}

/**
 * Two type-7 quantiles pLo ≤ pHi of `values` (reordered in place, NaN-free), in O(n) on average
 * instead of a full sort.
 */
export function quantilePairInPlace(values: Float64Array, pLo: number, pHi: number): [number, number] {
  const n = values.length;
  if (n === 0) throw new RangeError('quantile of an empty list');
  const at = (p: number, from: number): number => {
    const h = (n - 1) * p;
    const k = Math.floor(h);
    selectInPlace(values, k, from, n - 1);
    const a = values[k]!;
    const fraction = h - k;
    if (fraction === 0 || k + 1 >= n) return a;
    const b = minOf(values, k + 1, n - 1);
    return a === b ? a : a + fraction * (b - a);
  };
  const lo = at(pLo, 0);
  // After the first selection everything right of floor(h_lo) is ≥ it, so the second can start there.
  const hi = at(pHi, Math.floor((n - 1) * pLo));
  return [lo, hi];
}
