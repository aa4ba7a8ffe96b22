import { describe, expect, it } from 'vitest';
import { historyBaseline, poolRuns, regressionsWithinSpread } from '../../../src/core/history/index.js';
import { makeHistoryRuns } from '../../helpers/history-runs.js';

const TCP = 'pod-to-pod-cross-node/tcp-stream';

function loaded(spec: Parameters<typeof makeHistoryRuns>[0]) {
  return makeHistoryRuns(spec).map((r) => ({ file: r.name, results: r.results }));
}

describe('historyBaseline', () => {
  it('uses every baseline when the history has no change point, pooling their samples', () => {
    const runs = loaded({ runs: 8 });
    const baseline = historyBaseline([...runs].reverse());
    expect(baseline.used.map((r) => r.file)).toEqual(runs.map((r) => r.file));
    expect(baseline.cut).toBeNull();
    expect(baseline.considered).toBe(8);
    const tcp = baseline.pooled.scenarios.find((s) => s.id === TCP)!;
    expect(tcp.samples).toHaveLength(8 * 5);
    expect(baseline.pooled.createdAt).toBe(runs[7]!.results.createdAt);
    const spread = baseline.spread.find((s) => s.metric === 'tcp_throughput_bps')!;
    expect(spread.runs).toBe(8);
    expect(spread.min).toBeLessThanOrEqual(spread.median);
    expect(spread.max).toBeGreaterThanOrEqual(spread.median);
    expect(spread.cv).toBeGreaterThan(0);
  });

  it('uses only the baselines after the latest change point', () => {
    const runs = loaded({ runs: 12, step: { at: 6, ratio: 0.85 } });
    const baseline = historyBaseline(runs);
    expect(baseline.cut).toMatchObject({ createdAt: runs[6]!.results.createdAt });
    expect(baseline.cut!.ratio).toBeLessThan(0.9);
    expect(baseline.used.map((r) => r.file)).toEqual(runs.slice(6).map((r) => r.file));
    expect(baseline.pooled.scenarios.find((s) => s.id === TCP)!.samples).toHaveLength(6 * 5);
  });

  it("leaves out baselines of another subject than the newest one's", () => {
    const vxlan = loaded({ runs: 4 });
    const other = loaded({ runs: 2, datapath: 'macvlan' }).map((r) => ({ ...r, file: `m-${r.file}` }));
    const baseline = historyBaseline([...other, ...vxlan]);
    expect(baseline.otherSubject).toBe(2);
    expect(baseline.used).toHaveLength(4);
    expect(baseline.pooled.subject.datapath).toBe('bridge-vxlan');
  });
});

describe('poolRuns', () => {
  it("keeps the newest run's metadata, drops pairing/sampling, and skips skipped scenarios", () => {
    const [a, b] = makeHistoryRuns({ runs: 2 }).map((r) => r.results);
    const skipped = {
      ...a!,
      scenarios: a!.scenarios.map((s) => ({ ...s, samples: [], skipped: 'not supported' })),
    };
    const pooled = poolRuns([
      skipped,
      { ...b!, pairing: { id: 'x', order: 'ABBA', role: 'base', warmupPairs: 1 } },
    ]);
    expect(pooled.pairing).toBeUndefined();
    expect(pooled.scenarios[0]!.samples).toHaveLength(5);
    expect(() => poolRuns([])).toThrow(/at least one/);
  });
});

describe('regressionsWithinSpread', () => {
  const spread = [
    { scenario: TCP, metric: 'tcp_throughput_bps', runs: 5, min: 8.5e9, median: 9.2e9, max: 9.5e9, cv: 0.04 },
    { scenario: TCP, metric: 'udp_throughput_bps', runs: 2, min: 1e9, median: 1e9, max: 1.1e9, cv: 0.05 },
  ];
  const comparison = (metric: string, verdict: string, median: number) => ({
    scenario: TCP,
    metric,
    verdict,
    head: { n: 5, median },
  });

  it('flags a regression whose head median some baseline run already reached', () => {
    expect(
      regressionsWithinSpread({ spread }, [comparison('tcp_throughput_bps', 'regression', 8.6e9)]),
    ).toEqual([
      { scenario: TCP, metric: 'tcp_throughput_bps', head: 8.6e9, min: 8.5e9, max: 9.5e9, runs: 5 },
    ]);
  });

  it('leaves alone regressions outside the range, other verdicts, and spreads of fewer than 3 runs', () => {
    expect(
      regressionsWithinSpread({ spread }, [
        comparison('tcp_throughput_bps', 'regression', 8.0e9),
        comparison('tcp_throughput_bps', 'unchanged', 9e9),
        comparison('udp_throughput_bps', 'regression', 1.05e9),
        comparison('http_rps', 'regression', 1),
      ]),
    ).toEqual([]);
  });
});
