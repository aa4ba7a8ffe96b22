import { parse as parseYaml } from 'yaml';
import { errorMessage, UserError } from '../errors.js';
import { isMetricId, METRIC_IDS, type MetricId } from '../metrics.js';
import { validateThresholds } from './options.js';
import type { Thresholds } from './types.js';

const PERCENT = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*%?\s*$/;

function parsePercent(raw: unknown, where: string, id: string): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    const match = PERCENT.exec(raw);
    if (match) return Number(match[1]);
  }
  throw new UserError(
    `${where}: threshold for ${id} must be a percentage like 5 or "7.5%", got ${JSON.stringify(raw)}`,
  );
}

function unknownMetric(where: string, id: string): never {
  throw new UserError(`${where}: unknown metric id "${id}"; valid ids: ${METRIC_IDS.join(', ')}`);
}

/**
 * Parses `--threshold metric=PCT` arguments (PCT may end in `%`), e.g.
 * `["tcp_throughput_bps=3", "http_latency_p99_ms=15%"]`. Later arguments win.
 */
export function parseThresholdArgs(args: readonly string[]): Thresholds {
  const out: Record<string, number> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      throw new UserError(
        `--threshold ${JSON.stringify(arg)}: expected metric=PCT, e.g. tcp_throughput_bps=5`,
      );
    }
    const id = arg.slice(0, eq).trim();
    if (!isMetricId(id)) unknownMetric(`--threshold ${arg}`, id);
    out[id] = parsePercent(arg.slice(eq + 1), `--threshold ${arg}`, id);
  }
  return validateThresholds(out, '--threshold');
}

const STRUCTURED_KEYS = ['thresholds', 'headline', 'informational'] as const;

/** A document in the structured form: only `thresholds`, `headline` and `informational` keys. */
function isStructured(doc: unknown): doc is Partial<Record<(typeof STRUCTURED_KEYS)[number], unknown>> {
  if (!isRecord(doc)) return false;
  const keys = Object.keys(doc);
  return keys.length > 0 && keys.every((k) => (STRUCTURED_KEYS as readonly string[]).includes(k));
}

/**
 * Parses a thresholds document (YAML or JSON): a mapping of metric id → percent, or the structured
 * form with the mapping under `thresholds:` and optional `headline:` / `informational:` lists of
 * metric ids (see parseHeadlineOverrides). `source` names the file in error messages.
 */
export function parseThresholdsDocument(text: string, source: string): Thresholds {
  return thresholdsOf(parseDocumentText(text, source), source);
}

/**
 * A thresholds document read once: its thresholds (parseThresholdsDocument) and its headline
 * promotions and demotions (parseHeadlineOverrides).
 */
export function parseGatePolicyDocument(
  text: string,
  source: string,
): { thresholds: Thresholds; headline: Partial<Record<MetricId, boolean>> } {
  const doc = parseDocumentText(text, source);
  return { thresholds: thresholdsOf(doc, source), headline: headlineOf(doc, source) };
}

function parseDocumentText(text: string, source: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new UserError(`${source}: not valid YAML or JSON (${errorMessage(error).split('\n')[0]})`);
  }
}

function thresholdsOf(parsed: unknown, source: string): Thresholds {
  let doc = parsed;
  if (doc === null || doc === undefined) return {};
  if (isStructured(doc)) doc = doc.thresholds ?? {};
  if (!isRecord(doc)) {
    throw new UserError(
      `${source}: expected a mapping of metric id to percent, e.g. "tcp_throughput_bps: 5"`,
    );
  }
  const out: Record<string, number> = {};
  for (const [id, raw] of Object.entries(doc)) {
    if (!isMetricId(id)) unknownMetric(source, id);
    out[id] = parsePercent(raw, source, id);
  }
  return validateThresholds(out, source);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The headline promotions and demotions of a thresholds document in the structured form:
 * `headline: [tcp_retransmits]` makes those metrics decide the verdict, `informational:
 * [http_latency_p99_ms]` makes them reported only. {} for the flat form or an empty document.
 */
export function parseHeadlineOverrides(text: string, source: string): Partial<Record<MetricId, boolean>> {
  return headlineOf(parseDocumentText(text, source), source);
}

function headlineOf(doc: unknown, source: string): Partial<Record<MetricId, boolean>> {
  if (!isStructured(doc)) return {};
  const out: Partial<Record<MetricId, boolean>> = {};
  for (const [key, value] of [
    ['headline', true],
    ['informational', false],
  ] as const) {
    const list = doc[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      throw new UserError(`${source}: ${key} must be a list of metric ids, e.g. "${key}: [tcp_retransmits]"`);
    }
    for (const id of list) {
      if (typeof id !== 'string' || !isMetricId(id)) unknownMetric(`${source}: ${key}`, String(id));
      if (out[id] !== undefined && out[id] !== value)
        throw new UserError(`${source}: ${id} is listed as both headline and informational; keep one`);
      out[id] = value;
    }
  }
  return out;
}
