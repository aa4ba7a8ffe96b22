/** Number formatting shared by the renderers: human units, signed percentages, p-values. */

/** Groups thousands with commas, deterministic whatever the locale: 12345.6 → "12,345.6". */
export function groupThousands(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** Three significant digits without exponent: 9.213 → "9.21", 94.13 → "94.1", 941.3 → "941". */
export function threeSignificant(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 100 || magnitude === 0) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

const BIT_SCALES: readonly [number, string][] = [
  [1e9, 'Gbit/s'],
  [1e6, 'Mbit/s'],
  [1e3, 'kbit/s'],
];

const BYTE_SCALES: readonly [number, string][] = [
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
];

/** A metric value in human units: bit/s → Gbit/s / Mbit/s / kbit/s, bytes → GiB / MiB / KiB, req/s grouped, ms, %, counts. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'bit/s': {
      const scale = BIT_SCALES.find(([factor]) => Math.abs(value) >= factor);
      return scale ? `${threeSignificant(value / scale[0])} ${scale[1]}` : `${threeSignificant(value)} bit/s`;
    }
    case 'bytes': {
      const scale = BYTE_SCALES.find(([factor]) => Math.abs(value) >= factor);
      return scale ? `${threeSignificant(value / scale[0])} ${scale[1]}` : `${threeSignificant(value)} B`;
    }
    case 'req/s':
    case 'conn/s':
      return `${groupThousands(Math.abs(value) >= 100 ? value.toFixed(0) : threeSignificant(value))} ${unit}`;
    case 'ms':
      return `${Math.abs(value) >= 1000 ? groupThousands(value.toFixed(0)) : threeSignificant(value)} ms`;
    case '%':
      return `${threeSignificant(value)}%`;
    case 'ratio':
      return `${threeSignificant(value * 100)}% of host`;
    case 'count':
      return Number.isInteger(value) ? groupThousands(value.toFixed(0)) : groupThousands(value.toFixed(1));
    default:
      return `${threeSignificant(value)} ${unit}`;
  }
}

/** A ratio as a signed percent change: 0.912 → "-8.8%", 1.05 → "+5.0%", null → `missing`. */
export function formatRatioAsDelta(ratio: number | null, missing = 'n/a'): string {
  if (ratio === null || !Number.isFinite(ratio)) return missing;
  const pct = (ratio - 1) * 100;
  const rounded = Math.abs(pct) < 0.05 ? 0 : pct;
  return `${rounded > 0 ? '+' : rounded < 0 ? '-' : '±'}${Math.abs(rounded).toFixed(1)}%`;
}

/** A CI of a ratio as a percent-change interval: [0.9, 0.97] → "[-10.0%, -3.0%]". */
export function formatCiAsDelta(ci: readonly [number, number] | null, missing = 'n/a'): string {
  if (ci === null) return missing;
  return `[${formatRatioAsDelta(ci[0])}, ${formatRatioAsDelta(ci[1])}]`;
}

/** A p-value: "<0.0001", "0.0042", "0.231"; null → `missing`. */
export function formatP(p: number | null, missing = 'n/a'): string {
  if (p === null || !Number.isFinite(p)) return missing;
  if (p < 0.0001) return '<0.0001';
  if (p < 0.01) return p.toFixed(4);
  return p.toFixed(3);
}

/** The CI column heading for a confidence level: 0.95 → "95% CI". */
export function ciLabel(confidence: number): string {
  return `${Number((confidence * 100).toFixed(1))}% CI`;
}

/**
 * The worse-side one-sided bound of a ratio as a percent change with its direction:
 * "≥ -3.1%" (higher is better: the change is at least this) or "≤ +4.0%" (lower is better).
 */
export function formatWorseBound(
  bound: readonly [number, number] | null,
  better: 'higher' | 'lower',
  missing = 'n/a',
): string {
  if (bound === null) return missing;
  return better === 'higher' ? `≥ ${formatRatioAsDelta(bound[0])}` : `≤ ${formatRatioAsDelta(bound[1])}`;
}

/** A comparison's leading cells in every table: scenario, metric, base and head medians, Δ. */
export function comparisonCells(
  c: {
    readonly scenario: string;
    readonly metric: string;
    readonly unit: string;
    readonly ratio: number | null;
    readonly base: { readonly n: number; readonly median: number };
    readonly head: { readonly n: number; readonly median: number };
  },
  missing: string,
): string[] {
  const median = (side: 'base' | 'head'): string =>
    c[side].n > 0 ? formatValue(c[side].median, c.unit) : missing;
  return [c.scenario, c.metric, median('base'), median('head'), formatRatioAsDelta(c.ratio, missing)];
}

/**
 * A headline comparison's cells before its gate status: scenario, metric, base and head medians,
 * Δ, the worse-side one-sided bound and the threshold.
 */
export function headlineCells(
  c: Parameters<typeof comparisonCells>[0] & {
    readonly bound: readonly [number, number] | null;
    readonly better: 'higher' | 'lower';
    readonly thresholdPct: number;
  },
  missing: string,
): string[] {
  return [...comparisonCells(c, missing), formatWorseBound(c.bound, c.better, missing), `${c.thresholdPct}%`];
}

/**
 * A value in the largest of `scales` ([factor, suffix], largest first) it reaches, three
 * significant digits: scaled(12_345_678, TIME_SCALES, ' ', 'ns') → "12.3 ms".
 */
export function formatScaled(
  value: number,
  scales: readonly (readonly [number, string])[],
  separator: string,
  baseSuffix: string,
): string {
  if (!Number.isFinite(value)) return String(value);
  const scale = scales.find(([factor]) => Math.abs(value) >= factor);
  const [number, suffix] = scale ? [value / scale[0], scale[1]] : [value, baseSuffix];
  return suffix === '' ? threeSignificant(number) : `${threeSignificant(number)}${separator}${suffix}`;
}

const TIME_SCALES: readonly [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
];

/** CPU time given in nanoseconds, in human units: 12_345_678 → "12.3 ms", 950 → "950 ns". */
export function formatCpuNs(ns: number): string {
  return formatScaled(ns, TIME_SCALES, ' ', 'ns');
}
