import { describe, expect, it } from 'vitest';
import { createJudges, legacyDisturbed, replayLoad } from '../../../bench/gate-quality-judge.js';
import { QUICK_SUITE } from '../../../src/core/suite/profiles.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { makeResults } from '../../helpers/results-factory.js';

const ID = 'pod-to-pod-cross-node/tcp-stream';
const TOLERANCE = { maxForeignCpuPercent: 10, maxStealPercent: 10, retakeBudget: 1 };

/** A recorded side: throughput i+1 and the given foreign CPU per sample. */
function side(foreign: readonly number[]): ResultsFile {
  return makeResults({
    scenarios: {
      [ID]: {
        tcp_throughput_bps: { values: foreign.map((_, i) => i + 1) },
        foreign_cpu_percent: { values: [...foreign] },
      },
    },
  });
}
const kept = (f: ResultsFile) => f.scenarios[0]!.samples;
const tput = (f: ResultsFile) => kept(f).map((s) => s.metrics.tcp_throughput_bps);

describe('gate benchmark: replaying a judge interference rule on a recorded trial', () => {
  it('per pair: re-takes a one-sided pair with the next recorded one, keeps a shared one with a note', () => {
    const { base, head } = replayLoad(side([1, 60, 50, 2]), side([1, 2, 52, 3]), 'per-pair', TOLERANCE);
    expect(tput(base)).toEqual([1, 3, 4]);
    expect(tput(head)).toEqual([1, 3, 4]);
    expect(kept(base)[1]!.sharedLoad).toBe('load on both sides: foreign CPU 50% / 52%');
    expect(kept(base).every((s) => s.disturbed === undefined)).toBe(true);
  });

  it('per pair: keeps the pair marked disturbed on both sides after two re-takes in a row', () => {
    const { base, head } = replayLoad(side([60, 60, 60, 1]), side([1, 1, 1, 1]), 'per-pair', TOLERANCE);
    expect(tput(base)).toEqual([3, 4]);
    expect(kept(base)[0]!.disturbed).toMatch(/re-take budget spent$/);
    expect(kept(head)[0]!.disturbed).toBe(kept(base)[0]!.disturbed);
  });

  it('per sample (before): re-takes each loaded sample on its own side, whatever the other saw', () => {
    const { base, head } = replayLoad(side([50, 50, 50, 1]), side([50, 1, 1, 1]), 'per-sample', TOLERANCE);
    // Base: two re-takes, then the third loaded sample is kept disturbed; head: one re-take.
    expect(tput(base)).toEqual([3, 4]);
    expect(kept(base)[0]!.disturbed).toBe('foreign CPU 50.0% > 10%');
    expect(tput(head)).toEqual([2, 3]);
  });

  it('marks a whole scenario disturbed for the old rule when any sample is', () => {
    const { base } = replayLoad(side([50, 50, 50, 1]), side([1, 1, 1, 1]), 'per-sample', TOLERANCE);
    expect(kept(legacyDisturbed(base)).every((s) => s.disturbed !== undefined)).toBe(true);
  });
});

describe('gate benchmark: the judges', () => {
  it('judgeAfter gives exactly the after verdict of judge, for a clear drop and for none', () => {
    const n = 24;
    const trial = (seed: number, factor: number) =>
      makeResults({
        seed,
        scenarios: {
          [ID]: { tcp_throughput_bps: { median: 9e9 * factor, cv: 0.01, n } },
          'pod-to-pod-cross-node/http-max': {
            http_rps: { median: 28_000 * factor, cv: 0.01, n },
            http_latency_p50_ms: { median: 1.1 / factor, cv: 0.01, n },
          },
        },
      });
    const suite = { ...QUICK_SUITE, repetitions: n, maxRepetitions: n };
    const judges = createJudges(suite, { maxRepetitions: n, timeBudgetS: 900 }, {}, TOLERANCE);
    for (const factor of [1, 0.9]) {
      const all = judges.judge(trial(1, 1), trial(2, factor));
      const after = judges.judgeAfter(trial(1, 1), trial(2, factor));
      expect(after).toEqual(all['after']);
      expect(after.verdict).toBe(factor === 1 ? 'pass' : 'regression');
    }
  });
});
