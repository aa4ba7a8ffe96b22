import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import type { ComparisonReport, MetricComparison } from '../../../src/core/compare/types.js';
import { UserError } from '../../../src/core/errors.js';
import { METRICS, type MetricId } from '../../../src/core/metrics.js';
import type { ScenarioId } from '../../../src/core/scenarios.js';
import { makeResults } from '../../helpers/results-factory.js';
import type { MetricSpec } from '../../helpers/results-factory.js';

const TCP: ScenarioId = 'pod-to-pod-cross-node/tcp-stream';
const HTTP: ScenarioId = 'pod-to-pod-cross-node/http-max';

/** A realistic two-scenario suite; `tweak` scales or replaces individual metrics. */
function suite(seed: number, tweak: Partial<Record<MetricId, Partial<MetricSpec>>> = {}, n = 7) {
  const m = (metric: MetricId, median: number, cv: number): MetricSpec => ({
    median,
    cv,
    n,
    ...tweak[metric],
  });
  return makeResults({
    seed,
    scenarios: {
      [TCP]: {
        tcp_throughput_bps: m('tcp_throughput_bps', 9e9, 0.02),
        tcp_retransmits: m('tcp_retransmits', 40, 0.3),
        cpu_busy_percent: m('cpu_busy_percent', 45, 0.03),
      },
      [HTTP]: {
        http_rps: m('http_rps', 20000, 0.02),
        http_latency_p50_ms: m('http_latency_p50_ms', 1.2, 0.02),
        http_latency_p99_ms: m('http_latency_p99_ms', 4, 0.04),
        http_errors: m('http_errors', 0, 0),
      },
    },
  });
}

function find(report: ComparisonReport, scenario: string, metric: MetricId): MetricComparison {
  const found = report.comparisons.find((c) => c.scenario === scenario && c.metric === metric);
  if (!found) throw new Error(`no comparison for ${scenario} ${metric}`);
  return found;
}

describe('compareResults: the issue must-shows', () => {
  it('finds no regression between two files drawn from the same distribution (20 seed pairs)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const report = compareResults(suite(seed), suite(seed + 100));
      expect(report.counts.regression).toBe(0);
      expect(report.counts.improvement).toBe(0);
      expect(report.verdict).not.toBe('regression');
    }
  });

  it('flags a 10% throughput drop (7 samples, CV 2%) as a regression of exactly that metric', () => {
    const report = compareResults(suite(1), suite(2, { tcp_throughput_bps: { median: 9e9 * 0.9 } }));
    expect(report.verdict).toBe('regression');
    expect(report.counts.regression).toBe(1);
    const regressed = report.comparisons.filter((c) => c.verdict === 'regression');
    expect(regressed.map((c) => [c.scenario, c.metric])).toEqual([[TCP, 'tcp_throughput_bps']]);
    const tcp = find(report, TCP, 'tcp_throughput_bps');
    expect(tcp.ratio!).toBeGreaterThan(0.85);
    expect(tcp.ratio!).toBeLessThan(0.95);
    expect(tcp.ci![1]).toBeLessThan(0.95);
    expect(tcp.pAdjusted!).toBeLessThanOrEqual(0.01);
    expect(tcp.reason).toMatch(/worse/);
  });

  it('gives byte-identical JSON on a re-run and does not depend on scenario order', () => {
    const base = suite(3);
    const head = suite(4, { http_latency_p99_ms: { median: 5 } });
    const first = JSON.stringify(compareResults(base, head));
    const second = JSON.stringify(compareResults(structuredClone(base), structuredClone(head)));
    expect(second).toBe(first);
    const reversed = compareResults(
      { ...base, scenarios: [...base.scenarios].reverse() },
      { ...head, scenarios: [...head.scenarios].reverse() },
    );
    const byKey = (r: ComparisonReport) =>
      Object.fromEntries(r.comparisons.map((c) => [`${c.scenario} ${c.metric}`, JSON.stringify(c)]));
    expect(byKey(reversed)).toEqual(byKey(JSON.parse(first) as ComparisonReport));
  });

  it('changes the bootstrap (not the rank test) with the seed', () => {
    // n = 20: the resampled medians take 210 values per side, so the CI ends move with the seed.
    const base = suite(5, {}, 20);
    const head = suite(6, {}, 20);
    const a = find(compareResults(base, head, { seed: 1 }), TCP, 'tcp_throughput_bps');
    const b = find(compareResults(base, head, { seed: 2 }), TCP, 'tcp_throughput_bps');
    expect(a.ci).not.toEqual(b.ci);
    expect(a.p).toBe(b.p);
  });
});

