import { describe, expect, it } from 'vitest';
import {
  renderSynthetic,
  syntheticTargets,
  withHttpDrop,
  withTcpDrop,
} from '../../../bench/gate-quality-synthetic.js';
import type { JudgeResult } from '../../../bench/gate-quality-types.js';
import { makeResults } from '../../helpers/results-factory.js';

const file = makeResults({
  scenarios: {
    'pod-to-pod-cross-node/tcp-stream': { tcp_throughput_bps: { values: [9e9, 8e9] } },
    'pod-to-pod-cross-node/http-max': {
      http_rps: { values: [20_000, 30_000] },
      http_requests: { values: [20_000, 30_000] },
      http_latency_p50_ms: { values: [1, 2] },
      http_latency_p99_ms: { values: [4, 8] },
      cpu_busy_percent: { values: [80, 81] },
    },
  },
});

describe('synthetic HTTP drops (bench:gate)', () => {
  it('scales RPS and request counts by (1 − d) and latencies by 1 / (1 − d), nothing else', () => {
    const out = withHttpDrop(file, 0.2);
    const http = out.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/http-max')!;
    expect(http.samples.map((s) => s.metrics.http_rps)).toEqual([16_000, 24_000]);
    expect(http.samples.map((s) => s.metrics.http_requests)).toEqual([16_000, 24_000]);
    expect(http.samples.map((s) => s.metrics.http_latency_p50_ms)).toEqual([1.25, 2.5]);
    expect(http.samples.map((s) => s.metrics.http_latency_p99_ms)).toEqual([5, 10]);
    expect(http.samples.map((s) => s.metrics.cpu_busy_percent)).toEqual([80, 81]);
    expect(out.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/tcp-stream')).toEqual(
      file.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/tcp-stream'),
    );
    expect(withHttpDrop(file, 0)).toBe(file);
  });

  it('scales only TCP throughput of the tcp-stream scenario for a TCP drop', () => {
    const out = withTcpDrop(file, 0.1);
    const tcp = out.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/tcp-stream')!;
    expect(tcp.samples.map((s) => s.metrics.tcp_throughput_bps)).toEqual([8.1e9, 7.2e9]);
    expect(out.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/http-max')).toEqual(
      file.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/http-max'),
    );
    expect(withTcpDrop(file, 0)).toBe(file);
  });

  it('names the TCP table after what it drops', () => {
    const lines = renderSynthetic(
      [
        {
          maxRepetitions: 60,
          thresholdPct: 2.5,
          byDrop: [{ drop: 0.05, judged: [{ alarm: true, verdict: 'regression', timeS: 80, n: {} }] }],
        },
      ],
      1,
      'note',
      'tcp',
    );
    expect(lines[0]).toBe('## TCP: exact drops on real A/A noise (synthetic)');
    expect(lines).toContain('| max pairs | TCP paired threshold | −5% caught |');
    expect(lines).toContain('| 60 | 2.5% | 1/1 = 100% [21%, 100%], 80 s |');
  });

  it('renders A/A pass and caught drops per threshold with Wilson intervals and median times', () => {
    const j = (verdict: string, timeS: number): JudgeResult => ({
      alarm: verdict === 'regression',
      verdict,
      timeS,
      n: {},
    });
    const lines = renderSynthetic(
      [
        {
          maxRepetitions: 36,
          thresholdPct: 2.5,
          byDrop: [
            { drop: 0, judged: [j('pass', 60), j('inconclusive', 100)] },
            { drop: 0.05, judged: [j('regression', 80), j('regression', 90)] },
          ],
        },
      ],
      2,
      'note',
    );
    expect(lines).toContain('| max pairs | RPS/p50 paired threshold | A/A `pass` | −5% caught |');
    expect(lines).toContain('| 36 | 2.5% | 1/2 = 50% [9.5%, 91%], 80 s | 2/2 = 100% [34%, 100%], 85 s |');
    expect(renderSynthetic([], 0, '')).toEqual([]);
  });

  it("judges the targets on exact drops only over the trials that hold all the profile's pairs", () => {
    const j = (verdict: string): JudgeResult => ({
      alarm: verdict === 'regression',
      verdict,
      timeS: 60,
      n: {},
    });
    // Three trials; the third holds fewer pairs and must not count, whatever its verdicts.
    const row = (aa: string[], d5: string[], d10: string[]) => ({
      maxRepetitions: 60,
      thresholdPct: 3,
      byDrop: [
        { drop: 0, judged: aa.map(j) },
        { drop: 0.05, judged: d5.map(j) },
        { drop: 0.1, judged: d10.map(j) },
      ],
    });
    const rows = syntheticTargets(
      {
        http: row(
          ['pass', 'pass', 'inconclusive'],
          ['regression', 'inconclusive', 'regression'],
          ['regression', 'regression', 'inconclusive'],
        ),
        tcp: row(
          ['pass', 'pass', 'inconclusive'],
          ['regression', 'regression', 'inconclusive'],
          ['regression', 'regression', 'regression'],
        ),
      },
      [true, true, false],
      'after',
    );
    expect(rows.map((r) => [r.target, r.measured.split(' = ')[0], r.met])).toEqual([
      [
        "A/A `pass` ≥ 90% on the 2 quiet A/A trials holding the profile's 60 pairs",
        '2/2',
        'point estimate only (lower bound 34%)',
      ],
      [
        "exact −5% TCP drop on the 2 quiet A/A trials holding the profile's 60 pairs caught in ≥ 90% (synthetic)",
        '2/2',
        'point estimate only (2 trials)',
      ],
      [
        "exact −10% TCP drop on the 2 quiet A/A trials holding the profile's 60 pairs caught in ≥ 95% (synthetic)",
        '2/2',
        'point estimate only (2 trials)',
      ],
      [
        "exact −5% RPS/p50 drop on the 2 quiet A/A trials holding the profile's 60 pairs caught in ≥ 90% (synthetic)",
        '1/2',
        'NO',
      ],
      [
        "exact −10% RPS/p50 drop on the 2 quiet A/A trials holding the profile's 60 pairs caught in ≥ 95% (synthetic)",
        '2/2',
        'point estimate only (2 trials)',
      ],
    ]);
    expect(rows.every((r) => r.judge === 'after')).toBe(true);
    expect(syntheticTargets({}, [true], 'after')).toEqual([]);
  });
});
