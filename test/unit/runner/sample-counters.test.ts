import { describe, expect, it } from 'vitest';
import type { CounterReading } from '../../../src/core/diagnostics/types.js';
import { QUICK_SUITE } from '../../../src/core/suite/profiles.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import type { Platform } from '../../../src/platform/platform.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { compareResults } from '../../../src/core/compare/engine.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { createScriptedPlatform } from '../../helpers/scripted-platform.js';

const suite = (overrides: Partial<SuiteConfig> = {}): SuiteConfig => ({
  ...QUICK_SUITE,
  topologies: ['pod-to-pod-cross-node'],
  tests: ['tcp-stream'],
  repetitions: 3,
  control: false,
  ...overrides,
});

/**
 * A scripted platform whose placements read counters: the n-th reading (0-based) has node-0's
 * segments at 1000·n² and the host's NET_RX at 10·n, so the deltas say which readings a sample
 * got; `fail` makes readings throw.
 */
function countingPlatform(events: string[], fail?: (n: number) => boolean): Platform {
  const inner = createScriptedPlatform({ datapath: 'a', events, throughput: () => 8e9 });
  let n = 0;
  const readCounters = async (): Promise<CounterReading> => {
    const k = n++;
    events.push(`read ${k}`);
    if (fail?.(k)) throw new Error('cannot read /proc/net/snmp in cpg-x-node-0: permission denied');
    return {
      scopes: { 'node-0': { 'IpExt.InNoECTPkts': 1000 * k * k }, host: { 'softirqs.NET_RX': 10 * k } },
    };
  };
  return { ...inner, place: async (topology) => ({ ...(await inner.place(topology)), readCounters }) };
}

describe('kernel counters per sample (runner)', () => {
  it('reads right before and after each client run and keeps the deltas with the work in GB', async () => {
    const events: string[] = [];
    let clock = 0;
    const [results] = await runSuite([countingPlatform(events)], {
      suite: suite(),
      toolVersion: 't',
      now: () => (clock += 2),
    });
    expect(events.slice(0, 6)).toEqual(['read 0', 'a run 0', 'read 1', 'read 2', 'a run 1', 'read 3']);
    const samples = results!.scenarios[0]!.samples;
    expect(samples.map((s) => s.diagnostics?.counters?.scopes)).toEqual([
      { 'node-0': { 'IpExt.InNoECTPkts': 1000 }, host: { 'softirqs.NET_RX': 10 } },
      { 'node-0': { 'IpExt.InNoECTPkts': 5000 }, host: { 'softirqs.NET_RX': 10 } },
      { 'node-0': { 'IpExt.InNoECTPkts': 9000 }, host: { 'softirqs.NET_RX': 10 } },
    ]);
    const counters = samples[0]!.diagnostics!.counters!;
    expect(counters.workUnit).toBe('GB');
    // 8 Gbit/s for the sample's duration, in GB.
    expect(counters.work).toBeCloseTo((8e9 * samples[0]!.durationS) / 8e9, 9);
    // Each reading took two ticks of the injected clock.
    expect(counters.readCostMs).toBe(4);
  });

  it('a failed reading is one log line per run, and the samples are kept without counters', async () => {
    const events: string[] = [];
    const log: string[] = [];
    const [results] = await runSuite([countingPlatform(events, (k) => k >= 2)], {
      suite: suite(),
      toolVersion: 't',
      hooks: { onLog: (line) => log.push(line) },
    });
    const samples = results!.scenarios[0]!.samples;
    expect(samples).toHaveLength(3);
    expect(samples.map((s) => s.diagnostics !== undefined)).toEqual([true, false, false]);
    expect(log.filter((line) => line.startsWith('diagnostics:'))).toEqual([
      'diagnostics: kernel counters not read (the samples are kept without them): cannot read /proc/net/snmp in cpg-x-node-0: permission denied',
    ]);
    // After a failed first reading the client still runs; no second reading is taken.
    expect(events.slice(3)).toEqual(['read 2', 'a run 1', 'read 3', 'a run 2']);
  });

  it('no readings where the platform has none', async () => {
    const events: string[] = [];
    const [plain] = await runSuite(
      [createScriptedPlatform({ datapath: 'a', events, throughput: () => 8e9 })],
      {
        suite: suite(),
        toolVersion: 't',
      },
    );
    expect(plain!.scenarios[0]!.samples.every((s) => s.diagnostics === undefined)).toBe(true);
  });

  it('records, once per scenario and logged once per run, why a platform reads no counters; compare says so', async () => {
    const events: string[] = [];
    const logs: string[] = [];
    const why = "an existing cluster's nodes are not containers on this machine";
    const inner = createScriptedPlatform({ datapath: 'a', events, throughput: () => 8e9 });
    const platform: Platform = {
      ...inner,
      place: async (topology) => ({ ...(await inner.place(topology)), countersUnavailable: why }),
    };
    const [results] = await runSuite([platform], {
      suite: suite({ tests: ['tcp-stream', 'pod-churn'] }),
      toolVersion: 't',
      hooks: { onLog: (line) => logs.push(line) },
    });
    const tcp = results!.scenarios.find((s) => s.test === 'tcp-stream')!;
    expect(tcp.countersUnavailable).toBe(why);
    expect(tcp.samples.every((s) => s.diagnostics === undefined)).toBe(true);
    expect(logs.filter((l) => l.includes(why))).toHaveLength(1);
    expect(parseResultsJson(JSON.stringify(results), 'r.json').scenarios[0]!.countersUnavailable).toBe(why);
    expect(compareResults(results!, results!).warnings.join('\n')).toMatch(
      /base has no kernel counters, so "what changed underneath" cannot be shown for it: an existing cluster/,
    );
  });
});
