import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { decideAfterLook } from '../../../src/core/sequential/stop-rule.js';
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
});
