import { describe, expect, it } from 'vitest';
import type { ResourceReading } from '../../../src/core/resources.js';
import { DEFAULT_SUITE } from '../../../src/core/suite/profiles.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import type { Platform } from '../../../src/platform/platform.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { createScriptedPlatform } from '../../helpers/scripted-platform.js';

const suite: SuiteConfig = {
  ...DEFAULT_SUITE,
  topologies: ['host-cross-node', 'pod-to-pod-same-node', 'pod-to-pod-cross-node'],
  tests: ['tcp-stream', 'tcp-stream-parallel'],
  repetitions: 3,
  interference: undefined,
};

/** A scripted platform whose resource probe returns `readings(n)` for its n-th read, logged in `events`. */
function probed(events: string[], readings: (n: number) => ResourceReading | Error): Platform {
  const base = createScriptedPlatform({ datapath: 'a', events, throughput: () => 8e9 });
  let reads = 0;
  return {
    ...base,
    resourceProbe: async () => {
      const n = reads++;
      events.push(`probe ${n}`);
      const reading = readings(n);
      if (reading instanceof Error) throw reading;
      return reading;
    },
  };
}

describe('the resource probe in the runner (platform-neutral hook)', () => {
  it('reads right before and after each sample of the carrier scenario only; levels from the read after', async () => {
    const events: string[] = [];
    const platform = probed(events, (n) => ({ available: true, levels: { bpf_map_memory_bytes: 1000 + n } }));
    const [results] = await runSuite([platform], { suite, toolVersion: 't' });
    const memory = (id: string) =>
      results!.scenarios.find((s) => s.id === id)!.samples.map((s) => s.metrics.bpf_map_memory_bytes);
    expect(memory('pod-to-pod-cross-node/tcp-stream')).toEqual([1001, 1003, 1005]);
    for (const id of [
      'pod-to-pod-cross-node/tcp-stream-parallel',
      'pod-to-pod-same-node/tcp-stream',
      'host-cross-node/tcp-stream',
    ])
      expect(memory(id).every((v) => v === undefined)).toBe(true);
    // The control sample (host path) comes first; the probe brackets the pod sample alone.
    const carrier = events.slice(events.indexOf('probe 0') - 1, events.indexOf('probe 1') + 1);
    expect(carrier[1]).toBe('probe 0');
    expect(carrier[2]).toMatch(/^a run \d+$/);
    expect(carrier[3]).toBe('probe 1');
    expect(events.filter((e) => e.startsWith('probe'))).toHaveLength(6);
  });

  it('a probe that fails is one line, recorded with the scenario; the run goes on and reads it no more', async () => {
    const events: string[] = [];
    const logs: string[] = [];
    const platform = probed(events, (n) =>
      n === 0
        ? { available: true, levels: { bpf_map_memory_bytes: 5 } }
        : { available: false, reason: 'bpftool is not installed', metrics: ['bpf_map_memory_bytes'] },
    );
    const [results] = await runSuite([platform], {
      suite,
      toolVersion: 't',
      hooks: { onLog: (line) => logs.push(line) },
    });
    const carrier = results!.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/tcp-stream')!;
    expect(carrier.samples).toHaveLength(3);
    expect(carrier.samples.every((s) => s.metrics.bpf_map_memory_bytes === undefined)).toBe(true);
    expect(carrier.unavailable).toEqual({ bpf_map_memory_bytes: 'bpftool is not installed' });
    expect(logs).toEqual(['a: bpf_map_memory_bytes unavailable: bpftool is not installed']);
    expect(events.filter((e) => e.startsWith('probe'))).toHaveLength(2);
  });

  it('a probe that throws never fails the sample', async () => {
    const logs: string[] = [];
    const platform = probed([], () => new Error('socket hang up\nstack'));
    const [results] = await runSuite([platform], {
      suite,
      toolVersion: 't',
      hooks: { onLog: (line) => logs.push(line) },
    });
    expect(results!.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/tcp-stream')!.samples).toHaveLength(
      3,
    );
    expect(logs).toEqual(['a: resource metrics unavailable: resource probe failed: socket hang up']);
  });
});
