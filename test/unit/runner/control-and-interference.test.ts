/** runSuite's in-run control and interference-aware sampling, on real tools over loopback. */
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import type { ProgressEvent } from '../../../src/runner/types.js';
import { tinySuite, trackedLoopbackPlatforms } from '../../helpers/loopback-suite.js';

const tiny = (overrides: Partial<SuiteConfig> = {}): SuiteConfig =>
  tinySuite({ control: true, ...overrides });
const platform = trackedLoopbackPlatforms();

describe('runSuite: the in-run control', () => {
  it('samples host-cross-node once per round right before the first pod sample, on a placement held for the whole run', async () => {
    const events: string[] = [];
    const platforms = ['a', 'b'].map((datapath) => platform({ datapath, events }));
    const groups: string[] = [];
    const results = await runSuite(platforms, {
      suite: tiny(),
      toolVersion: '0',
      hooks: {
        group: async (name, fn) => {
          groups.push(name);
          return fn();
        },
      },
    });
    // a and b have the same host path: b reuses the round's control sample.
    expect(events.filter((e) => e.includes(' run '))).toEqual([
      'a run host-cross-node iperf3',
      'a run pod-to-pod-cross-node iperf3',
      'b run pod-to-pod-cross-node iperf3',
      'a run host-cross-node iperf3',
      'a run pod-to-pod-cross-node iperf3',
      'b run pod-to-pod-cross-node iperf3',
    ]);
    // The control is placed once, before the pod topology, and released after it.
    expect(events.indexOf('a release host-cross-node')).toBeGreaterThan(
      events.indexOf('a release pod-to-pod-cross-node'),
    );
    expect(groups).toEqual(['prepare a', 'prepare b', 'control', 'pod-to-pod-cross-node', 'teardown']);
    for (const file of results) {
      expect(file.suite).toMatchObject({ topologies: ['host-cross-node', 'pod-to-pod-cross-node'] });
      // The control's scenarios come after the pod scenarios.
      expect(file.scenarios.map((s) => [s.id, s.samples.length])).toEqual([
        ['pod-to-pod-cross-node/tcp-stream', 2],
        ['host-cross-node/tcp-stream', 2],
      ]);
      // The file round-trips through the schema.
      expect(parseResultsJson(serializeResults(file), 'x').scenarios).toHaveLength(2);
    }
    const report = compareResults(results[0]!, results[1]!);
    expect(report.control.presence).toBe('both');
    expect(report.comparisons.some((c) => c.metric === 'tcp_throughput_vs_host')).toBe(true);
    expect(
      report.comparisons.filter((c) => c.scenario.startsWith('host-cross-node/')).every((c) => !c.gating),
    ).toBe(true);
  });

  it('the host datapath is its own control; a contender with other service rules measures its own', async () => {
    const events: string[] = [];
    const platforms = [
      platform({ datapath: 'host', events }),
      platform({ datapath: 'a', events }),
      platform({ datapath: 'b', kubeProxy: 'nftables', events }),
    ];
    const [host, a, b] = await runSuite(platforms, { suite: tiny(), toolVersion: '0' });
    const round = [
      'host run pod-to-pod-cross-node iperf3',
      'a run pod-to-pod-cross-node iperf3',
      'b run host-cross-node iperf3',
      'b run pod-to-pod-cross-node iperf3',
    ];
    expect(events.filter((e) => e.includes(' run '))).toEqual([...round, ...round]);
    const control = (file: typeof host) =>
      file!.scenarios.find((s) => s.id === 'host-cross-node/tcp-stream')!;
    const pod = (file: typeof host) =>
      file!.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/tcp-stream')!;
    // host's pod samples are its control samples, and a's (same host path); b measured its own.
    expect(control(host).samples).toEqual(pod(host).samples);
    expect(control(a).samples).toEqual(pod(host).samples);
    expect(control(b).samples).toHaveLength(2);
    expect(control(b).samples).not.toEqual(pod(host).samples);
  });

  it('is off with control: false, and never added to a suite of host-cross-node alone', async () => {
    const events: string[] = [];
    await runSuite([platform({ datapath: 'a', events })], {
      suite: tiny({ control: false, repetitions: 1 }),
      toolVersion: '0',
    });
    await runSuite([platform({ datapath: 'b', events })], {
      suite: tiny({ topologies: ['host-cross-node'], repetitions: 1 }),
      toolVersion: '0',
    });
    expect(events.filter((e) => e.includes(' run '))).toEqual([
      'a run pod-to-pod-cross-node iperf3',
      'b run host-cross-node iperf3',
    ]);
  });

  it('marks the control skipped, with the reason, where the platform cannot serve it', async () => {
    const [file] = await runSuite(
      [platform({ datapath: 'a', unsupported: { 'host-cross-node': 'no host network here' } })],
      { suite: tiny({ repetitions: 1 }), toolVersion: '0' },
    );
    expect(file!.scenarios[1]).toEqual({
      id: 'host-cross-node/tcp-stream',
      topology: 'host-cross-node',
      test: 'tcp-stream',
      samples: [],
      skipped: 'no host network here',
    });
    expect(file!.scenarios[0]!.samples).toHaveLength(1);
  });
});

