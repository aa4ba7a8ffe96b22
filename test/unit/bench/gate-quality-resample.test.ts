import { describe, expect, it } from 'vitest';
import type { Judges } from '../../../bench/gate-quality-judge.js';
import { resampleAa } from '../../../bench/gate-quality-resample.js';
import type { TrialRecord } from '../../../bench/gate-quality-types.js';
import type { ResultsFile } from '../../../src/core/results/types.js';

function file(values: readonly number[]): ResultsFile {
  return {
    scenarios: [
      {
        samples: values.map((v) => ({
          metrics: { tcp_throughput_bps: v },
          startedAt: '2026-01-01T00:00:00Z',
          durationS: 1,
        })),
      },
    ],
  } as unknown as ResultsFile;
}

function record(scenario: TrialRecord['scenario'], base: number[], head: number[]): TrialRecord {
  return {
    scenario,
    description: scenario,
    baseThroughputBps: 0,
    effectRatio: 1,
    wallS: 0,
    files: { base: file(base), head: file(head) },
    judges: {},
  };
}

/** A judge that alarms when head < base in every drawn pair, and records what it saw. */
function fakeJudges(maxN: number, seen: number[][]): Judges {
  return {
    looks: [maxN],
    alphaPerLook: 0.01,
    maxN,
    names: ['all-worse'],
    judge(base, head) {
      const b = base.scenarios[0]!.samples.map((s) => s.metrics.tcp_throughput_bps!);
      const h = head.scenarios[0]!.samples.map((s) => s.metrics.tcp_throughput_bps!);
      seen.push(b.map((x, i) => h[i]! - x));
      const alarm = h.every((x, i) => x < b[i]!);
      return { 'all-worse': { alarm, verdict: alarm ? 'regression' : 'pass', timeS: 0, n: b.length } };
    },
  };
}

describe('resampled A/A gate runs', () => {
  const records = [
    record('aa', [10, 10, 10], [9, 9, 9]), // every pair worse
    record('aa', [10, 10, 10], [11, 11, 11]), // every pair better
    record('tbf5', [10, 10, 10], [1, 1, 1]), // not A/A: must never be drawn
  ];

  it('keeps pairs intact, draws only A/A trials and keeps a trial together within-trial', () => {
    const seen: number[][] = [];
    const r = resampleAa(records, fakeJudges(4, seen), { runs: 200, seed: 3, mode: 'within-trial' });
    expect(r).toMatchObject({ runs: 200, sourceTrials: 2, sourcePairs: 6 });
    expect(seen).toHaveLength(200);
    for (const diffs of seen) {
      expect(diffs).toHaveLength(4);
      expect(new Set(diffs).size).toBe(1); // one source trial per run
      expect([-1, 1]).toContain(diffs[0]);
    }
    // About half the runs come from the all-worse trial.
    expect(r.alarms['all-worse']).toBeGreaterThan(60);
    expect(r.alarms['all-worse']).toBeLessThan(140);
  });

  it('mixes trials when pooled and is reproducible for a seed', () => {
    const seen: number[][] = [];
    const a = resampleAa(records, fakeJudges(4, seen), { runs: 200, seed: 3, mode: 'pooled' });
    expect(seen.some((d) => new Set(d).size > 1)).toBe(true);
    expect(a.alarms['all-worse']).toBeLessThan(40); // all 4 worse ≈ 1/16 of runs
    const b = resampleAa(records, fakeJudges(4, []), { runs: 200, seed: 3, mode: 'pooled' });
    expect(b.alarms).toEqual(a.alarms);
  });

  it('reports zero runs without A/A trials', () => {
    const r = resampleAa([records[2]!], fakeJudges(4, []), { runs: 50, seed: 1, mode: 'pooled' });
    expect(r).toMatchObject({ runs: 0, sourceTrials: 0, alarms: { 'all-worse': 0 } });
  });
});
