/**
 * Unit normalisation for tool text output (wrk prints `us`/`ms`/`s`/`m`/`h` and SI suffixes).
 * Pure helpers; each returns null when the text is not a number in a known unit, so the
 * caller can name the field it was reading in its error.
 */

/** Milliseconds per wrk time unit. */
const MS_PER_TIME_UNIT: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Multipliers of the SI suffixes wrk uses for counts and rates (powers of 1000). */
const SI_MULTIPLIER: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

const TIME_PATTERN = /^([0-9]+(?:\.[0-9]+)?)(us|ms|s|m|h)$/;
const COUNT_PATTERN = /^([0-9]+(?:\.[0-9]+)?)([kKMGT]?)$/;

/**
 * A wrk duration such as `160.70us`, `1.93ms`, `1.20s` or `2.00m`, in milliseconds;
 * null when `text` is not one.
 */
export function timeToMs(text: string): number | null {
  const match = TIME_PATTERN.exec(text.trim());
  if (!match) return null;
  const [, value, unit] = match;
  const factor = MS_PER_TIME_UNIT[unit ?? ''];
  return factor === undefined ? null : Number(value) * factor;
}

/**
 * A count or rate with an optional SI suffix (`35.12k`, `1.5M`, `74102`) as a plain number;
 * null when `text` is not one.
 */
export function siCount(text: string): number | null {
  const match = COUNT_PATTERN.exec(text.trim());
  if (!match) return null;
  const [, value, suffix] = match;
  const factor = SI_MULTIPLIER[suffix ?? ''];
  return factor === undefined ? null : Number(value) * factor;
}
