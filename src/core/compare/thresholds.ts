import { parse as parseYaml } from 'yaml';
import { errorMessage, UserError } from '../errors.js';
import { isMetricId, METRIC_IDS } from '../metrics.js';
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

/**
 * Parses a thresholds document (YAML or JSON): a mapping of metric id → percent, optionally under
 * a top-level `thresholds:` key. `source` names the file in error messages.
 */
export function parseThresholdsDocument(text: string, source: string): Thresholds {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new UserError(`${source}: not valid YAML or JSON (${errorMessage(error).split('\n')[0]})`);
  }
  if (doc === null || doc === undefined) return {};
  if (isRecord(doc) && Object.keys(doc).length === 1 && 'thresholds' in doc) doc = doc.thresholds;
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
