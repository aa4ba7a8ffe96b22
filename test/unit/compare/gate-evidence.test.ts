/**
 * No evidence, no pass (issue 21, items 1–5): a headline metric that could not be tested, or that
 * one side lacks, keeps the verdict from `pass`; informational metrics never count as regressions;
 * a file compared with itself passes whatever its samples were marked; paired comparisons never drop
 * samples silently.
 */
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { UserError } from '../../../src/core/errors.js';
import type { MetricId } from '../../../src/core/metrics.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { makeResults, type MetricSpec } from '../../helpers/results-factory.js';

const POD_TCP = 'pod-to-pod-cross-node/tcp-stream';
const POD_HTTP = 'pod-to-pod-cross-node/http-max';
const HOST_TCP = 'host-cross-node/tcp-stream';

function quick(seed: number, n: number, rps = 45000): ResultsFile {
  const http: Partial<Record<MetricId, MetricSpec>> = {
    http_rps: { median: rps, cv: 0.01, n },
    http_latency_p50_ms: { median: 0.65, cv: 0.01, n },
  };
  return makeResults({
    seed,
    scenarios: {
      [POD_TCP]: { tcp_throughput_bps: { median: 12e9, cv: 0.01, n } },
      [POD_HTTP]: http,
    },
  });
}

const headlineGates = (report: ReturnType<typeof compareResults>) =>
  report.comparisons.filter((c) => c.gating).map((c) => `${c.metric} ${c.gate}`);

describe('compare: a headline metric that could not be tested is never cleared', () => {
  it('one sample per side: inconclusive, naming the metric and the sample count', () => {
    const report = compareResults(quick(1, 1), quick(2, 1, 45000 * 0.954));
    expect(report.verdict).toBe('inconclusive');
    expect(headlineGates(report)).toEqual([
      'tcp_throughput_bps open',
      'http_rps open',
      'http_latency_p50_ms open',
    ]);
    expect(report.verdictReason).toMatch(/^too few samples to test tcp_throughput_bps on pod-to-pod/);
    expect(report.verdictReason).toContain('1 base / 1 head samples, at least 3 needed');
  });

  it('two samples per side: still inconclusive; three quiet samples per side clear', () => {
    expect(compareResults(quick(1, 2), quick(2, 2)).verdict).toBe('inconclusive');
    expect(compareResults(quick(1, 3), quick(2, 3)).verdict).toBe('pass');
  });

  it('all-zero headline values on too few samples are not evidence either', () => {
    const zero = (seed: number, n: number) =>
      makeResults({
        seed,
        scenarios: { 'pod-to-pod-cross-node/udp-stream': { udp_loss_percent: { median: 0, n } } },
      });
    expect(compareResults(zero(1, 1), zero(2, 1)).verdict).toBe('inconclusive');
    expect(compareResults(zero(1, 5), zero(2, 5)).verdict).toBe('pass');
  });
});

describe('compare: a headline scenario × metric on one side only is never a pass', () => {
  it('head without the tcp-stream scenario', () => {
    const base = quick(1, 7);
    const full = quick(2, 7);
    const head = { ...full, scenarios: full.scenarios.filter((s) => s.id !== POD_TCP) };
    const report = compareResults(base, head);
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toBe(
      'head has no pod-to-pod-cross-node/tcp-stream tcp_throughput_bps (the baseline has it)',
    );
  });

  it('head without tcp_throughput_bps in a scenario it ran, and the other way round', () => {
    const base = quick(1, 7);
    const full = quick(2, 7);
    const strip = (file: ResultsFile): ResultsFile => ({
      ...file,
      scenarios: file.scenarios.map((s) =>
        s.id !== POD_TCP
          ? s
          : { ...s, samples: s.samples.map((x) => ({ ...x, metrics: { tcp_retransmits: 3 } })) },
      ),
    });
    expect(compareResults(base, strip(full)).verdictReason).toBe(
      'head has no pod-to-pod-cross-node/tcp-stream tcp_throughput_bps (the baseline has it)',
    );
    const reverse = compareResults(strip(base), full);
    expect(reverse.verdict).toBe('inconclusive');
    expect(reverse.verdictReason).toBe(
      'the baseline has no pod-to-pod-cross-node/tcp-stream tcp_throughput_bps (head has it): the baseline predates this metric (or did not measure it); refresh the baseline by running it again with this version',
    );
  });

  it('a scenario the head skipped names the reason', () => {
    const base = quick(1, 7);
    const head = makeResults({
      seed: 2,
      scenarios: {
        [POD_HTTP]: {
          http_rps: { median: 45000, cv: 0.01, n: 7 },
          http_latency_p50_ms: { median: 0.65, cv: 0.01, n: 7 },
        },
      },
      skipped: { [POD_TCP]: 'iperf3 server did not start' },
    });
    const report = compareResults(base, head);
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toBe(
      'head has no pod-to-pod-cross-node/tcp-stream tcp_throughput_bps (the baseline has it): skipped: iperf3 server did not start',
    );
  });

  it('a scenario skipped with a reason on both sides stays as before (pass on the rest)', () => {
    const skipped = { 'pod-to-pod-same-node/tcp-stream': 'ipvlan is not supported by this kernel' };
    const with_ = (seed: number) => ({
      ...quick(seed, 7),
      scenarios: [...quick(seed, 7).scenarios, ...makeResults({ scenarios: {}, skipped }).scenarios],
    });
    expect(compareResults(with_(1), with_(2)).verdict).toBe('pass');
  });

  it('a regression elsewhere is still a regression', () => {
    const base = quick(1, 7);
    const full = quick(2, 7, 45000 * 0.7);
    const head = { ...full, scenarios: full.scenarios.filter((s) => s.id !== POD_TCP) };
    expect(compareResults(base, head).verdict).toBe('regression');
  });
});

