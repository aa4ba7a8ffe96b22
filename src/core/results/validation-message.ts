import type { ErrorObject } from 'ajv';
import { METRIC_IDS } from '../metrics.js';
import { formatJsonPath, resolveJsonPointer } from './json-path.js';

const MAX_SHOWN = 60;

/** A short, one-line rendering of a JSON value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return `${String(value)} (a number too large for a double, e.g. 1e999)`;
  }
  const text = JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function isMetricsObject(segments: readonly (string | number)[]): boolean {
  return segments.length >= 5 && segments[0] === 'scenarios' && segments.at(-1) === 'metrics';
}

/**
 * Turns one ajv error into `<json path>: <what is wrong>` on one line, with the offending
 * value and, where useful, what is allowed instead.
 */
export function describeValidationError(error: ErrorObject, data: unknown): string {
  const { segments, value } = resolveJsonPointer(data, error.instancePath);
  const params = error.params as Record<string, unknown>;
  const at = (extra: readonly (string | number)[] = []): string => formatJsonPath([...segments, ...extra]);
  switch (error.keyword) {
    case 'required':
      return `${at()}: missing required field "${String(params.missingProperty)}"`;
    case 'additionalProperty':
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      if (isMetricsObject(segments)) {
        return `${at([name])}: unknown metric id "${name}" (known: ${METRIC_IDS.join(', ')})`;
      }
      return `${at([name])}: unknown field "${name}"`;
    }
    case 'type':
      if (typeof value === 'number' && !Number.isFinite(value)) {
        return `${at()}: is not a finite number: ${describeValue(value)}`;
      }
      return `${at()}: must be ${String(params.type).replace(/,/g, ' or ')}, got ${describeValue(value)}`;
    case 'const':
      return `${at()}: must be ${JSON.stringify(params.allowedValue)}, got ${describeValue(value)}`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => String(v)).join(', ');
      return `${at()}: must be one of ${allowed}, got ${describeValue(value)}`;
    }
    case 'pattern':
      if (String(params.pattern).startsWith('^sha256:')) {
        return `${at()}: must be "sha256:" followed by 64 lowercase hex digits, got ${describeValue(value)}`;
      }
      return `${at()}: must match ${String(params.pattern)}, got ${describeValue(value)}`;
    case 'format':
      return `${at()}: must be an ISO-8601 ${String(params.format)} (e.g. 2024-05-01T12:00:00Z), got ${describeValue(value)}`;
    default:
      return `${at()}: ${error.message ?? 'is invalid'}, got ${describeValue(value)}`;
  }
}
