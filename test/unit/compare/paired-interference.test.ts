import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { pairLoad } from '../../../src/core/compare/pair-load.js';
import type { ResultsFile, Sample } from '../../../src/core/results/types.js';
import { makeResults } from '../../helpers/results-factory.js';

const ID = 'pod-to-pod-cross-node/tcp-stream';
const TOLERANCE = { maxForeignCpuPercent: 10, maxStealPercent: 10, retakeBudget: 1 };

function file(scale: number, mark: (i: number) => Partial<Sample> = () => ({})): ResultsFile {
  const f = makeResults({
    scenarios: {
      [ID]: {
        tcp_throughput_bps: { values: Array.from({ length: 8 }, (_, i) => 1e10 * scale * (1 + 0.002 * i)) },
      },
    },
  });
  return {
    ...f,
    scenarios: f.scenarios.map((s) => ({ ...s, samples: s.samples.map((x, i) => ({ ...x, ...mark(i) })) })),
  };
}
const sample = (foreign: number, steal = 0): Sample => ({
  metrics: { foreign_cpu_percent: foreign, cpu_steal_percent: steal },
  startedAt: '2024-01-01T00:00:00Z',
  durationS: 1,
});

describe('pair load', () => {
  it('is quiet, shared or one-sided', () => {
    expect(pairLoad(sample(2), sample(5), TOLERANCE)).toEqual({ kind: 'quiet' });
    expect(pairLoad(sample(50), sample(58), TOLERANCE)).toEqual({
      kind: 'shared',
      note: 'load on both sides: foreign CPU 50% / 58%',
    });
    expect(pairLoad(sample(60), sample(2), TOLERANCE)).toMatchObject({ kind: 'one-sided' });
    expect(pairLoad(sample(1, 30), sample(1, 2), TOLERANCE)).toMatchObject({
      kind: 'one-sided',
      why: expect.stringMatching(/^CPU steal 30\.0% vs 2\.0%/),
    });
  });
});

describe('compare: paired files are judged by their pairs', () => {
  const disturbed = (at: readonly number[]) => (i: number) =>
    at.includes(i) ? { disturbed: 'foreign CPU 60.0% vs 2.0% (one side loaded); re-take budget spent' } : {};

  it('leaves a few disturbed pairs out of both sides and is not disturbed', () => {
    const report = compareResults(file(1), file(1, disturbed([3])), { paired: true });
    expect(report.interference.disturbed).toBe(false);
    const c = report.comparisons.find((x) => x.metric === 'tcp_throughput_bps')!;
    expect([c.base.n, c.head.n]).toEqual([7, 7]);
  });

  it('with more than a quarter of the pairs disturbed, never blames the change', () => {
    const report = compareResults(file(1), file(0.8, disturbed([0, 1, 2])), { paired: true });
    expect(report.interference.disturbed).toBe(true);
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toMatch(/^head runner disturbed/);
  });

  it('keeps pairs under shared load, counts them and says so', () => {
    const shared = () => ({ sharedLoad: 'load on both sides: foreign CPU 50% / 52%' });
    const report = compareResults(file(1, shared), file(0.8, shared), { paired: true });
    expect(report.interference.disturbed).toBe(false);
    expect(report.interference.head.sharedLoad).toBe(8);
    expect(report.interference.sharedLoad).toMatch(/^8 of 8 pairs ran under the same load on both sides/);
    expect(report.verdict).toBe('regression');
  });

  it('leaves unpaired comparisons to the per-sample rule', () => {
    const report = compareResults(file(1), file(1, disturbed([3])));
    expect(report.interference.sharedLoad).toBeNull();
    const c = report.comparisons.find((x) => x.metric === 'tcp_throughput_bps')!;
    expect([c.base.n, c.head.n]).toEqual([8, 7]);
  });
});