describe('compare: informational metrics never count as regressions', () => {
  /** A run with its control; `pod` scales the pod path's throughput. */
  function withControl(seed: number, pod: number, host = 1): ResultsFile {
    return makeResults({
      seed,
      scenarios: {
        [HOST_TCP]: { tcp_throughput_bps: { median: 18e9 * host, cv: 0.01, n: 9 } },
        [POD_TCP]: {
          tcp_throughput_bps: { median: 12e9 * pod * host, cv: 0.01, n: 9 },
          tcp_retransmits: { median: 100, cv: 0.01, n: 9 },
        },
      },
    });
  }

  it('counts, the regressions figure and the verdict come from headline metrics only', () => {
    // Retransmits double (informational), throughput holds.
    const base = withControl(1, 1);
    const head = makeResults({
      seed: 2,
      scenarios: {
        [HOST_TCP]: { tcp_throughput_bps: { median: 18e9, cv: 0.01, n: 9 } },
        [POD_TCP]: {
          tcp_throughput_bps: { median: 12e9, cv: 0.01, n: 9 },
          tcp_retransmits: { median: 200, cv: 0.01, n: 9 },
        },
      },
    });
    const report = compareResults(base, head);
    const retrans = report.comparisons.find((c) => c.metric === 'tcp_retransmits')!;
    expect(retrans.verdict).toBe('regression');
    expect(retrans.gating).toBe(false);
    expect(report.verdict).toBe('pass');
    expect(report.counts.regression).toBe(0);
    expect(report.countsByRole.informational.regression).toBe(1);
  });

  it('a threshold set for a metric applies to its …_vs_host twin', () => {
    const report = compareResults(withControl(1, 1), withControl(2, 0.9), {
      thresholds: { tcp_throughput_bps: 15 },
    });
    const twin = report.comparisons.find(
      (c) => c.scenario === POD_TCP && c.metric === 'tcp_throughput_vs_host',
    )!;
    expect(twin.thresholdPct).toBe(15);
    expect(twin.verdict).not.toBe('regression');
    expect(report.counts.regression).toBe(0);
    expect(report.verdict).toBe('pass');
  });
});

describe('compare: a file compared with itself', () => {
  it('passes even when its samples were marked disturbed', () => {
    const file = quick(1, 8);
    const marked: ResultsFile = {
      ...file,
      scenarios: file.scenarios.map((s) => ({
        ...s,
        samples: s.samples.map((x) => ({ ...x, disturbed: 'foreign CPU 48% > 10%' })),
      })),
    };
    for (const head of [marked, structuredClone(marked)]) {
      const report = compareResults(marked, head);
      expect(report.verdict).toBe('pass');
      expect(report.interference.disturbed).toBe(false);
    }
  });
});

describe('compare: paired comparisons never drop samples silently', () => {
  it('refuses forced pairing of scenarios with unequal sample counts', () => {
    const base = quick(1, 100);
    const head = quick(2, 3);
    expect(() => compareResults(base, head, { paired: true })).toThrow(UserError);
    expect(() => compareResults(base, head, { paired: true })).toThrow(
      /pod-to-pod-cross-node\/tcp-stream has 100 base and 3 head samples/,
    );
  });

  it('refuses two sides of one paired run whose counts differ (7 vs 4)', () => {
    const pairing = { id: 'run-1', order: 'ABBA' as const, warmupPairs: 1 };
    const base = { ...quick(1, 7), pairing: { ...pairing, role: 'base' as const } };
    const head = { ...quick(2, 4), pairing: { ...pairing, role: 'head' as const } };
    expect(() => compareResults(base, head)).toThrow(/7 base and 4 head samples/);
  });

  it('says how many pairs were used', () => {
    const report = compareResults(quick(1, 6), quick(2, 6), { paired: true });
    expect(report.warnings).toContain('compared paired: 6 pairs in each of 2 scenarios');
  });
});
