import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../src/core/report/json.js';
import { comparison, sampleReport } from './report-fixture.js';

describe('renderJson', () => {
  it('has the documented shape and key order', () => {
    const text = renderJson(sampleReport());
    expect(text.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual([
      'verdict',
      'comparisons',
      'unmatched',
      'environment',
      'warnings',
      'counts',
    ]);
    expect(doc.verdict).toBe('regression');
    expect(doc.comparisons).toHaveLength(5);
    expect(Object.keys(doc.comparisons[0])).toEqual([
      'scenario',
      'metric',
      'unit',
      'verdict',
      'ratio',
      'ci',
      'p',
      'pAdjusted',
      'thresholdPct',
      'minDetectableEffectPct',
      'base',
      'head',
      'reason',
    ]);
    const regression = doc.comparisons.find((c: { verdict: string }) => c.verdict === 'regression');
    expect(regression).toMatchObject({
      scenario: 'pod-to-pod-cross-node/tcp-stream',
      metric: 'tcp_throughput_bps',
      ratio: 0.88,
      base: { n: 3, median: 9.2e9 },
      head: { n: 3, median: 8.1e9 },
    });
    expect(regression.ci).toHaveLength(2);
    expect(doc.counts).toEqual({ regression: 1, improvement: 1, inconclusive: 1, unchanged: 2 });
    expect(doc.unmatched).toEqual([
      { scenario: 'pod-to-service-cross-node/http-max', metric: 'http_rps', side: 'head' },
    ]);
    expect(doc.environment.match).toBe(false);
  });

  it('is deterministic and writes null for missing statistics', () => {
    const report = sampleReport({
      comparisons: [
        comparison('pod-to-pod-cross-node/tcp-stream', 'tcp_throughput_bps', 'inconclusive', [0], [1], null, {
          p: null,
          pAdjusted: null,
        }),
      ],
    });
    expect(renderJson(report)).toBe(renderJson(report));
    const c = JSON.parse(renderJson(report)).comparisons[0];
    expect([c.ratio, c.ci, c.p, c.pAdjusted]).toEqual([null, null, null, null]);
  });
});
