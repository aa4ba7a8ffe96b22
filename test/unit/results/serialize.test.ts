import { describe, expect, it } from 'vitest';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { validResults } from './valid-results.js';

/** The same object with keys inserted in reverse order at every depth. */
function reversedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(reversedKeys);
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

describe('serializeResults', () => {
  it('writes 2-space JSON with a final newline and schemaVersion first', () => {
    const text = serializeResults(validResults());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
    expect(text).toContain('\n    "name": "cni-perf-gate",');
  });

  it('is byte-identical whatever the key insertion order', () => {
    const results = validResults();
    expect(serializeResults(reversedKeys(results) as ResultsFile)).toBe(serializeResults(results));
  });

  it('orders metrics by the catalogue', () => {
    const text = serializeResults(validResults());
    expect(text.indexOf('"tcp_throughput_bps"')).toBeLessThan(text.indexOf('"tcp_retransmits"'));
    expect(text.indexOf('"http_rps"')).toBeLessThan(text.indexOf('"http_latency_p50_ms"'));
  });

  it('round-trips through parseResultsJson', () => {
    const results = validResults();
    expect(parseResultsJson(serializeResults(results), 'x.json')).toEqual(results);
  });

  it('rejects non-finite numbers instead of writing null', () => {
    const results = validResults({ throughput: [1, Number.NaN] });
    expect(() => serializeResults(results)).toThrow(
      /\$\.scenarios\[0\]\.samples\[1\]\.metrics\.tcp_throughput_bps is NaN/,
    );
  });
});
