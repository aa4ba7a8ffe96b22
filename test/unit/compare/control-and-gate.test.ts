/** The gate of Version 2: headline metrics, the one-sided pass, the in-run control, disturbed runs. */
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { settleHint } from '../../../src/core/compare/gate.js';
import { parseHeadlineOverrides, parseThresholdsDocument } from '../../../src/core/compare/thresholds.js';
import type { MetricId } from '../../../src/core/metrics.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import { makeResults, type MetricSpec } from '../../helpers/results-factory.js';

const POD_TCP = 'pod-to-pod-cross-node/tcp-stream';
const POD_HTTP = 'pod-to-pod-cross-node/http-max';
const HOST_TCP = 'host-cross-node/tcp-stream';
const HOST_HTTP = 'host-cross-node/http-max';

/** A run of the quick suite with its control: `host` scales the host path, `pod` the pod path on top. */
function run(seed: number, host = 1, pod = 1, n = 9): ResultsFile {
  const http = (scale: number): Partial<Record<MetricId, MetricSpec>> => ({
    http_rps: { median: 45000 * scale, cv: 0.03, n },
    http_latency_p50_ms: { median: 0.65 / scale, cv: 0.03, n },
    http_latency_p99_ms: { median: 2.5 / scale, cv: 0.05, n },
    tcp_retransmits: { median: 100, cv: 0.6, n },
  });
  const tcp = (scale: number): Partial<Record<MetricId, MetricSpec>> => ({
    tcp_throughput_bps: { median: 12e9 * scale, cv: 0.03, n },
    tcp_retransmits: { median: 300, cv: 0.6, n },
    cpu_busy_percent: { median: 90, cv: 0.05, n },
  });
  return makeResults({
    seed,
    scenarios: {
      [HOST_TCP]: tcp(host),
      [HOST_HTTP]: http(host),
      [POD_TCP]: tcp(host * pod * 0.85),
      [POD_HTTP]: http(host * pod * 0.9),
    },
  });
}

const gate = (report: ReturnType<typeof compareResults>, scenario: string, metric: string) =>
  report.comparisons.find((c) => c.scenario === scenario && c.metric === metric)!;

