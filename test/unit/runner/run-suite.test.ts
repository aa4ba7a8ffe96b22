import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../../../src/core/errors.js';
import { RunInterruptedError } from '../../../src/runner/interrupted.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import type { ProgressEvent } from '../../../src/runner/types.js';
import { tinySuite, trackedLoopbackPlatforms } from '../../helpers/loopback-suite.js';

const tiny = tinySuite;
const platform = trackedLoopbackPlatforms();

const FIXED_CLOCK = Date.parse('2026-01-02T03:04:05.000Z');

describe('runSuite on real tools (loopback)', () => {
  it('interleaves repetitions across platforms and returns one valid results file each', async () => {
    const events: string[] = [];
    const platforms = ['a', 'b', 'c'].map((datapath) => platform({ datapath, events }));
    const progress: ProgressEvent[] = [];
    const groups: string[] = [];
    const results = await runSuite(platforms, {
      suite: tiny(),
      toolVersion: '9.9.9',
      now: () => FIXED_CLOCK,
      hooks: {
        onProgress: (e) => progress.push(e),
        group: async (name, fn) => {
          groups.push(name);
          return fn();
        },
      },
    });
    const runs = events.filter((e) => e.includes(' run '));
    expect(runs).toEqual([
      'a run pod-to-pod-cross-node iperf3',
      'b run pod-to-pod-cross-node iperf3',
      'c run pod-to-pod-cross-node iperf3',
      'a run pod-to-pod-cross-node iperf3',
      'b run pod-to-pod-cross-node iperf3',
      'c run pod-to-pod-cross-node iperf3',
    ]);
    expect(events.slice(0, 3)).toEqual(['a prepare', 'b prepare', 'c prepare']);
    expect(events.slice(-3)).toEqual(['a teardown', 'b teardown', 'c teardown']);
    expect(groups).toEqual(['prepare a', 'prepare b', 'prepare c', 'pod-to-pod-cross-node', 'teardown']);
    expect(
      progress.map((e) => `${e.datapath}#${e.repetition}/${e.repetitions} ${e.done}/${e.total}`),
    ).toEqual(['a#1/2 0/6', 'b#1/2 1/6', 'c#1/2 2/6', 'a#2/2 3/6', 'b#2/2 4/6', 'c#2/2 5/6']);

    expect(results.map((r) => r.subject.datapath)).toEqual(['a', 'b', 'c']);
    for (const r of results) {
      expect(r.schemaVersion).toBe(1);
      expect(r.tool).toEqual({ name: 'cni-perf-gate', version: '9.9.9' });
      expect(r.createdAt).toBe('2026-01-02T03:04:05.000Z');
      expect(r.environment.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(r.environment.tools.iperf3).toMatch(/^3\./);
      expect(r.suite).toEqual(tiny());
      expect(r.scenarios).toHaveLength(1);
      const [scenario] = r.scenarios;
      expect(scenario?.id).toBe('pod-to-pod-cross-node/tcp-stream');
      expect(scenario?.samples).toHaveLength(2);
      for (const s of scenario?.samples ?? []) {
        expect(s.metrics.tcp_throughput_bps).toBeGreaterThan(1e8);
        expect(s.metrics.cpu_busy_percent).toBeGreaterThan(0);
        expect(s.metrics.cpu_softirq_percent).toBeGreaterThanOrEqual(0);
        expect(s.metrics.cpu_seconds_per_gbit).toBeGreaterThan(0);
        expect(s.durationS).toBeGreaterThan(0.5);
        expect(Date.parse(s.startedAt)).not.toBeNaN();
      }
    }
  });

  it('runs tcp-stream-parallel and udp-stream with the real parsers', async () => {
    const a = platform({ datapath: 'a' });
    const [result] = await runSuite([a], {
      suite: tiny({
        tests: ['tcp-stream-parallel', 'udp-stream'],
        repetitions: 1,
        iperf: { ...tiny().iperf, parallelStreams: 3, udpRateBps: 50e6 },
      }),
      toolVersion: '0',
    });
    expect(a.invocations.map((i) => i.args.join(' '))).toEqual([
      expect.stringMatching(/ -P 3$/),
      expect.stringMatching(/ -u -b 50000000$/),
    ]);
    const [parallel, udp] = result?.scenarios ?? [];
    expect(parallel?.samples[0]?.metrics.tcp_throughput_bps).toBeGreaterThan(1e8);
    const udpMetrics = udp?.samples[0]?.metrics;
    // 50 Mbit/s offered over loopback arrive (almost) entirely.
    expect(udpMetrics?.udp_throughput_bps).toBeGreaterThan(40e6);
    expect(udpMetrics?.udp_throughput_bps).toBeLessThan(60e6);
    expect(udpMetrics?.udp_loss_percent).toBeGreaterThanOrEqual(0);
    expect(udpMetrics?.udp_jitter_ms).toBeGreaterThanOrEqual(0);
    // CPU time comes from /proc/stat in 10 ms ticks: 1 s of 50 Mbit/s can land on no busy tick at
    // all (seen in CI). Per-Gbit cost is present, and zero exactly when no busy tick was counted.
    expect(udpMetrics?.cpu_seconds_per_gbit).toBeGreaterThanOrEqual(0);
    expect(udpMetrics!.cpu_seconds_per_gbit! > 0).toBe(udpMetrics!.cpu_busy_percent! > 0);
  });

  it('records unsupported topologies as skipped scenarios with the reason', async () => {
    const logs: string[] = [];
    const a = platform({ datapath: 'a' });
    const b = platform({ datapath: 'b', unsupported: { 'pod-to-pod-same-node': 'no same-node pods here' } });
    const progress: ProgressEvent[] = [];
    const results = await runSuite([a, b], {
      suite: tiny({ topologies: ['pod-to-pod-same-node', 'pod-to-pod-cross-node'], repetitions: 1 }),
      toolVersion: '0',
      hooks: { onLog: (l) => logs.push(l), onProgress: (e) => progress.push(e) },
    });
    expect(progress.map((e) => `${e.datapath} ${e.scenario} ${e.done}/${e.total}`)).toEqual([
      'a pod-to-pod-same-node/tcp-stream 0/3',
      'a pod-to-pod-cross-node/tcp-stream 1/3',
      'b pod-to-pod-cross-node/tcp-stream 2/3',
    ]);
    expect(results[1]?.scenarios[0]).toEqual({
      id: 'pod-to-pod-same-node/tcp-stream',
      topology: 'pod-to-pod-same-node',
      test: 'tcp-stream',
      samples: [],
      skipped: 'no same-node pods here',
    });
    expect(results[1]?.scenarios[1]?.samples).toHaveLength(1);
    expect(results[0]?.scenarios.map((s) => s.samples.length)).toEqual([1, 1]);
    expect(logs).toContain('b: skipping pod-to-pod-same-node: no same-node pods here');
  });

  it('a failing sample is a ToolError naming scenario and tool, and every platform is torn down', async () => {
    const events: string[] = [];
    const a = platform({ datapath: 'a', events });
    const b = platform({ datapath: 'b', events, fault: (_inv, index) => (index === 1 ? 'fail' : undefined) });
    const c = platform({ datapath: 'c', events });
    const error = await runSuite([a, b, c], { suite: tiny(), toolVersion: '0' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).message).toMatch(
      /^pod-to-pod-cross-node\/tcp-stream: iperf3 failed: unable to connect to server.*refused/,
    );
    expect((error as ToolError).scenario).toBe('pod-to-pod-cross-node/tcp-stream');
    for (const p of [a, b, c]) {
      expect(p.teardowns).toBe(1);
      expect(p.livePids()).toEqual([]);
      expect(existsSync(p.workDir ?? '/nonexistent')).toBe(false);
    }
    expect(events.filter((e) => e.includes('release'))).toHaveLength(3);
  });

  it("a failing teardown is logged with the platform's own leftover hint and does not stop the others", async () => {
    const a = platform({ datapath: 'a' });
    const b = platform({ datapath: 'b' });
    const failing = {
      ...a,
      leftoverHint: 'remove the test leftovers by hand',
      teardown: async () => {
        await a.teardown();
        throw new Error('device busy');
      },
    };
    const logs: string[] = [];
    await runSuite([failing, b], { suite: tiny(), toolVersion: '0', hooks: { onLog: (l) => logs.push(l) } });
    expect(logs).toContain('a: teardown failed: device busy; remove the test leftovers by hand');
    expect([a.teardowns, b.teardowns]).toEqual([1, 1]);
  });

  it('a failing prepare still tears down every platform', async () => {
    const a = platform({ datapath: 'a' });
    const b = platform({ datapath: 'b', failPrepare: true });
    const c = platform({ datapath: 'c' });
    await expect(runSuite([a, b, c], { suite: tiny(), toolVersion: '0' })).rejects.toThrow(/prepare failed/);
    expect([a.teardowns, b.teardowns, c.teardowns]).toEqual([1, 1, 1]);
  });

  it('an abort during a hanging sample stops at once, tears everything down and rejects "interrupted"', async () => {
    const controller = new AbortController();
    const a = platform({ datapath: 'a', fault: () => 'hang' });
    const b = platform({ datapath: 'b' });
    const started = Date.now();
    const run = runSuite([a, b], {
      suite: tiny(),
      toolVersion: '0',
      hooks: {
        signal: controller.signal,
        onProgress: () => void setTimeout(() => controller.abort('SIGTERM'), 300),
      },
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunInterruptedError);
    expect((error as Error).message).toBe(
      'interrupted by SIGTERM: run stopped, everything it created was torn down',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect([a.teardowns, b.teardowns]).toEqual([1, 1]);
    expect(a.livePids()).toEqual([]);
    expect(b.livePids()).toEqual([]);
  });

  it('paces http-fixed-rate at the fraction of http-max and reports method, target and achieved rate', async () => {
    const a = platform({ datapath: 'a' });
    const [result] = await runSuite([a], {
      suite: tiny({ tests: ['http-fixed-rate', 'http-max'], repetitions: 2 }),
      toolVersion: '0',
    });
    const max = result?.scenarios.find((s) => s.test === 'http-max');
    const fixed = result?.scenarios.find((s) => s.test === 'http-fixed-rate');
    expect(result?.scenarios.map((s) => s.test)).toEqual(['http-fixed-rate', 'http-max']);
    const maxRps = (max?.samples ?? []).map((s) => s.metrics.http_rps ?? 0).sort((x, y) => x - y);
    const median = ((maxRps[0] ?? 0) + (maxRps[1] ?? 0)) / 2;
    expect(median).toBeGreaterThan(500);
    for (const s of fixed?.samples ?? []) {
      expect(s.notes?.pacing).toBe('wrk-lua-delay');
      expect(s.notes?.maxRpsFrom).toBe('http-max');
      expect(s.notes?.targetRps).toBe(Math.round(median * 0.5));
      const achieved = Number(s.notes?.achievedRps);
      expect(achieved).toBe(Math.round((s.metrics.http_rps ?? 0) * 10) / 10);
      // Paced: clearly below the max, not far below the target.
      expect(achieved).toBeLessThan(Number(s.notes?.targetRps) * 1.15);
      expect(achieved).toBeGreaterThan(Number(s.notes?.targetRps) * 0.4);
      expect(s.metrics.http_latency_p99_ms).toBeGreaterThan(0);
    }
    expect(fixed?.samples).toHaveLength(2);
    expect(a.invocations.filter((i) => i.files?.length)).toHaveLength(2);
  });

  it('calibrates when http-max is not in the suite, and prefers wrk2 when the platform has it', async () => {
    const logs: string[] = [];
    const a = platform({ datapath: 'a', extraTools: { wrk2: '4.0.0' } });
    const [result] = await runSuite([a], {
      suite: tiny({ tests: ['http-fixed-rate'], repetitions: 1 }),
      toolVersion: '0',
      hooks: { onLog: (l) => logs.push(l) },
    });
    const sample = result?.scenarios[0]?.samples[0];
    expect(sample?.notes?.maxRpsFrom).toBe('calibration');
    expect(sample?.notes?.pacing).toBe('wrk2');
    expect(a.invocations.map((i) => i.tool)).toEqual(['wrk', 'wrk2']);
    expect(a.invocations[1]?.args).toContain('-R');
    expect(logs.some((l) => l.includes('calibrating max RPS'))).toBe(true);
  });
});