describe('runSuite: interference-aware sampling', () => {
  it('discards and re-takes a disturbed sample (with its control), recording why', async () => {
    const progress: ProgressEvent[] = [];
    const logs: string[] = [];
    // Client runs: 0 control, 1 pod (disturbed) → both discarded; 2, 3 re-taken clean; 4, 5 clean.
    const a = platform({
      datapath: 'a',
      interference: (i) => ({ foreignPercent: i === 1 ? 48 : 1, stealPercent: 0 }),
    });
    const [file] = await runSuite([a], {
      suite: tiny(),
      toolVersion: '0',
      hooks: { onProgress: (e) => progress.push(e), onLog: (l) => logs.push(l) },
    });
    const [pod, control] = file!.scenarios;
    expect(pod!.samples).toHaveLength(2);
    expect(control!.samples).toHaveLength(2);
    expect(pod!.discarded).toHaveLength(1);
    expect(control!.discarded).toHaveLength(1);
    expect(pod!.discarded![0]!.discardReason).toBe('foreign CPU 48.0% > 10%');
    expect(pod!.discarded![0]!.metrics.foreign_cpu_percent).toBe(48);
    expect(pod!.samples.every((s) => s.disturbed === undefined && s.metrics.foreign_cpu_percent === 1)).toBe(
      true,
    );
    expect(logs).toContain(
      'a: pod-to-pod-cross-node/tcp-stream #1: foreign CPU 48.0% > 10%: re-taking the sample',
    );
    expect(progress.map((e) => `${e.repetition} ${e.done}/${e.total} retaken ${e.retaken}`)).toEqual([
      '1 0/2 retaken 0',
      '1 0/2 retaken 1',
      '2 1/2 retaken 1',
    ]);
    expect(parseResultsJson(serializeResults(file!), 'x').scenarios[1]!.discarded).toHaveLength(1);
  });

  it('keeps samples marked disturbed once the re-take budget is spent, and compare never blames the PR', async () => {
    const suite = tiny({
      control: false,
      repetitions: 3,
      interference: { maxForeignCpuPercent: 10, maxStealPercent: 10, retakeBudget: 0.34 },
    });
    const quiet = platform({ datapath: 'base' });
    const busy = platform({
      datapath: 'head',
      interference: () => ({ foreignPercent: 55, stealPercent: 0 }),
    });
    const [base] = await runSuite([quiet], { suite, toolVersion: '0' });
    const [head] = await runSuite([busy], { suite, toolVersion: '0' });
    const pod = head!.scenarios[0]!;
    // Budget: ceil(0.34 × 3) = 2 re-takes, then every sample is kept disturbed.
    expect(pod.discarded).toHaveLength(2);
    expect(pod.samples).toHaveLength(3);
    expect(pod.samples.every((s) => s.disturbed === 'foreign CPU 55.0% > 10%')).toBe(true);
    const report = compareResults(base!, head!);
    expect(report.verdict).not.toBe('regression');
    expect(report.verdict).toBe('inconclusive');
    expect(report.verdictReason).toBe('head runner disturbed: foreign CPU up to 55% during 3 of 3 samples');
    expect(report.interference.head).toMatchObject({ disturbed: 3, discarded: 2, samples: 3 });
  });

  it('stops re-taking after 3 disturbed attempts in a row (a steady co-tenant), resumes after a clean one', async () => {
    const logs: string[] = [];
    const suite = tiny({
      control: false,
      repetitions: 5,
      interference: { maxForeignCpuPercent: 10, maxStealPercent: 10, retakeBudget: 5 },
    });
    // Client runs 0-4 under a hog, 5 clean, 6 disturbed again, then clean.
    const hogged = platform({
      datapath: 'head',
      interference: (i) => ({ foreignPercent: i <= 4 || i === 6 ? 55 : 1, stealPercent: 0 }),
    });
    const [head] = await runSuite([hogged], {
      suite,
      toolVersion: '0',
      hooks: { onLog: (l) => logs.push(l) },
    });
    const pod = head!.scenarios[0]!;
    // Attempts 0, 1 discarded; 2 kept disturbed (3rd in a row); 3, 4 kept disturbed at once (no re-take);
    // 5 clean resets the streak; 6 disturbed is re-taken again; 7 clean.
    expect(pod.discarded).toHaveLength(3);
    expect(pod.samples.map((s) => s.disturbed !== undefined)).toEqual([true, true, true, false, false]);
    expect(logs.filter((l) => l.includes('a steady co-tenant'))).toHaveLength(1);
  });
});
