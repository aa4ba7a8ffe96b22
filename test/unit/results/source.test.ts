import { describe, expect, it } from 'vitest';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { makeResults } from '../../helpers/results-factory.js';

const base = makeResults({
  scenarios: { 'pod-to-pod-cross-node/tcp-stream': { tcp_throughput_bps: { median: 9e9 } } },
});

describe('results provenance (source)', () => {
  it('is optional and round-trips when present', () => {
    expect(parseResultsJson(serializeResults(base), 'a.json').source).toBeUndefined();
    const source = {
      commit: '0123456789abcdef0123456789abcdef01234567',
      ref: 'refs/heads/main',
      repository: 'acme/cni-config',
      runUrl: 'https://github.com/acme/cni-config/actions/runs/42',
    };
    expect(parseResultsJson(serializeResults({ ...base, source }), 'a.json').source).toEqual(source);
  });

  it.each([
    [{ commit: 'not-a-sha' }, /\$\.source\.commit/],
    [{ runUrl: 'javascript:alert(1)' }, /\$\.source\.runUrl/],
    [{ branch: 'main' }, /\$\.source/],
  ])('rejects a malformed source %j naming the field', (source, message) => {
    const text = JSON.stringify({ ...JSON.parse(serializeResults(base)), source });
    expect(() => parseResultsJson(text, 'a.json')).toThrow(message);
  });
});
