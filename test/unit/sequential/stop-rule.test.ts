import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import type { ComparisonReport, MetricComparison } from '../../../src/core/compare/types.js';
import { decideAfterLook, regressionExcluded } from '../../../src/core/sequential/stop-rule.js';
import { makeResults } from '../../helpers/results-factory.js';

const looks = [12, 16, 20, 24];

function report(headScale: number, n: number, noise = 0.002) {
  const values = (scale: number, phase: number) =>
    Array.from({ length: n }, (_, i) => 1e10 * scale * (1 + noise * Math.sin(i * 1.7 + phase)));
  const base = makeResults({
    scenarios: { 'pod-to-pod-cross-node/tcp-stream': { tcp_throughput_bps: { values: values(1, 0) } } },
  });
  const head = makeResults({
    scenarios: {
      'pod-to-pod-cross-node/tcp-stream': { tcp_throughput_bps: { values: values(headScale, 1) } },
    },
  });
  return compareResults(base, head, { paired: true, alpha: 0.01 / 4 });
}

describe('adaptive stop rule', () => {
  it('stops on a regression at the first look', () => {
    const d = decideAfterLook({ report: report(0.8, 12), n: 12, looks, elapsedS: 24, budgetS: 600 });
    expect(d).toMatchObject({ stop: true, reason: 'regression' });
  });

  it('stops when every headline metric is settled (unchanged)', () => {
    const d = decideAfterLook({ report: report(1, 12), n: 12, looks, elapsedS: 24, budgetS: 600 });
    expect(d).toMatchObject({ stop: true, reason: 'settled' });
  });

  it('continues to the next look while a headline metric is inconclusive', () => {
    const r = report(0.95, 12, 0.08);
    expect(r.comparisons.find((c) => c.metric === 'tcp_throughput_bps')?.verdict).toBe('inconclusive');
    const d = decideAfterLook({ report: r, n: 12, looks, elapsedS: 24, budgetS: 600 });
    expect(d).toMatchObject({ stop: false, next: 16 });
  });

  it('stops at the last planned look', () => {
    const d = decideAfterLook({ report: report(0.95, 24, 0.08), n: 24, looks, elapsedS: 48, budgetS: 600 });
    expect(d).toMatchObject({ stop: true, reason: 'max-repetitions' });
  });

  it('stops when the next stage would overrun the time budget', () => {
    // 2 s per pair so far; 4 more pairs need 8 s; 24 + 8 > 30.
    const d = decideAfterLook({ report: report(0.95, 12, 0.08), n: 12, looks, elapsedS: 24, budgetS: 30 });
    expect(d).toMatchObject({ stop: true, reason: 'time-budget' });
  });

  describe('futility (no material regression)', () => {
    // An inconclusive throughput comparison with a chosen estimate and 95% CI, threshold 2.5%.
    function inconclusive(ratio: number, ci: [number, number]): ComparisonReport {
      const r = report(0.95, 12, 0.08);
      const comparisons = r.comparisons.map((c): MetricComparison =>
        c.metric === 'tcp_throughput_bps'
          ? { ...c, verdict: 'inconclusive', ratio, ci, thresholdPct: 2.5 }
          : { ...c, verdict: 'unchanged' },
      );
      return { ...r, comparisons };
    }

    it('excludes a regression when the rescaled worse end is inside the threshold', () => {
      const c = inconclusive(1.0, [0.96, 1.04]).comparisons.find((x) => x.metric === 'tcp_throughput_bps')!;
      // 95% worse end −4% → 80% one-sided end ≈ −4% × 0.842/1.960 = −1.7%, inside −2.5%.
      expect(regressionExcluded(c, 0.8)).toBe(true);
      // 97.5% one-sided = the CI itself: −4% is past −2.5%.
      expect(regressionExcluded(c, 0.975)).toBe(false);
    });

    it('does not exclude a regression when the estimate itself is worse than the threshold', () => {
      const c = inconclusive(0.97, [0.95, 1.0]).comparisons.find((x) => x.metric === 'tcp_throughput_bps')!;
      expect(regressionExcluded(c, 0.8)).toBe(false);
    });

    it('uses the upper end for lower-is-better metrics', () => {
      const c = inconclusive(1.0, [0.96, 1.04]).comparisons.find((x) => x.metric === 'tcp_throughput_bps')!;
      const latency = { ...c, metric: 'http_latency_p50_ms' as const, ratio: 1.0, ci: [0.9, 1.02] as const };
      expect(regressionExcluded(latency, 0.8, 0.95)).toBe(true);
      expect(regressionExcluded({ ...latency, ci: [0.98, 1.1] }, 0.8, 0.95)).toBe(false);
    });

    /** The first look at an estimate of ±0 with a 95% CI of ±4%. */
    const evenLook = (futilityConfidence?: number) =>
      decideAfterLook({
        report: inconclusive(1.0, [0.96, 1.04]),
        n: 12,
        looks,
        elapsedS: 24,
        budgetS: 600,
        ...(futilityConfidence === undefined ? {} : { futilityConfidence }),
      });

    it('stops with no-material-regression when every open headline metric excludes one', () => {
      expect(evenLook()).toMatchObject({ stop: true, reason: 'no-material-regression' });
    });

    it('keeps sampling when the futility confidence is higher than the data supports', () => {
      expect(evenLook(0.975)).toMatchObject({ stop: false, next: 16 });
    });
  });
});