describe('compareResults: verdicts', () => {
  it('reports an improvement symmetrically', () => {
    const report = compareResults(suite(1), suite(2, { http_rps: { median: 24000 } }));
    expect(find(report, HTTP, 'http_rps').verdict).toBe('improvement');
    expect(report.verdict).toBe('pass');
    expect(report.counts.improvement).toBe(1);
  });

  it('treats lower-is-better metrics the other way round (latency +20% is a regression)', () => {
    const report = compareResults(suite(1), suite(2, { http_latency_p50_ms: { median: 1.44 } }));
    const p50 = find(report, HTTP, 'http_latency_p50_ms');
    expect(p50.verdict).toBe('regression');
    expect(p50.ci![0]).toBeGreaterThan(1.05);
    const faster = find(
      compareResults(suite(1), suite(2, { http_latency_p50_ms: { median: 0.96 } })),
      HTTP,
      'http_latency_p50_ms',
    );
    expect(faster.verdict).toBe('improvement');
  });

  it('calls a proven but immaterial change unchanged', () => {
    const spec = (median: number, seed: number) =>
      makeResults({ seed, scenarios: { [TCP]: { tcp_throughput_bps: { median, cv: 0.004, n: 30 } } } });
    const c = compareResults(spec(1e10, 1), spec(0.985e10, 2)).comparisons[0]!;
    expect(c.pAdjusted!).toBeLessThanOrEqual(0.01);
    expect(c.verdict).toBe('unchanged');
    expect(c.reason).toMatch(/significant but immaterial/);
  });

  it('is inconclusive when a significant change straddles the threshold', () => {
    const spec = (median: number, seed: number) =>
      makeResults({ seed, scenarios: { [TCP]: { tcp_throughput_bps: { median, cv: 0.03, n: 12 } } } });
    const c = compareResults(spec(1e10, 1), spec(0.95e10, 2)).comparisons[0]!;
    expect(c.verdict).toBe('inconclusive');
    expect(c.ci![0]).toBeLessThan(0.95);
    expect(c.ci![1]).toBeGreaterThan(0.95);
  });

  it('raises the threshold from options.thresholds', () => {
    const head = suite(2, { tcp_throughput_bps: { median: 9e9 * 0.9 } });
    const c = find(
      compareResults(suite(1), head, { thresholds: { tcp_throughput_bps: 20 } }),
      TCP,
      'tcp_throughput_bps',
    );
    expect(c.thresholdPct).toBe(20);
    expect(c.verdict).not.toBe('regression');
  });

  it('is inconclusive with too few samples (below minSamples)', () => {
    const c = find(compareResults(suite(1, {}, 2), suite(2, {}, 2)), TCP, 'tcp_throughput_bps');
    expect(c.verdict).toBe('inconclusive');
    expect(c.reason).toMatch(/too few samples.*at least 3/);
    expect(c.pAdjusted).toBeNull();
  });

  it('says "too few samples" when the exact test cannot reach α (3 vs 3 → p ≥ 0.05)', () => {
    const spec = (median: number, seed: number) =>
      makeResults({ seed, scenarios: { [TCP]: { tcp_throughput_bps: { median, cv: 0.02, n: 3 } } } });
    const report = compareResults(spec(1e10, 1), spec(0.7e10, 2));
    const c = report.comparisons[0]!;
    expect(c.p).toBeCloseTo(0.05, 12);
    expect(c.verdict).toBe('inconclusive');
    expect(c.reason).toMatch(/too few samples.*cannot go below p = 0\.050/);
    expect(report.verdict).toBe('inconclusive'); // tcp_throughput_bps is a headline metric
  });

  it('says "too noisy" and reports the minimum detectable effect when CV is large', () => {
    const spec = (seed: number) =>
      makeResults({ seed, scenarios: { [HTTP]: { http_rps: { median: 20000, cv: 0.3, n: 8 } } } });
    const c = compareResults(spec(1), spec(2)).comparisons[0]!;
    expect(c.verdict).toBe('inconclusive');
    expect(c.minDetectableEffectPct!).toBeGreaterThan(5);
    expect(c.reason).toMatch(/too noisy/);
  });

  it('calls two all-zero sides unchanged (http_errors 0 vs 0)', () => {
    const c = find(compareResults(suite(1), suite(2)), HTTP, 'http_errors');
    expect(c.verdict).toBe('unchanged');
    expect(c.ratio).toBe(1);
    expect(c.reason).toMatch(/all zero/);
  });

  it('decides on the rank test alone when the base median is 0 (ratio null)', () => {
    const report = compareResults(
      suite(1),
      suite(2, { http_errors: { values: [30, 42, 35, 28, 51, 33, 40] } }),
    );
    const c = find(report, HTTP, 'http_errors');
    expect(c.ratio).toBeNull();
    expect(c.ci).toBeNull();
    expect(c.verdict).toBe('regression');
    expect(c.reason).toMatch(/base median is 0.*rank test alone/);
    const quiet = find(
      compareResults(suite(1), suite(2, { http_errors: { values: [0, 0, 0, 1, 0, 2, 0] } })),
      HTTP,
      'http_errors',
    );
    expect(quiet.verdict).not.toBe('regression');
  });

  it('corrects for the family: the same data is significant alone, not among many headline metrics', () => {
    const one = (median: number, seed: number, extra: number, headline: boolean) => {
      const metrics: Partial<Record<MetricId, MetricSpec>> = {
        tcp_throughput_bps: { median, cv: 0.02, n: 7 },
      };
      const scenarios: Record<string, Partial<Record<MetricId, MetricSpec>>> = { [TCP]: metrics };
      const others = ['pod-to-pod-same-node', 'pod-to-service-cross-node', 'nodeport-via-other-node'];
      const tests = ['tcp-stream', 'udp-stream', 'http-max', 'http-fixed-rate'];
      for (let i = 0; i < extra; i++) {
        scenarios[`${others[i % 3]}/${tests[Math.floor(i / 3)]}`] = headline
          ? {
              tcp_throughput_bps: { median: 1e10, cv: 0.02, n: 7 },
              http_rps: { median: 40000, cv: 0.02, n: 7 },
              http_latency_p50_ms: { median: 0.5, cv: 0.02, n: 7 },
              http_latency_p99_ms: { median: 2, cv: 0.02, n: 7 },
            }
          : {
              cpu_busy_percent: { median: 40, cv: 0.02, n: 7 },
              cpu_softirq_percent: { median: 5, cv: 0.02, n: 7 },
              cpu_seconds_per_gbit: { median: 0.2, cv: 0.02, n: 7 },
              tcp_retransmits: { median: 100, cv: 0.02, n: 7 },
            };
      }
      return makeResults({ seed, scenarios: scenarios as never });
    };
    const alone = find(
      compareResults(one(1e10, 1, 0, true), one(0.9e10, 2, 0, true)),
      TCP,
      'tcp_throughput_bps',
    );
    const crowded = find(
      compareResults(one(1e10, 1, 12, true), one(0.9e10, 2, 12, true)),
      TCP,
      'tcp_throughput_bps',
    );
    expect(alone.p).toBe(crowded.p);
    expect(alone.verdict).toBe('regression');
    expect(crowded.pAdjusted!).toBeGreaterThan(alone.pAdjusted!);
    expect(crowded.pAdjusted!).toBeGreaterThan(0.01); // 7 vs 7 cannot survive 46 one-sided tests
    expect(crowded.verdict).toBe('inconclusive');
    expect(crowded.reason).toMatch(/too few samples for 46 tests/);
    // Informational metrics form their own family: they do not dilute the gate.
    const informational = find(
      compareResults(one(1e10, 1, 12, false), one(0.9e10, 2, 12, false)),
      TCP,
      'tcp_throughput_bps',
    );
    expect(informational.pAdjusted).toBe(alone.pAdjusted);
    expect(informational.verdict).toBe('regression');
  });
});

