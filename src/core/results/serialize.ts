import { METRIC_IDS } from '../metrics.js';
import type { ResultsFile } from './types.js';

/** Keys that come first, in this order, wherever they appear; then metric ids in catalogue order; then the rest sorted. */
const LEADING_KEYS = [
  'schemaVersion',
  'tool',
  'createdAt',
  'subject',
  'environment',
  'suite',
  'scenarios',
  'id',
  'topology',
  'test',
  'skipped',
  'name',
  'platform',
  'datapath',
  'startedAt',
  'durationS',
  'metrics',
  'notes',
] as const;

const RANK = new Map<string, number>([...LEADING_KEYS, ...METRIC_IDS].map((key, index) => [key, index]));

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a);
  const rb = RANK.get(b);
  if (ra !== undefined && rb !== undefined) return ra - rb;
  if (ra !== undefined) return -1;
  if (rb !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A deep copy with object keys in the stable order and non-finite numbers rejected. */
function ordered(value: unknown, path: string): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`serializeResults: ${path} is ${value}, which JSON cannot hold`);
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, index) => ordered(item, `${path}[${index}]`));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareKeys)) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) out[key] = ordered(child, `${path}.${key}`);
  }
  return out;
}

/**
 * Serialises a results file as 2-space JSON with a final newline. Key order is fixed
 * (documented fields first, metric ids in catalogue order, other keys sorted), so equal
 * data always gives byte-identical files. Throws on NaN/Infinity (a bug upstream, not data).
 */
export function serializeResults(results: ResultsFile): string {
  return `${JSON.stringify(ordered(results, '$'), null, 2)}\n`;
}
