/**
 * `x` rounded to `digits` significant decimal digits (R's `signif`), through the correctly
 * rounded decimal conversion of `toPrecision`, so the result does not depend on the platform.
 * Non-finite values and zero are returned unchanged.
 */
export function roundSignificant(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0 || !Number.isFinite(digits)) return x;
  return Number(x.toPrecision(Math.min(100, Math.max(1, Math.round(digits)))));
}
