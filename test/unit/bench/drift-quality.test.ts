import { describe, expect, it } from 'vitest';
import { firstAttempts, judgeAtThreshold, judgeTrial } from '../../../bench/drift-quality-judge.js';
import { renderDriftReport, settingsOf, type DriftTrial } from '../../../bench/drift-quality-render.js';
import type { MetricId } from '../../../src/core/metrics.js';
import type { ResultsFile } from '../../../src/core/results/types.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import { makeResults, type MetricSpec } from '../../helpers/results-factory.js';

/** A run of the drift suite (pod path and its control), the pod path scaled by `pod`. */
function run(seed: number, pod = 1, cv = 0.02): ResultsFile {
  const tcp = (scale: number): Partial<Record<MetricId, MetricSpec>> => ({
    tcp_throughput_bps: { median: 12e9 * scale, cv, n: 8 },
  });
  const http = (scale: number): Partial<Record<MetricId, MetricSpec>> => ({
    http_rps: { median: 45000 * scale, cv, n: 8 },
    http_latency_p50_ms: { median: 0.65 / scale, cv, n: 8 },
    http_latency_p99_ms: { median: 2.5, cv: 0.5, n: 8 },
  });
  const file = makeResults({
    seed,
    scenarios: {
      'host-cross-node/tcp-stream': tcp(1),
      'host-cross-node/http-max': http(1),
      'pod-to-pod-cross-node/tcp-stream': tcp(0.85 * pod),
      'pod-to-pod-cross-node/http-max': http(0.9 * pod),
    },
  });
  const suite = file.suite as SuiteConfig;
  return { ...file, suite: { ...suite, repetitions: 8, iperf: { ...suite.iperf, durationS: 1 } } };
}

function trial(profile: string, change: string, base: ResultsFile, head: ResultsFile): DriftTrial {
  return { profile, change, description: change, startedAt: '2026-12-03T07:00:00Z', wallS: 100, base, head };
}

describe('drift benchmark judges', () => {
  it('passes a quiet A/A for the new judge; the p99 of the saturation test does not hold it open', () => {
    const j = judgeTrial(run(1), run(2));
    expect(j.new.verdict).toBe('pass');
    expect(j['new-always-normalised'].verdict).toBe('pass');
  });

  it('sweeps the threshold: a −8% change fails at 5% and is no regression at 15%', () => {
    expect(judgeAtThreshold(run(1), run(2, 0.92), 5)).toBe('regression');
    expect(judgeAtThreshold(run(1), run(2, 0.92), 15)).not.toBe('regression');
    expect(judgeAtThreshold(run(1), run(2, 0.7), 15)).toBe('regression');
  });

  it('gives the legacy judge the first attempt of every sample, not the re-take', () => {
    const file = run(1);
    const scenario = file.scenarios[0]!;
    const kept = scenario.samples.map((s, i) => ({
      ...s,
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 2 * i + 1)).toISOString(),
    }));
    const retaken = {
      ...kept[0]!,
      startedAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
      metrics: { tcp_throughput_bps: 1 },
    };
    const view = firstAttempts({
      ...scenario,
      samples: kept,
      discarded: [{ ...retaken, discardReason: 'foreign CPU 50% > 10%' }],
    });
    expect(view).toHaveLength(kept.length);
    expect(view[0]!.metrics).toEqual({ tcp_throughput_bps: 1 });
    expect(view[1]!.metrics).toEqual(kept[1]!.metrics);
  });
});

describe('drift benchmark report', () => {
  it('groups trials by their sampling and counts each judge', () => {
    expect(settingsOf(trial('quiet', 'aa', run(1), run(2)))).toBe('8 × 1 s');
    const report = renderDriftReport(
      [trial('quiet', 'aa', run(1), run(2)), trial('quiet', 'vxlan', run(3), run(4, 0.8))],
      { machine: 'test', suite: 'test suite', notes: 'hand-written', sources: 'a.jsonl' },
    );
    expect(report).toContain('from a.jsonl; do not edit by hand');
    expect(report).toMatch(/\| 8 × 1 s \| quiet \| aa \| 1 \| 1 \/ 0 \/ 0 \|/);
    expect(report).toMatch(/\| 8 × 1 s \| new \| 0\/1 \(95% upper \d+%\) \| 1\/1 \| 1\/1 \| 0\/0 \| 0\/0 \|/);
    expect(report).toMatch(/\| 8 × 1 s \| 5% \| 1\/1 \| 1\/1 \| 0\/0 \|/);
    expect(report.trimEnd().endsWith('hand-written')).toBe(true);
  });
});
