import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createLabPlatform, createNodeLabDeps } from '../../../src/platform/lab/index.js';
import type { Platform } from '../../../src/platform/platform.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { labLeftovers, testRunId } from '../../helpers/lab-leftovers.js';
import { labTestSuite } from './lab-fixtures.js';

const CARRIER = 'pod-to-pod-cross-node/tcp-stream';
const platforms: Platform[] = [];
const runIds: string[] = [];

afterEach(async () => {
  // runSuite tears down; this is for a test that failed before or inside it (teardown is idempotent).
  for (const platform of platforms.splice(0)) await platform.teardown().catch(() => undefined);
  for (const runId of runIds.splice(0)) expect(labLeftovers(runId)).toEqual([]);
});

/** The run's pin root: its own bpffs under its state dir, or /sys/fs/bpf/cpg-<runId>. */
function pinRoot(runId: string): string {
  const own = `/run/cni-perf-gate/${runId}/bpffs`;
  const mounted = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[1] === own);
  return mounted ? own : `/sys/fs/bpf/cpg-${runId}`;
}

/**
 * The memory of every map pinned under `<root>/…/maps/` (the lab pins all maps of each object it
 * loads there), read map by map with `bpftool map show pinned`: a different route to the figure
 * than the runner's (programs' map ids, then `map show`).
 */
function pinnedMapBytes(root: string): number {
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (dir.endsWith('/maps')) {
        const map = JSON.parse(
          execFileSync('bpftool', ['-j', 'map', 'show', 'pinned', path], { encoding: 'utf8' }),
        );
        bytes += (map as { bytes_memlock: number }).bytes_memlock;
      }
    }
  };
  walk(root);
  return bytes;
}

describe('bpf_map_memory_bytes on the lab (real BPF programs, bpftool)', () => {
  it("records the run's BPF map memory with kube-proxy ebpf, and nothing for a netfilter datapath", async () => {
    const ebpfId = testRunId('bpfmem');
    const plainId = testRunId('nobpf');
    runIds.push(ebpfId, plainId);
    const deps = createNodeLabDeps();
    const ebpf = createLabPlatform({ runId: ebpfId, datapath: 'ptp-hostgw', kubeProxy: 'ebpf' }, deps);
    const plain = createLabPlatform({ runId: plainId, datapath: 'bridge-hostgw' }, deps);
    platforms.push(ebpf, plain);
    const expected: number[] = [];
    const logs: string[] = [];
    const [withBpf, without] = await runSuite([ebpf, plain], {
      suite: labTestSuite({ topologies: ['pod-to-pod-cross-node'], repetitions: 2 }),
      toolVersion: 't',
      hooks: {
        onLog: (line) => logs.push(line),
        // Right before each sample of the ebpf run: the maps as pinned, summed independently.
        onProgress: (event) => {
          if (event.datapath === 'ptp-hostgw+ebpf' && event.scenario === CARRIER)
            expected.push(pinnedMapBytes(pinRoot(ebpfId)));
        },
      },
    });
    const memory = withBpf!.scenarios
      .find((s) => s.id === CARRIER)!
      .samples.map((s) => s.metrics.bpf_map_memory_bytes);
    expect(expected).toHaveLength(2);
    // Socket LB and NodePort maps of two nodes: megabytes (hash maps sized for 262,144 entries).
    expect(expected[0]).toBeGreaterThan(1024 * 1024);
    expect(memory).toEqual(expected);
    const plainCarrier = without!.scenarios.find((s) => s.id === CARRIER)!;
    expect(plainCarrier.samples).toHaveLength(2);
    expect(plainCarrier.samples.every((s) => s.metrics.bpf_map_memory_bytes === undefined)).toBe(true);
    expect(plainCarrier.unavailable).toBeUndefined();
    expect(logs.filter((l) => l.includes('unavailable'))).toEqual([]);
  }, 120_000);
});