describe('compare: the one-sided pass', () => {
  it('passes identical files (every headline metric cleared), whatever retransmits do', () => {
    const file = run(1);
    const report = compareResults(file, file);
    expect(report.verdict).toBe('pass');
    expect(report.verdictReason).toBe('no material regression: all 3 headline metrics cleared');
    expect(
      report.comparisons.filter((c) => c.gating).map((c) => `${c.scenario} ${c.metric} ${c.gate}`),
    ).toEqual([
      `${POD_TCP} tcp_throughput_bps cleared`,
      `${POD_HTTP} http_rps cleared`,
      `${POD_HTTP} http_latency_p50_ms cleared`,
    ]);
    // Retransmits (CV 60%) are informational: reported, never blocking the pass.
    expect(gate(report, POD_TCP, 'tcp_retransmits').gating).toBe(false);
    // So is the tail of the saturation test (the client's own queue).
    expect(gate(report, POD_HTTP, 'http_latency_p99_ms').gating).toBe(false);
  });

  it('passes a noisy run compared with itself or a copy: each sample is paired with itself', () => {
    const noisy = (seed: number) =>
      makeResults({
        seed,
        scenarios: { [POD_TCP]: { tcp_throughput_bps: { median: 1e10, cv: 0.3, n: 5 } } },
      });
    const file = noisy(1);
    for (const head of [file, structuredClone(file)]) {
      const report = compareResults(file, head);
      expect(report.verdict).toBe('pass');
      expect(report.warnings).toContain(
        'base and head are the same run (identical samples): each sample is compared with itself, so nothing changed',
      );
    }
    // Two runs, even with the same creation time, are two runs.
    expect(compareResults(file, { ...noisy(2), createdAt: file.createdAt }).verdict).toBe('inconclusive');
  });

  it('passes two independent quiet runs of the same thing', () => {
    expect(compareResults(run(1), run(2)).verdict).toBe('pass');
  });

  it('is inconclusive, naming the metric, when a headline metric can be neither flagged nor cleared', () => {
    const noisy = (seed: number) =>
      makeResults({
        seed,
        scenarios: { [POD_TCP]: { tcp_throughput_bps: { median: 1e10, cv: 0.3, n: 5 } } },
      });
    const report = compareResults(noisy(1), noisy(2));
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toMatch(
      /can be neither shown nor excluded for tcp_throughput_bps on pod-to-pod/,
    );
    // …and says how far the samples could see, and what would settle it.
    const c = gate(report, POD_TCP, 'tcp_throughput_bps');
    const excluded = ((1 - c.bound![0]) * 100).toFixed(1);
    expect(report.verdictReason).toContain(
      `(the samples exclude only ${excluded}% worse for tcp_throughput_bps (threshold 5%)`,
    );
  });

  it('estimates the samples that would settle an open metric from the bound and √n', () => {
    const open = (ratio: number, lower: number, n = 6) =>
      settleHint([
        {
          ...gate(compareResults(run(1), run(2)), POD_TCP, 'tcp_throughput_bps'),
          ratio,
          bound: [lower, 2],
          base: { n, median: 1, mean: 1, cv: 0.05, samples: [] },
          head: { n, median: 1, mean: 1, cv: 0.05, samples: [] },
        },
      ]);
    // Estimate −1%, bound −9%: the half-width 8% must shrink to 4%: (8/4)² × 6 = 24 samples.
    expect(open(0.99, 0.91)).toBe(
      ' (the samples exclude only 9.0% worse for tcp_throughput_bps (threshold 5%); at this spread about 24 samples per side would settle it)',
    );
    // An estimate already past the threshold cannot be cleared by more samples: no count.
    expect(open(0.93, 0.85)).toBe(
      ' (the samples exclude only 15.0% worse for tcp_throughput_bps (threshold 5%))',
    );
    expect(settleHint([])).toBe('');
    // More than the profile allows: say so, and what would settle it instead.
    const limited = (paired: boolean) =>
      settleHint(
        [
          {
            ...gate(compareResults(run(1), run(2)), POD_TCP, 'tcp_throughput_bps'),
            ratio: 0.99,
            bound: [0.91, 2],
            base: { n: 6, median: 1, mean: 1, cv: 0.05, samples: [] },
            head: { n: 6, median: 1, mean: 1, cv: 0.05, samples: [] },
          },
        ],
        { maxSamples: 12, paired },
      );
    expect(limited(false)).toBe(
      ' (the samples exclude only 9.0% worse for tcp_throughput_bps (threshold 5%); more samples will not settle this at this spread: about 24 samples per side would be needed and the profile allows 12; use paired mode, or a threshold of 9%)',
    );
    expect(limited(true)).toContain(
      'about 24 pairs would be needed and the profile allows 12; use longer samples, or a threshold of 9%',
    );
  });

  it('gates p99 in the fixed-rate test but not at saturation, unless the user promotes it', () => {
    const fixed = (seed: number, p99: number) =>
      makeResults({
        seed,
        scenarios: {
          'pod-to-pod-cross-node/http-fixed-rate': {
            http_latency_p50_ms: { median: 0.5, cv: 0.02, n: 9 },
            http_latency_p99_ms: { median: p99, cv: 0.02, n: 9 },
          },
          [POD_HTTP]: {
            http_rps: { median: 45000, cv: 0.02, n: 9 },
            http_latency_p99_ms: { median: p99, cv: 0.02, n: 9 },
          },
        },
      });
    const report = compareResults(fixed(1, 2), fixed(2, 3));
    expect(gate(report, 'pod-to-pod-cross-node/http-fixed-rate', 'http_latency_p99_ms')).toMatchObject({
      gating: true,
      gate: 'regression',
    });
    expect(gate(report, POD_HTTP, 'http_latency_p99_ms').gating).toBe(false);
    const promoted = compareResults(fixed(1, 2), fixed(2, 3), { headline: { http_latency_p99_ms: true } });
    expect(gate(promoted, POD_HTTP, 'http_latency_p99_ms').gating).toBe(true);
  });

  it('lets users demote and promote metrics', () => {
    const slow = run(2, 1, 0.8);
    expect(compareResults(run(1), slow).verdict).toBe('regression');
    const demoted = compareResults(run(1), slow, {
      headline: {
        tcp_throughput_bps: false,
        http_rps: false,
        http_latency_p50_ms: false,
        http_latency_p99_ms: false,
      },
    });
    expect(demoted.verdict).toBe('inconclusive');
    expect(demoted.verdictReason).toMatch(/no headline metric/);
    const promoted = compareResults(run(1), run(1), { headline: { cpu_busy_percent: true } });
    expect(gate(promoted, POD_TCP, 'cpu_busy_percent').gating).toBe(true);
  });

  it('reads promotions and demotions from the thresholds file', () => {
    const text =
      'thresholds:\n  tcp_throughput_bps: 3\nheadline: [tcp_retransmits]\ninformational: [http_latency_p99_ms]\n';
    expect(parseThresholdsDocument(text, 't.yaml')).toEqual({ tcp_throughput_bps: 3 });
    expect(parseHeadlineOverrides(text, 't.yaml')).toEqual({
      tcp_retransmits: true,
      http_latency_p99_ms: false,
    });
    expect(parseHeadlineOverrides('tcp_throughput_bps: 3', 't.yaml')).toEqual({});
    expect(() => parseHeadlineOverrides('headline: tcp_retransmits', 't.yaml')).toThrow(/must be a list/);
    expect(() => parseHeadlineOverrides('headline: [nope]', 't.yaml')).toThrow(/unknown metric id "nope"/);
    expect(() => parseHeadlineOverrides('headline: [http_rps]\ninformational: [http_rps]', 't.yaml')).toThrow(
      /both headline and informational/,
    );
  });
});