describe('compareResults: paired mode', () => {
  /** Runs with shared per-pair drift (±20%) and a small within-pair difference, as ABBA runs give. */
  function drifting(seed: number, factor: number) {
    const drift = [1, 1.25, 0.8, 1.1, 0.85, 1.2, 0.9, 1.15, 0.75];
    const wobble = [1, 1.004, 0.997, 1.002, 0.999, 1.003, 0.996, 1.001, 0.998];
    return makeResults({
      seed,
      scenarios: {
        [TCP]: {
          tcp_throughput_bps: {
            values: drift.map((d, i) => 9e9 * d * factor * (seed === 1 ? 1 : wobble[i]!)),
          },
        },
      },
    });
  }

  it('sees through run-to-run drift that makes the unpaired comparison inconclusive', () => {
    const base = drifting(1, 1);
    const head = drifting(2, 0.9);
    const unpaired = compareResults(base, head).comparisons[0]!;
    const paired = compareResults(base, head, { paired: true }).comparisons[0]!;
    expect(unpaired.verdict).toBe('inconclusive');
    expect(paired.verdict).toBe('regression');
    expect(paired.ratio!).toBeCloseTo(0.9, 2);
    expect(paired.p).toBeCloseTo(1 / 512, 12); // all 9 log ratios negative: exact signed-rank minimum
  });

  it('judges throughput at the paired default threshold, unpaired at the catalogue default', () => {
    const base = drifting(1, 1);
    const head = drifting(2, 0.965);
    const paired = compareResults(base, head, { paired: true }).comparisons[0]!;
    const unpaired = compareResults(base, head).comparisons[0]!;
    expect(paired.thresholdPct).toBe(METRICS.tcp_throughput_bps.pairedThresholdPct);
    expect(paired.thresholdPct).toBeLessThan(unpaired.thresholdPct);
    expect(unpaired.thresholdPct).toBe(METRICS.tcp_throughput_bps.defaultThresholdPct);
    // −3.5% with ±0.4% wobble: material at the paired default (2.5%), not at 5%.
    expect(paired.verdict).toBe('regression');
    const explicit = compareResults(base, head, { paired: true, thresholds: { tcp_throughput_bps: 5 } });
    expect(explicit.comparisons[0]!.thresholdPct).toBe(5);
    expect(explicit.comparisons[0]!.verdict).toBe('unchanged');
  });

  it('judges RPS and p50 at their paired default threshold (3%), below the 5% unpaired default', () => {
    const drift = [1, 1.2, 0.8, 1.1, 0.85, 1.15, 0.9, 1.05, 0.95, 1.1, 0.9, 1.2];
    const wobble = [1, 1.003, 0.998, 1.002, 0.999, 1.001, 0.997, 1.002, 0.999, 1.003, 0.998, 1.001];
    const http = (seed: number, drop: number) =>
      makeResults({
        seed,
        scenarios: {
          [HTTP]: {
            http_rps: {
              values: drift.map((d, i) => 28_000 * d * (1 - drop) * (seed === 1 ? 1 : wobble[i]!)),
            },
            http_latency_p50_ms: {
              values: drift.map((d, i) => 1.1 / d / (1 - drop) / (seed === 1 ? 1 : wobble[i]!)),
            },
          },
        },
      });
    const judged = (drop: number, thresholds = {}) => {
      const report = compareResults(http(1, 0), http(2, drop), { paired: true, thresholds });
      return (id: MetricId) => find(report, HTTP, id);
    };
    // A 4% drop: material at 3%, within 5%.
    const at4 = judged(0.04);
    for (const id of ['http_rps', 'http_latency_p50_ms'] as const) {
      expect(at4(id).thresholdPct).toBe(3);
      expect(METRICS[id].defaultThresholdPct).toBe(5);
      expect(at4(id).verdict).toBe('regression');
    }
    const explicit = judged(0.04, { http_rps: 5, http_latency_p50_ms: 5 });
    expect(explicit('http_rps').verdict).toBe('unchanged');
    expect(explicit('http_latency_p50_ms').verdict).toBe('unchanged');
    // A 2% drop stays below the paired threshold: never a regression.
    expect(judged(0.02)('http_rps').verdict).not.toBe('regression');
  });

  it('pairs by sample index and notes samples that lack the metric', () => {
    const base = makeResults({
      seed: 1,
      scenarios: { [TCP]: { tcp_throughput_bps: { median: 9e9, n: 8 } } },
    });
    const head = makeResults({
      seed: 2,
      scenarios: { [TCP]: { tcp_throughput_bps: { median: 9e9, n: 6 }, tcp_retransmits: { n: 8 } } },
    });
    const c = compareResults(base, head, { paired: true }).comparisons[0]!;
    expect(c.reason).toMatch(/paired on 6 sample pairs \(8 base, 6 head samples\)/);
  });

  it('falls back to unpaired when a pair has a zero on one side only', () => {
    const base = makeResults({
      seed: 1,
      scenarios: { [TCP]: { tcp_retransmits: { values: [0, 3, 5, 2, 4] } } },
    });
    const head = makeResults({
      seed: 2,
      scenarios: { [TCP]: { tcp_retransmits: { values: [2, 3, 6, 0, 4] } } },
    });
    const c = compareResults(base, head, { paired: true }).comparisons[0]!;
    expect(c.reason).toMatch(/compared unpaired/);
  });
});

