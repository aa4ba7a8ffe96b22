import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePerfScript } from '../../../src/core/parsers/perf-script.js';
import { sampleProfileOf, scenarioProfileOf, workMeasureOf } from '../../../src/core/profile/fold.js';

const REAL = parsePerfScript(
  readFileSync(new URL('../../fixtures/perf/perf-script-iperf3-hog.txt', import.meta.url), 'utf8'),
);

describe('sample and scenario profiles from folded stacks', () => {
  it('counts a kernel function once per stack (inclusive), kernel time by the leaf frame', () => {
    const profile = sampleProfileOf(
      {
        'iperf3;read;do_syscall_64_[k];tcp_recvmsg_[k]': 300,
        'iperf3;read;do_syscall_64_[k];f_[k];g_[k];f_[k]': 100, // f recurses: counted once
        'iperf3;main': 600,
      },
      2,
    );
    expect(profile).toEqual({
      work: 2,
      cpuNs: 1000,
      kernelTotalNs: 400,
      kernelNs: { do_syscall_64: 400, tcp_recvmsg: 300, f: 100, g: 100 },
    });
  });

  it('on real perf output: kernel share, the socket read path, at most 300 functions', () => {
    const profile = sampleProfileOf(REAL, 1);
    expect(profile.cpuNs).toBe(120 * 2_004_008);
    expect(profile.kernelTotalNs).toBeGreaterThan(0);
    expect(profile.kernelTotalNs).toBeLessThan(profile.cpuNs);
    expect(profile.kernelNs.tcp_recvmsg).toBeGreaterThan(0);
    expect(profile.kernelNs.entry_SYSCALL_64_after_hwframe).toBeGreaterThanOrEqual(
      profile.kernelNs.tcp_recvmsg!,
    );
    expect(Object.keys(profile.kernelNs).length).toBeLessThanOrEqual(300);
  });

  it('sums samples per scenario and prunes stacks below the share, keeping the total', () => {
    const scenario = scenarioProfileOf(
      'perf record',
      'GB',
      [
        { folded: { 'a;b_[k]': 9_990, 'a;tiny_[k]': 1 }, work: 1 },
        { folded: { 'a;b_[k]': 9_999, 'c;d': 10 }, work: 1.5 },
      ],
      0.0005,
    );
    expect(scenario).toEqual({
      recorder: 'perf record',
      workUnit: 'GB',
      folded: { 'a;b_[k]': 19_989, 'c;d': 10 },
      prunedBelow: 0.0005,
      totalNs: 20_000,
      work: 2.5,
      samples: 2,
    });
  });

  it('measures work per test: GB for iperf3, 1,000 requests for HTTP, none for pod-churn', () => {
    expect(workMeasureOf('tcp-stream')?.of({ tcp_throughput_bps: 8e9 }, 2)).toBe(2);
    expect(workMeasureOf('http-max')?.of({ http_requests: 5000, http_rps: 1 }, 2)).toBe(5);
    expect(workMeasureOf('http-max')?.of({ http_rps: 2000 }, 2)).toBe(4);
    expect(workMeasureOf('http-max')?.unit).toBe('1k requests');
    expect(workMeasureOf('tcp-stream')?.of({}, 2)).toBeNull();
    expect(workMeasureOf('pod-churn')).toBeNull();
  });
});
