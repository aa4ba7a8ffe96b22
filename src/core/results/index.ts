/** The results file model (schema version 1): types, JSON Schema, parse/validate, serialise, fingerprints. */
export * from './types.js';
export { RESULTS_V1_SCHEMA } from './schema.js';
export { parseResultsJson } from './parse.js';
export { serializeResults } from './serialize.js';
export { environmentFingerprint, configHash, canonicalJson } from './fingerprint.js';
