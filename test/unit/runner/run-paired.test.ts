import { compareResults } from '../../../src/core/compare/engine.js';
import { describe, expect, it } from 'vitest';
import { QUICK_SUITE } from '../../../src/core/suite/profiles.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { createAdaptiveController } from '../../../src/runner/adaptive.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { createScriptedPlatform } from '../../helpers/scripted-platform.js';

const suite = (overrides: Partial<SuiteConfig> = {}): SuiteConfig => ({
  ...QUICK_SUITE,
  topologies: ['pod-to-pod-cross-node'],
  tests: ['tcp-stream'],
  repetitions: 4,
  maxRepetitions: 24,
  timeBudgetS: 3600,
  ...overrides,
});

// ±12% per-sample noise, out of phase between the sides.
const wild = (phase: number) => (i: number) => 1e10 * (1 + 0.12 * Math.sin(i * 2.3 + phase));

describe('paired runs (scripted platforms)', () => {
  it('runs a discarded warm-up pair, then ABBA, and records the pairing on both files', async () => {
    const events: string[] = [];
    const base = createScriptedPlatform({ datapath: 'a', events, throughput: (i) => (i === 0 ? 1 : 1e10) });
    const head = createScriptedPlatform({ datapath: 'b', events, throughput: () => 1e10 });
    const [b, h] = await runSuite([base, head], {
      suite: suite(),
      toolVersion: '1.0.0',
      paired: { pairingId: 'p1' },
    });
    expect(events).toEqual([
      'a run 0',
      'b run 0', // warm-up, discarded
      'a run 1',
      'b run 1',
      'b run 2',
      'a run 2',
      'a run 3',
      'b run 3',
      'b run 4',
      'a run 4',
    ]);
    // The warm-up sample (1 bit/s on a) is not kept.
    const kept = b!.scenarios[0]!.samples.map((s) => s.metrics.tcp_throughput_bps);
    expect(kept).toEqual([1e10, 1e10, 1e10, 1e10]);
    expect(b!.pairing).toEqual({ id: 'p1', order: 'ABBA', role: 'base', warmupPairs: 1 });
    expect(h!.pairing).toEqual({ id: 'p1', order: 'ABBA', role: 'head', warmupPairs: 1 });
    expect(parseResultsJson(JSON.stringify(b), 'base.json').pairing?.id).toBe('p1');
  });

  it('adaptive: stops at the first look on a clear regression and records n, looks and why', async () => {
    const events: string[] = [];
    const s = suite();
    const adaptive = createAdaptiveController(s);
    const noisy = (scale: number) => (i: number) => 1e10 * scale * (1 + 0.003 * Math.sin(i * 2.1));
    const [b, h] = await runSuite(
      [
        createScriptedPlatform({ datapath: 'a', events, throughput: noisy(1) }),
        createScriptedPlatform({ datapath: 'b', events, throughput: noisy(0.8) }),
      ],
      { suite: s, toolVersion: '1.0.0', paired: { pairingId: 'p2', adaptive } },
    );
    const first = adaptive.plan.looks[0]!;
    expect(b!.scenarios[0]!.samples).toHaveLength(first);
    expect(h!.scenarios[0]!.sampling).toEqual({ n: first, looks: [first], stopReason: 'regression' });
    expect(b!.sampling).toEqual(adaptive.plan);
    expect(b!.sampling?.alphaPerScenarioLook).toBe(adaptive.alphaPerScenarioLook);
    // The files' own comparison judges the scenario as its looks did: the stop's regression stands.
    const report = compareResults(b!, h!);
    expect(report.options).toMatchObject({ alpha: adaptive.alphaPerScenarioLook, familyPerScenario: true });
    expect(report.verdict).toBe('regression');
    expect(events).toHaveLength(2 * (first + 1));
  });

  it('adaptive: an A/A run with noise no planned look can settle samples to the last look while the budget allows', async () => {
    const s = suite({ maxRepetitions: 24 });
    const adaptive = createAdaptiveController(s);
    // ±12% noise: the CI cannot fit inside the threshold with 24 pairs, nor with twice that — but
    // with the whole plan inside the budget, futility does not cut it short.
    const [b] = await runSuite(
      [
        createScriptedPlatform({ datapath: 'a', events: [], throughput: wild(0) }),
        createScriptedPlatform({ datapath: 'b', events: [], throughput: wild(1.3) }),
      ],
      { suite: s, toolVersion: '1.0.0', paired: { pairingId: 'p3', adaptive } },
    );
    expect(b!.scenarios[0]!.sampling).toEqual({
      n: 24,
      looks: adaptive.plan.looks,
      stopReason: 'max-repetitions',
    });
  });

  it('adaptive: the same run stops for futility at the second look when the time budget ends the plan early', async () => {
    // Every sample takes 1 s on the run's clock (2 s a pair); 45 s for the scenario fit n = 20, not 24.
    const s = suite({ maxRepetitions: 24, timeBudgetS: 45 });
    const adaptive = createAdaptiveController(s);
    let ms = 0;
    const timed = (phase: number) => (i: number) => {
      ms += 1000;
      return wild(phase)(i);
    };
    const [b] = await runSuite(
      [
        createScriptedPlatform({ datapath: 'a', events: [], throughput: timed(0) }),
        createScriptedPlatform({ datapath: 'b', events: [], throughput: timed(1.3) }),
      ],
      { suite: s, toolVersion: '1.0.0', paired: { pairingId: 'p3b', adaptive }, now: () => ms },
    );
    // At that spread clearing needs far more than 2 × 20 pairs and nothing is flaggable; the first
    // look never stops for futility, the second does.
    const [first, second] = adaptive.plan.looks as [number, number];
    expect(b!.scenarios[0]!.sampling).toEqual({ n: second, looks: [first, second], stopReason: 'futile' });
  });
});

