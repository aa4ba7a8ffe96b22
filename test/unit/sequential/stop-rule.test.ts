import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import type { ComparisonReport, MetricComparison } from '../../../src/core/compare/types.js';
import { decideAfterLook, futility, reachableLook } from '../../../src/core/sequential/stop-rule.js';
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

/**
 * A look whose throughput comparison is open with a chosen estimate, 95% CI and one-sided 95% bound
 * (threshold 2.5%, higher is better), every other gating metric cleared, n pairs per side.
 */
function openLook(ratio: number, ci: [number, number], lowerBound: number, n = 12): ComparisonReport {
  const r = report(1, n);
  const comparisons = r.comparisons.map((c): MetricComparison => {
    if (c.metric !== 'tcp_throughput_bps') return c.gating ? { ...c, gate: 'cleared' } : c;
    return {
      ...c,
      verdict: 'inconclusive',
      gate: 'open',
      ratio,
      ci,
      bound: [lowerBound, ci[1]],
      thresholdPct: 2.5,
      base: { ...c.base, n },
      head: { ...c.head, n },
    };
  });
  return { ...r, comparisons };
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

  it('stops as settled when the only open metric is cleared at its one-sided bound', () => {
    const r = openLook(1.0, [0.985, 1.015], 0.99);
    const cleared = {
      ...r,
      comparisons: r.comparisons.map((c) => (c.gate === 'open' ? { ...c, gate: 'cleared' as const } : c)),
    };
    expect(decideAfterLook({ report: cleared, n: 12, looks, elapsedS: 24, budgetS: 600 })).toMatchObject({
      stop: true,
      reason: 'settled',
    });
  });

  it('continues to the next look while a later look could clear an open metric', () => {
    // Estimate ±0, one-sided bound −3.5% at n = 12: clearing −2.5% needs 12·(3.5/2.5)² ≈ 24 pairs.
    const d = decideAfterLook({
      report: openLook(1.0, [0.958, 1.042], 0.965),
      n: 12,
      looks,
      elapsedS: 24,
      budgetS: 600,
    });
    expect(d).toMatchObject({ stop: false, next: 16 });
  });

  it('stops a real comparison whose estimate is past the threshold but far from flaggable when the budget ends the plan early', () => {
    // −4% with 8% per-pair noise at the second look (16 pairs), 2 s per pair, 41 s budget (only
    // n = 20 fits): flagging −2.5% and clearing it are both far beyond twice that look.
    const r = report(0.95, 16, 0.08);
    expect(r.comparisons.find((c) => c.metric === 'tcp_throughput_bps')?.gate).toBe('open');
    const d = decideAfterLook({ report: r, n: 16, looks, elapsedS: 32, budgetS: 41 });
    expect(d).toMatchObject({ stop: true, reason: 'futile' });
    expect(d.detail).toMatch(/pairs to clear even if it had not changed, more than 2× the last look/);
  });

  it('samples to the last planned look, whatever the spread, while the budget allows the whole plan', () => {
    // The same look with a budget for every planned pair: futility does not act (bench:gate: it gave
    // up on A/A trials that cleared by the last look, and saved no median time).
    const r = report(0.95, 16, 0.08);
    expect(decideAfterLook({ report: r, n: 16, looks, elapsedS: 32, budgetS: 600 })).toMatchObject({
      stop: false,
      next: 20,
    });
    expect(
      decideAfterLook({ report: report(0.95, 20, 0.08), n: 20, looks, elapsedS: 40, budgetS: 600 }),
    ).toMatchObject({
      stop: false,
      next: 24,
    });
  });

  it('never stops for futility at the first look (its spread is the least reliable)', () => {
    const r = report(0.95, 12, 0.08);
    expect(decideAfterLook({ report: r, n: 12, looks, elapsedS: 24, budgetS: 600 })).toMatchObject({
      stop: false,
      next: 16,
    });
  });

  it('stops at the last planned look', () => {
    const d = decideAfterLook({ report: report(0.95, 24, 0.08), n: 24, looks, elapsedS: 48, budgetS: 600 });
    expect(d).toMatchObject({ stop: true, reason: 'max-repetitions' });
  });

  it('stops when the next stage would overrun the time budget', () => {
    // 2 s per pair so far; 4 more pairs need 8 s; 24 + 8 > 30.
    const d = decideAfterLook({
      report: openLook(1.0, [0.958, 1.042], 0.965),
      n: 12,
      looks,
      elapsedS: 24,
      budgetS: 30,
    });
    expect(d).toMatchObject({ stop: true, reason: 'time-budget' });
  });

  describe('futility (no reachable look can settle the verdict)', () => {
    it('stops when clearing needs far more pairs than twice the last look and the estimate is inside', () => {
      // Estimate −1%, bound −7% at n = 16, only n = 20 inside the budget: had nothing changed,
      // clearing needs 16·(6/2.5)² ≈ 93 pairs > 2 × 20; flagging is impossible.
      const d = decideAfterLook({
        report: openLook(0.99, [0.92, 1.05], 0.93, 16),
        n: 16,
        looks,
        elapsedS: 32,
        budgetS: 41,
      });
      expect(d).toMatchObject({ stop: true, reason: 'futile' });
      expect(d.detail).toMatch(/about 93 pairs to clear even if it had not changed.*n = 20/);
    });

    it('stops when the estimate sits on the threshold and not even "no change" could clear in time', () => {
      // Estimate −2.5% (neither side of the threshold), bound 5.5% below it at n = 16: unchanged,
      // clearing would need 16·(5.5/2.5)² ≈ 78 pairs > 2 × 20 (the look the budget allows).
      const d = decideAfterLook({
        report: openLook(0.975, [0.91, 1.01], 0.92, 16),
        n: 16,
        looks,
        elapsedS: 32,
        budgetS: 41,
      });
      expect(d).toMatchObject({ stop: true, reason: 'futile' });
    });

    it('does not stop while the open metric could still be flagged at a reachable look', () => {
      // Estimate −5%, CI near end −1% at n = 12: flagging −2.5% needs 12·(4/2.5)² ≈ 31 pairs > 24 …
      expect(
        futility(
          openLook(0.95, [0.9, 0.99], 0.91).comparisons.filter((c) => c.gate === 'open'),
          24,
        ),
      ).toMatch(/no open metric could be flagged/);
      // … but with a near end of −2% it needs 12·(3/2.5)² ≈ 18 ≤ 24: keep sampling.
      const d = decideAfterLook({
        report: openLook(0.95, [0.9, 0.98], 0.91),
        n: 12,
        looks,
        elapsedS: 24,
        budgetS: 600,
      });
      expect(d).toMatchObject({ stop: false, next: 16 });
    });

    it('does not give up on a metric that would clear if it had not changed (A/A at 14 pairs)', () => {
      // Estimate −1%, bound −3.6% at n = 14 (a real A/A look): projected from the estimate clearing
      // needs 14·(2.6/1.5)² ≈ 43 pairs — the old futility stopped here, and the trial passed at 32;
      // had nothing changed it needs 14·(2.6/2.5)² ≈ 16 ≤ 24: keep sampling.
      const r = openLook(0.99, [0.955, 1.025], 0.964, 14);
      expect(
        futility(
          r.comparisons.filter((c) => c.gate === 'open'),
          24,
        ),
      ).toBeNull();
      expect(decideAfterLook({ report: r, n: 14, looks, elapsedS: 28, budgetS: 600 })).toMatchObject({
        stop: false,
        next: 16,
      });
    });

    it('judges against the last look the time budget allows, not the last planned one', () => {
      // At n = 16, clearing needs ≈ 16·(4/2.5)² = 41 pairs: within 2 × 24 with budget, not within
      // 2 × 20 when only n = 20 fits (2 s per pair).
      const r = openLook(1.0, [0.95, 1.05], 0.96, 16);
      expect(reachableLook({ n: 16, looks, elapsedS: 32, budgetS: 600 })).toBe(24);
      expect(reachableLook({ n: 16, looks, elapsedS: 32, budgetS: 41 })).toBe(20);
      expect(decideAfterLook({ report: r, n: 16, looks, elapsedS: 32, budgetS: 600 })).toMatchObject({
        stop: false,
      });
      expect(decideAfterLook({ report: r, n: 16, looks, elapsedS: 32, budgetS: 41 })).toMatchObject({
        stop: true,
        reason: 'futile',
      });
    });

    it('never stops for futility on a look that is merely not yet cleared at 80% (the old rule)', () => {
      // Estimate ±0, CI ±4%: the old 80% futility stopped here; the one-sided 95% bound −3.4%
      // clears by ≈ 12·(3.4/2.5)² = 23 pairs, inside the plan.
      const d = decideAfterLook({
        report: openLook(1.0, [0.96, 1.04], 0.966),
        n: 12,
        looks,
        elapsedS: 24,
        budgetS: 600,
      });
      expect(d).toMatchObject({ stop: false, next: 16 });
    });
  });
});