describe('compare: the in-run control', () => {
  it('does not blame the PR when the whole runner got slower; says so first, judges relative to the host path', () => {
    const report = compareResults(run(1), run(2, 0.78));
    expect(report.control.moved).toBe(true);
    expect(report.control.normalized).toBe(true);
    expect(report.verdict).not.toBe('regression');
    expect(report.verdictReason).toMatch(/^the runner's host path is 2\d\.\d% slower than the baseline's \(/);
    // The raw pod metric shows the drift but no longer gates; its control-normalised twin does.
    expect(gate(report, POD_TCP, 'tcp_throughput_bps')).toMatchObject({ gating: false });
    expect(gate(report, POD_TCP, 'tcp_throughput_vs_host')).toMatchObject({ gating: true, gate: 'cleared' });
    expect(report.warnings[0]).toBe(report.control.summary);
  });

  it('still catches a real regression on a runner that got slower', () => {
    const report = compareResults(run(1), run(2, 0.8, 0.75));
    expect(report.control.moved).toBe(true);
    expect(report.verdict).toBe('regression');
    expect(gate(report, POD_TCP, 'tcp_throughput_vs_host').gate).toBe('regression');
    expect(report.verdictReason).toMatch(
      /slower than the baseline's .*; material regression: tcp_throughput_vs_host/,
    );
  });

  it('decides nothing on drift when asked to (onControlDrift: inconclusive)', () => {
    const report = compareResults(run(1), run(2, 0.78), { onControlDrift: 'inconclusive' });
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toMatch(/slower than the baseline's .*: nothing is judged$/);
  });

  it('judges raw values when the control held still, and never gates on the control itself', () => {
    const report = compareResults(run(1), run(2, 1, 0.8));
    expect(report.control.moved).toBe(false);
    expect(report.verdict).toBe('regression');
    expect(gate(report, POD_TCP, 'tcp_throughput_bps').gate).toBe('regression');
    expect(
      report.comparisons.filter((c) => c.scenario.startsWith('host-cross-node/')).some((c) => c.gating),
    ).toBe(false);
  });

  it('judges relative to the host path even when it held still, when asked to (normalizeToControl: always)', () => {
    const report = compareResults(run(1), run(2, 1, 0.8), { normalizeToControl: 'always' });
    expect(report.control).toMatchObject({ moved: false, normalized: true, summary: null });
    expect(gate(report, POD_TCP, 'tcp_throughput_bps').gating).toBe(false);
    expect(gate(report, POD_TCP, 'tcp_throughput_vs_host')).toMatchObject({
      gating: true,
      gate: 'regression',
    });
    expect(report.verdict).toBe('regression');
    expect(() => compareResults(run(1), run(2), { normalizeToControl: 'sometimes' as 'always' })).toThrow(
      /normalizeToControl = "sometimes" is invalid/,
    );
  });

  it('notes a baseline without a control and compares as before', () => {
    const old = makeResults({
      seed: 1,
      scenarios: { [POD_TCP]: { tcp_throughput_bps: { median: 1e10, cv: 0.02, n: 9 } } },
    });
    const report = compareResults(old, run(2));
    expect(report.control.presence).toBe('base-missing');
    expect(report.warnings).toContain(
      'the baseline has no control (host-cross-node): runner drift cannot be told from a CNI change',
    );
    expect(report.unmatched.some((u) => u.metric.endsWith('_vs_host'))).toBe(false);
  });
});

describe('compare: disturbed samples', () => {
  /** run(2) with the first `k` pod TCP samples of the head marked disturbed and `factor` slower. */
  function disturbedHead(k: number, factor = 0.4): ResultsFile {
    const file = run(2);
    return {
      ...file,
      scenarios: file.scenarios.map((s) =>
        s.id !== POD_TCP
          ? s
          : {
              ...s,
              samples: s.samples.map((x, i) =>
                i < k
                  ? {
                      ...x,
                      metrics: {
                        ...x.metrics,
                        tcp_throughput_bps: x.metrics.tcp_throughput_bps! * factor,
                        foreign_cpu_percent: 48,
                      },
                      disturbed: 'foreign CPU 48.0% > 10%',
                    }
                  : x,
              ),
            },
      ),
    };
  }

  it('leaves a few disturbed samples out of the comparison (at most a quarter of a scenario)', () => {
    const report = compareResults(run(1), disturbedHead(2));
    expect(gate(report, POD_TCP, 'tcp_throughput_bps').head.n).toBe(7);
    expect(report.interference.disturbed).toBe(false);
    expect(report.verdict).toBe('pass');
  });

  it('never blames the change for a scenario with more: inconclusive, saying the runner was disturbed', () => {
    // Without the marks, 9 samples 25% slower would be a regression.
    const unmarked = disturbedHead(9, 0.75);
    const plain = {
      ...unmarked,
      scenarios: unmarked.scenarios.map((s) => ({
        ...s,
        samples: s.samples.map(({ disturbed: _d, ...x }) => x),
      })),
    };
    expect(gate(compareResults(run(1), plain), POD_TCP, 'tcp_throughput_bps').verdict).toBe('regression');
    const report = compareResults(run(1), disturbedHead(9, 0.75));
    expect(gate(report, POD_TCP, 'tcp_throughput_bps').verdict).toBe('inconclusive');
    expect(gate(report, POD_TCP, 'tcp_throughput_bps').reason).toMatch(
      /^runner disturbed during this scenario/,
    );
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toBe('head runner disturbed: foreign CPU up to 48% during 9 of 36 samples');
  });
});
