import { describe, expect, it } from 'vitest';
import { score, wilson } from '../../../bench/history-quality-score.js';
import { noisePoolsFromTrials } from '../../../bench/history-quality-noise.js';
import { makeResults } from '../../helpers/results-factory.js';

describe('bench:history scoring', () => {
  it('counts a detection within ±1 run as a true positive, once per series', () => {
    const s = score([
      { truth: 7, detected: [7] },
      { truth: 7, detected: [8, 2] },
      { truth: 7, detected: [] },
      { truth: 7, detected: [6, 7] },
    ]);
    expect(s.truePositives).toBe(3);
    expect(s.detected).toBe(5);
    expect(s.recall).toBe(3 / 4);
    expect(s.precision).toBe(3 / 5);
    expect(s.exactlyRight).toBe(1);
    expect(s.meanLocationError).toBeCloseTo(1 / 3, 12);
    expect(s.maxLocationError).toBe(1);
    expect(s.seriesWithFalse).toBe(2);
  });

  it('scores A/A series by their false change points', () => {
    const s = score([
      { truth: null, detected: [] },
      { truth: null, detected: [4, 9] },
    ]);
    expect(s.recall).toBeNull();
    expect(s.precision).toBe(0);
    expect(s.falsePerSeries).toBe(1);
    expect(s.seriesWithFalse).toBe(1);
  });

  it('gives the Wilson interval (reference: 0/43 → upper 8.2%, 5/10 → 23.7–76.3%)', () => {
    expect(wilson(0, 43)[1]).toBeCloseTo(0.082, 3);
    const [lo, hi] = wilson(5, 10);
    expect(lo).toBeCloseTo(0.2366, 3);
    expect(hi).toBeCloseTo(0.7634, 3);
  });
});

describe('bench:history noise pools', () => {
  it('derives within-run and run-to-run deviations from base files', () => {
    const line = (median: number, seed: number) =>
      JSON.stringify({
        files: {
          base: makeResults({
            seed,
            scenarios: {
              'pod-to-pod-cross-node/tcp-stream': { tcp_throughput_bps: { median, cv: 0.05, n: 9 } },
            },
          }),
        },
      });
    const pools = noisePoolsFromTrials(
      [100, 102, 98, 101, 99].map((m, i) => line(m * 1e8, i + 1)).join('\n'),
    );
    expect(pools.runs).toBe(5);
    expect(pools.samples).toBe(45);
    expect(pools.runToRunCv).toBeGreaterThan(0.005);
    expect(pools.runToRunCv).toBeLessThan(0.05);
    expect(pools.withinRunCv).toBeGreaterThan(0.02);
    expect(pools.withinRunCv).toBeLessThan(0.1);
    expect(() => noisePoolsFromTrials(line(1e9, 1))).toThrow(/too few/);
  });
});