describe('--profile: kept samples profiled, warm-ups and failures not', () => {
  it('records a profile per kept sample and the scenario folded stacks; a failing recorder is one line', async () => {
    let starts = 0;
    let failNext = false;
    const profiler = {
      recorder: 'fake recorder',
      async start() {
        starts++;
        if (failNext) {
          failNext = false;
          throw new Error('perf record exited 1 at start: no permission');
        }
        return { stop: async () => ({ 'iperf3;tcp_sendmsg_[k]': 3e8, 'iperf3;main': 1e8 }) };
      },
    };
    const lines: string[] = [];
    const s = suite({ repetitions: 3 });
    const base = createScriptedPlatform({ datapath: 'a', events: [], throughput: () => 8e9 });
    const head = createScriptedPlatform({ datapath: 'b', events: [], throughput: () => 8e9 });
    failNext = false;
    const [b, h] = await runSuite([base, head], {
      suite: s,
      toolVersion: '1.0.0',
      paired: { pairingId: 'p-prof' },
      profiler,
      hooks: {
        onLog: (line) => lines.push(line),
        onProgress: (e) => {
          if (e.datapath === 'b' && e.repetition === 2) failNext = true;
        },
      },
    });
    // 2 warm-up samples unprofiled, 6 kept samples profiled (one start failed).
    expect(starts).toBe(6);
    const tcp = (file: typeof b) => file!.scenarios.find((x) => x.id === 'pod-to-pod-cross-node/tcp-stream')!;
    expect(tcp(b).samples.every((x) => x.profile?.kernelNs.tcp_sendmsg === 3e8)).toBe(true);
    expect(tcp(h).samples.filter((x) => x.profile === undefined)).toHaveLength(1);
    expect(lines).toContain(
      'profile: not recorded for this sample: perf record exited 1 at start: no permission',
    );
    expect(tcp(b).profile).toMatchObject({
      recorder: 'fake recorder',
      workUnit: 'GB',
      folded: { 'iperf3;tcp_sendmsg_[k]': 9e8, 'iperf3;main': 3e8 },
      samples: 3,
    });
    expect(tcp(h).profile?.samples).toBe(2);
    // Profiles survive the results schema.
    expect(parseResultsJson(JSON.stringify(b), 'base.json').scenarios[0]).toBeDefined();
  });
});
