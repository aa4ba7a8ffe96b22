import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { UserError } from '../errors.js';
import { scenarioId } from '../scenarios.js';
import { formatJsonPath } from './json-path.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { RESULTS_V1_SCHEMA } from './schema.js';
import { RESULTS_SCHEMA_VERSION, type ResultsFile } from './types.js';
import { describeValidationError, describeValue } from './validation-message.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule.default }).default;

let compiled: ValidateFunction | undefined;

/** The compiled v1 validator, built on first use. */
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
    addFormats(ajv, ['date-time']);
    compiled = ajv.compile(RESULTS_V1_SCHEMA);
  }
  return compiled;
}

/** JSON.parse with a one-line UserError naming the source and the location. */
function parseJson(text: string, source: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    throw new UserError(`${source}: the file is empty; expected a cni-perf-gate results JSON file`);
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
    const where = findJsonSyntaxError(body);
    throw new UserError(
      `${source}: not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ''}: ${message}; is this a cni-perf-gate results file?`,
    );
  }
}

/** Deeper than any results file is (free-form sections such as `suite` and `subject.cni` included). */
export const MAX_RESULTS_DEPTH = 64;

/**
 * Rejects JSON nested deeper than MAX_RESULTS_DEPTH, walking it without recursion: later steps
 * (validation, saving, rendering) recurse, and a hostile file must not exhaust the stack there.
 */
function checkDepth(data: unknown, source: string): void {
  const stack: { value: unknown; depth: number; path: (string | number)[] }[] = [
    { value: data, depth: 0, path: [] },
  ];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_RESULTS_DEPTH) {
      throw new UserError(
        `${source}: ${formatJsonPath(path.slice(0, 3))}…: nested more than ${MAX_RESULTS_DEPTH} levels deep; a results file is never that deep (corrupt or not a cni-perf-gate file)`,
      );
    }
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value as Record<string, unknown>);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object')
        stack.push({ value: child, depth: depth + 1, path: depth < 3 ? [...path, key] : path });
    }
  }
}

/** Rejects files written by another schema version before structural validation. */
function checkSchemaVersion(data: unknown, source: string): void {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(
      `${source}: $: must be a JSON object (a cni-perf-gate results file), got ${describeValue(data)}`,
    );
  }
  const record = data as Record<string, unknown>;
  if (!('schemaVersion' in record)) {
    throw new UserError(
      `${source}: $.schemaVersion: missing; this is not a cni-perf-gate results file (expected schemaVersion ${RESULTS_SCHEMA_VERSION})`,
    );
  }
  const version = record.schemaVersion;
  if (version === RESULTS_SCHEMA_VERSION) return;
  if (typeof version === 'number' && Number.isInteger(version) && version > RESULTS_SCHEMA_VERSION) {
    throw new UserError(
      `${source} was written by a newer cni-perf-gate (schemaVersion ${version}); this one reads ${RESULTS_SCHEMA_VERSION} — upgrade cni-perf-gate, or re-create the file with this version`,
    );
  }
  throw new UserError(
    `${source}: $.schemaVersion: unknown schema version ${describeValue(version)}; this cni-perf-gate reads schemaVersion ${RESULTS_SCHEMA_VERSION}`,
  );
}

/** Rules the schema cannot express: id = `<topology>/<test>`, ids unique. */
function checkScenarios(results: ResultsFile, source: string): void {
  const seen = new Map<string, number>();
  results.scenarios.forEach((scenario, index) => {
    const expected = scenarioId(scenario.topology, scenario.test);
    if (scenario.id !== expected) {
      throw new UserError(
        `${source}: ${formatJsonPath(['scenarios', index, 'id'])}: "${scenario.id}" does not match its topology and test (expected "${expected}")`,
      );
    }
    const first = seen.get(scenario.id);
    if (first !== undefined) {
      throw new UserError(
        `${source}: ${formatJsonPath(['scenarios', index, 'id'])}: duplicate scenario "${scenario.id}" (also at ${formatJsonPath(['scenarios', first])})`,
      );
    }
    seen.set(scenario.id, index);
  });
}

/**
 * Parses and validates a results file (schema version 1).
 * Every problem — corrupt JSON, wrong version, missing field, wrong type, unknown metric id —
 * is one `UserError` line naming `source` and the JSON path.
 */
export function parseResultsJson(text: string, source: string): ResultsFile {
  const data = parseJson(text, source);
  checkDepth(data, source);
  checkSchemaVersion(data, source);
  const validate = validator();
  if (!validate(data)) {
    const first = validate.errors?.[0];
    const detail = first ? describeValidationError(first, data) : '$: does not match the results schema';
    throw new UserError(`${source}: ${detail}`);
  }
  const results = data as unknown as ResultsFile;
  checkScenarios(results, source);
  return results;
}
