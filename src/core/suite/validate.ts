import { UserError } from '../errors.js';

/** Where a value came from, for error messages: a file (or "command line") and a key path. */
export interface Where {
  readonly source: string;
  /** Dotted key path, e.g. `iperf.durationS`; empty for the top level. */
  readonly path: string;
}

/** Formats a value for an error message, shortened. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function fail(where: Where, problem: string, value: unknown): never {
  const key = where.path === '' ? 'the top level' : where.path;
  throw new UserError(`${where.source}: ${key} ${problem} (got ${shown(value)})`);
}

/** A plain mapping whose keys are all in `allowed`; unknown keys are an error listing the allowed ones. */
export function expectMapping<K extends string>(
  value: unknown,
  allowed: readonly K[],
  where: Where,
): Partial<Record<K, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(where, `must be a mapping with keys ${allowed.join(', ')}`, value);
  }
  for (const key of Object.keys(value)) {
    if (!(allowed as readonly string[]).includes(key)) {
      const path = where.path === '' ? key : `${where.path}.${key}`;
      throw new UserError(`${where.source}: unknown key "${path}"; allowed keys here: ${allowed.join(', ')}`);
    }
  }
  return value as Partial<Record<K, unknown>>;
}

/** A finite number within [min, max]. */
export function expectNumber(value: unknown, [min, max]: readonly [number, number], where: Where): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(where, `must be a number from ${min} to ${max}`, value);
  }
  return value;
}

/** An integer within [min, max]. */
export function expectInteger(value: unknown, [min, max]: readonly [number, number], where: Where): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(where, `must be an integer from ${min} to ${max}`, value);
  }
  return value;
}

const RATE_SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  K: 1e3,
  m: 1e6,
  M: 1e6,
  g: 1e9,
  G: 1e9,
};

/** A bit rate: a number, or a string such as `500M` / `1G` (decimal suffixes, as iperf3's `-b`). */
export function expectRate(value: unknown, range: readonly [number, number], where: Where): number {
  if (typeof value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgG]?)\s*$/.exec(value);
    const factor = match ? RATE_SUFFIX[match[2] ?? ''] : undefined;
    if (!match || factor === undefined) {
      fail(where, `must be a bit rate such as 1000000000, "500M" or "1G"`, value);
    }
    return expectNumber(Number(match[1]) * factor, range, where);
  }
  return expectNumber(value, range, where);
}

/** One of `allowed`. */
export function expectEnum<T extends string>(value: unknown, allowed: readonly T[], where: Where): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(where, `must be one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

/** A non-empty list of distinct members of `allowed`, returned in the order given. */
export function expectEnumList<T extends string>(value: unknown, allowed: readonly T[], where: Where): T[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(where, `must be a non-empty list of ${allowed.join(', ')}`, value);
  }
  const out: T[] = [];
  value.forEach((item: unknown, index) => {
    const id = expectEnum(item, allowed, { source: where.source, path: `${where.path}[${index}]` });
    if (out.includes(id))
      fail({ source: where.source, path: `${where.path}[${index}]` }, 'is listed twice', id);
    out.push(id);
  });
  return out;
}

/** true or false. */
export function expectBoolean(value: unknown, where: Where): boolean {
  if (typeof value !== 'boolean') fail(where, 'must be true or false', value);
  return value;
}

/** A non-empty string of at most `maxLength` characters, without line breaks. */
export function expectText(value: unknown, maxLength: number, where: Where): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength || /[\r\n]/.test(value)) {
    fail(where, `must be a non-empty single-line string of at most ${maxLength} characters`, value);
  }
  return value;
}
