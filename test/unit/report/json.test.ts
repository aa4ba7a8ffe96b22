import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { COMPARE_REPORT_V1_SCHEMA } from '../../../src/core/report/compare-report-schema.js';
import { renderJson } from '../../../src/core/report/json.js';
import { makeResults } from '../../helpers/results-factory.js';
import { comparison, sampleReport } from './report-fixture.js';

const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(COMPARE_REPORT_V1_SCHEMA);

function expectValid(text: string): Record<string, unknown> {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const ok = validate(doc);
  expect(ok ? [] : validate.errors).toEqual([]);
  return doc;
}

const TCP = 'pod-to-pod-cross-node/tcp-stream';
const HOST_TCP = 'host-cross-node/tcp-stream';
const run = (seed: number, pod: number, host = 1, n = 8) =>
  makeResults({
    seed,
    scenarios: {
      [HOST_TCP]: { tcp_throughput_bps: { median: 18e9 * host, cv: 0.01, n } },
      [TCP]: {
        tcp_throughput_bps: { median: 12e9 * pod * host, cv: 0.01, n },
        tcp_retransmits: { median: 50, cv: 0.3, n },
        cpu_busy_percent: { median: 40, cv: 0.02, n },
      },
    },
  });

describe('renderJson', () => {
  it('ships schema/compare-report-v1.schema.json identical to the schema the tests validate with', async () => {
    const shipped: unknown = JSON.parse(
      await readFile(new URL('../../../schema/compare-report-v1.schema.json', import.meta.url), 'utf8'),
    );
    // If this fails: npm run schema.
    expect(shipped).toEqual(JSON.parse(JSON.stringify(COMPARE_REPORT_V1_SCHEMA)));
  });

  it('has the documented shape and key order, and carries what the text report shows', () => {
    const doc = expectValid(renderJson(sampleReport()));
    expect(Object.keys(doc)).toEqual([
      'reportVersion',
      'verdict',
      'reason',
      'base',
      'head',
      'method',
      'comparisons',
      'control',
      'interference',
      'unmatched',
      'environment',
      'warnings',
      'counts',
      'countsByRole',
    ]);
    expect(doc.verdict).toBe('regression');
    expect(doc.reason).toBe(
      'material regression: tcp_throughput_bps on pod-to-pod-cross-node/tcp-stream −12.0%',
    );
    const comparisons = doc.comparisons as Record<string, unknown>[];
    expect(comparisons).toHaveLength(5);
    const regression = comparisons.find((c) => c.verdict === 'regression')!;
    expect(regression).toMatchObject({
      scenario: TCP,
      metric: 'tcp_throughput_bps',
      role: 'headline',
      gate: 'regression',
      ratio: 0.88,
      bound: 0.88 - 0.015,
      base: { n: 3, median: 9.2e9 },
      head: { n: 3, median: 8.1e9 },
    });
    expect(comparisons.find((c) => c.metric === 'tcp_retransmits')).toMatchObject({
      role: 'informational',
      gate: null,
    });
    expect(doc.counts).toEqual({ regression: 1, improvement: 1, inconclusive: 1, unchanged: 1 });
    expect(doc.countsByRole).toEqual({
      headline: doc.counts,
      informational: { regression: 0, improvement: 0, inconclusive: 0, unchanged: 1 },
    });
    expect(doc.unmatched).toEqual([
      { scenario: 'pod-to-service-cross-node/http-max', metric: 'http_rps', side: 'head', headline: true },
    ]);
    expect(doc.interference).toMatchObject({ disturbed: false, head: { discarded: 1 } });
  });

  it('validates real comparisons: pass, regression, drift normalised, missing metric, one sample', () => {
    const cases = [
      compareResults(run(1, 1), run(2, 1)),
      compareResults(run(1, 1), run(2, 0.8)),
      compareResults(run(1, 1), run(2, 1, 0.7)),
      compareResults(run(1, 1), { ...run(2, 1), scenarios: run(2, 1).scenarios.slice(0, 1) }),
      compareResults(run(1, 1, 1, 1), run(2, 1, 1, 1)),
      compareResults(run(1, 1), run(2, 0.8), { paired: true }),
    ];
    expect(cases.map((r) => r.verdict)).toEqual([
      'pass',
      'regression',
      'pass',
      'inconclusive',
      'inconclusive',
      'regression',
    ]);
    for (const report of cases) {
      const doc = expectValid(renderJson(report));
      expect(doc.reason).toBe(report.verdictReason);
    }
    const drift = JSON.parse(renderJson(cases[2]!));
    expect(drift.control).toMatchObject({ presence: 'both', moved: true, normalized: true });
    expect(drift.control.shifts[0]).toMatchObject({ scenario: HOST_TCP, metric: 'tcp_throughput_bps' });
  });

  it('is deterministic and writes null for missing statistics', () => {
    const report = sampleReport({
      comparisons: [
        comparison(TCP, 'tcp_throughput_bps', 'inconclusive', [0], [1], null, {
          p: null,
          pAdjusted: null,
        }),
      ],
    });
    expect(renderJson(report)).toBe(renderJson(report));
    const c = expectValid(renderJson(report)).comparisons as Record<string, unknown>[];
    expect([c[0]!.ratio, c[0]!.ci, c[0]!.bound, c[0]!.p, c[0]!.pAdjusted]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
