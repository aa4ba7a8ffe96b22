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

  it("validates the renderers' fixture (its text, key order included: sample-report.json.golden)", () => {
    const doc = expectValid(renderJson(sampleReport()));
    expect(doc.reason).toBe(sampleReport().verdictReason);
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