describe('compareResults: structure, environment, warnings', () => {
  it('lists scenarios and metrics present on one side only as unmatched', () => {
    const base = makeResults({
      seed: 1,
      scenarios: {
        [TCP]: { tcp_throughput_bps: { median: 9e9 }, tcp_retransmits: { median: 10 } },
        'host-cross-node/tcp-stream': { tcp_throughput_bps: { median: 2e10 } },
      },
    });
    const head = makeResults({
      seed: 2,
      scenarios: {
        [TCP]: { tcp_throughput_bps: { median: 9e9 }, cpu_busy_percent: { median: 30 } },
        [HTTP]: { http_rps: { median: 100 } },
      },
    });
    const report = compareResults(base, head);
    expect(report.comparisons.map((c) => c.metric)).toEqual(['tcp_throughput_bps']);
    expect(report.unmatched).toEqual([
      { scenario: TCP, metric: 'tcp_retransmits', side: 'base', headline: false },
      { scenario: TCP, metric: 'cpu_busy_percent', side: 'head', headline: false },
      // The control's own metrics never gate, so its absence on one side does not block a pass.
      { scenario: 'host-cross-node/tcp-stream', metric: 'tcp_throughput_bps', side: 'base', headline: false },
      { scenario: HTTP, metric: 'http_rps', side: 'head', headline: true },
    ]);
  });

  it('turns skipped scenarios into warnings', () => {
    const base = makeResults({ scenarios: { [TCP]: { tcp_throughput_bps: { median: 9e9 } } } });
    const head = makeResults({
      seed: 2,
      scenarios: { [TCP]: { tcp_throughput_bps: { median: 9e9 } } },
      skipped: { 'pod-to-pod-same-node/udp-stream': 'ipvlan is not supported by this kernel' },
    });
    const report = compareResults(base, head);
    expect(report.warnings).toContain(
      'head: scenario pod-to-pod-same-node/udp-stream was skipped: ipvlan is not supported by this kernel',
    );
  });

  it('reports environment differences field by field, as a warning by default', () => {
    const base = makeResults({ scenarios: { [TCP]: { tcp_throughput_bps: { median: 9e9 } } } });
    const head = makeResults({
      seed: 2,
      scenarios: { [TCP]: { tcp_throughput_bps: { median: 9e9 } } },
      environment: { kernel: '6.8.0', tools: { iperf3: '3.16', wrk: '4.1.0' } },
    });
    const report = compareResults(base, head);
    expect(report.environment.match).toBe(false);
    expect(report.environment.differences).toEqual([
      { field: 'kernel', base: '6.1.0-test', head: '6.8.0' },
      { field: 'tools.iperf3', base: '3.12', head: '3.16' },
    ]);
    expect(
      report.warnings.some(
        (w) => w.includes('environment differs') && w.includes('kernel: 6.1.0-test → 6.8.0'),
      ),
    ).toBe(true);
    expect(report.verdict).not.toBe('incomparable');
    expect(compareResults(base, head, { strictEnvironment: true }).verdict).toBe('incomparable');
  });

  it('says regression when the environment differs without strictness, incomparable with it', () => {
    const base = suite(1);
    const head = {
      ...suite(2, { tcp_throughput_bps: { median: 8e9 } }),
      environment: { ...suite(2).environment, mtu: 9000 },
    };
    expect(compareResults(base, head).verdict).toBe('regression');
    expect(compareResults(base, head, { strictEnvironment: true }).verdict).toBe('incomparable');
  });

  it('is inconclusive overall only for headline metrics', () => {
    // tcp_retransmits (not headline) inconclusive with a noisy sample: still pass.
    const noisy = (seed: number) =>
      makeResults({
        seed,
        scenarios: {
          [TCP]: {
            tcp_throughput_bps: { median: 9e9, n: 10, cv: 0.01 },
            tcp_retransmits: { median: 40, cv: 0.8, n: 10 },
          },
        },
      });
    const report = compareResults(noisy(1), noisy(2));
    expect(find(report, TCP, 'tcp_retransmits').verdict).toBe('inconclusive');
    expect(find(report, TCP, 'tcp_throughput_bps').verdict).toBe('unchanged');
    expect(report.verdict).toBe('pass');
  });

  it('counts every verdict and labels the sides', () => {
    const report = compareResults(
      suite(1),
      suite(2, { http_rps: { median: 24000 } }),
      {},
      { base: 'main@abc', head: 'PR #7' },
    );
    const total = (counts: typeof report.counts) =>
      counts.regression + counts.improvement + counts.unchanged + counts.inconclusive;
    expect(report.counts).toEqual(report.countsByRole.headline);
    expect(total(report.counts)).toBe(report.comparisons.filter((c) => c.gating).length);
    expect(total(report.countsByRole.informational)).toBe(report.comparisons.filter((c) => !c.gating).length);
    expect(report.base.label).toBe('main@abc');
    expect(report.head.label).toBe('PR #7');
    expect(report.options.alpha).toBe(0.01);
    expect(report.options.bootstrapResamples).toBe(2000);
  });

  it('is inconclusive with a warning when nothing can be compared', () => {
    const base = makeResults({ scenarios: { [TCP]: { tcp_throughput_bps: { median: 9e9 } } } });
    const head = makeResults({ scenarios: { [HTTP]: { http_rps: { median: 9 } } } });
    const report = compareResults(base, head);
    expect(report.verdict).toBe('inconclusive');
    expect(report.warnings).toContain('no scenario × metric is present in both files; nothing was compared');
  });

  it('rejects invalid options with a UserError naming the option', () => {
    expect(() => compareResults(suite(1), suite(2), { alpha: 2 })).toThrow(UserError);
    expect(() => compareResults(suite(1), suite(2), { alpha: 2 })).toThrow(/alpha/);
    expect(() => compareResults(suite(1), suite(2), { thresholds: { nope: 5 } as never })).toThrow(
      /unknown metric id "nope"/,
    );
    expect(() => compareResults(suite(1), suite(2), { bootstrapResamples: 10 })).toThrow(
      /bootstrapResamples/,
    );
  });
});
