import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import type { ScenarioId } from '../../../src/core/scenarios.js';
import { wilcoxonSignedRank } from '../../../src/core/stats/wilcoxon-signed-rank.js';
import { makeResults } from '../../helpers/results-factory.js';

const HTTP = 'pod-to-pod-cross-node/http-max' as ScenarioId;

describe('paired comparison: per-pair log ratios that are tied in the reals rank as ties', () => {
  // p50 latencies rounded to 0.05 ms. Pairs 1 and 2 swap base and head (h1/b1 = b2/h2), so
  // their |log ratios| are equal mathematically but differ in the last bit of Math.log.
  const base = [0.45, 0.5, 0.3, 0.4, 0.35, 0.5, 0.55];
  const head = [0.5, 0.45, 0.35, 0.45, 0.4, 0.55, 0.6];
  const results = (values: number[], seed: number) =>
    makeResults({ seed, scenarios: { [HTTP]: { http_latency_p50_ms: { values } } } });

  it('gives the p of the exactly tied differences, not the one the last bit of log decides', () => {
    const d = base.map((b, i) => Math.log(head[i]! / b));
    expect(Math.abs(d[1]!)).not.toBe(Math.abs(d[0]!)); // the fixture does differ in floating point
    const tied = d.map((v, i) => (i === 1 ? -d[0]! : v));
    const report = compareResults(results(base, 1), results(head, 2), { paired: true });
    const p50 = report.comparisons.find((c) => c.metric === 'http_latency_p50_ms')!;
    const expected = wilcoxonSignedRank(tied, 'greater', Infinity).p; // latency up = worse
    expect(expected).toBeCloseTo(0.0452, 4);
    expect(p50.p).toBeCloseTo(expected, 12);
  });
});
