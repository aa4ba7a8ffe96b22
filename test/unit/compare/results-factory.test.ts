import { describe, expect, it } from 'vitest';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { median } from '../../../src/core/stats/quantile.js';
import { makeResults } from '../../helpers/results-factory.js';

describe('makeResults (test helper)', () => {
  const spec = {
    seed: 3,
    scenarios: {
      'pod-to-pod-cross-node/tcp-stream': {
        tcp_throughput_bps: { median: 9e9, cv: 0.02, n: 9 },
        tcp_retransmits: { values: [1, 2, 3] },
      },
    },
    skipped: { 'pod-to-pod-same-node/udp-stream': 'not supported' },
  } as const;

  it('builds a file the results parser accepts', () => {
    const file = makeResults(spec);
    expect(parseResultsJson(JSON.stringify(file), 'factory.json')).toEqual(file);
  });

  it('draws n values around the median, with explicit values as given', () => {
    const [scenario, skipped] = makeResults(spec).scenarios;
    expect(scenario!.samples).toHaveLength(9);
    const tp = scenario!.samples.map((s) => s.metrics.tcp_throughput_bps!);
    expect(Math.abs(median(tp) / 9e9 - 1)).toBeLessThan(0.03);
    expect(scenario!.samples.map((s) => s.metrics.tcp_retransmits)).toEqual([
      1,
      2,
      3,
      ...new Array(6).fill(undefined),
    ]);
    expect(skipped).toMatchObject({
      id: 'pod-to-pod-same-node/udp-stream',
      samples: [],
      skipped: 'not supported',
    });
  });

  it('is deterministic per seed and recomputes the fingerprint for overrides', () => {
    expect(makeResults(spec)).toEqual(makeResults(spec));
    expect(makeResults(spec)).not.toEqual(makeResults({ ...spec, seed: 4 }));
    const other = makeResults({ ...spec, environment: { kernel: '6.8' } });
    expect(other.environment.fingerprint).not.toBe(makeResults(spec).environment.fingerprint);
    expect(other.environment.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
