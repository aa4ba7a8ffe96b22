/**
 * An in-memory Platform for runner tests that need no tools: every tcp-stream client run returns the
 * real iperf3 fixture with its received throughput set by `throughput(runIndex)`, and every call is
 * logged to a shared event list so tests can check the order of runs.
 */
import { readFileSync } from 'node:fs';
import type { Environment, Subject } from '../../src/core/results/types.js';
import type { Placement, Platform } from '../../src/platform/platform.js';

const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/iperf3/tcp.json', import.meta.url), 'utf8')) as {
  end: { sum_received: { bits_per_second: number; bytes: number; seconds: number } };
};

/** Options of a scripted platform. */
export interface ScriptedOptions {
  readonly datapath: string;
  /** Shared log: `<datapath> run <index>` per client run. */
  readonly events: string[];
  /** Received bit/s of the n-th (0-based) client run. */
  readonly throughput: (index: number) => number;
}

/** A Platform whose client runs return scripted iperf3 results at once. */
export function createScriptedPlatform(options: ScriptedOptions): Platform {
  let runs = 0;
  const environment: Omit<Environment, 'fingerprint'> = {
    kernel: 'test',
    cpuModel: 'test',
    cpus: 2,
    mtu: 1500,
    tools: { iperf3: '3.12' },
    kubernetes: null,
  };
  const subject: Subject = {
    platform: 'lab',
    datapath: options.datapath,
    cni: {},
    configHash: `sha256:${'0'.repeat(64)}`,
  };
  const placement = (topology: Placement['topology']): Placement => ({
    topology,
    description: 'scripted',
    startServer: async () => ({ address: '127.0.0.1', port: 5201 }),
    runClient: async () => {
      const index = runs++;
      options.events.push(`${options.datapath} run ${index}`);
      const bps = options.throughput(index);
      const doc = structuredClone(FIXTURE);
      doc.end.sum_received.bits_per_second = bps;
      doc.end.sum_received.bytes = (bps / 8) * doc.end.sum_received.seconds;
      return {
        exitCode: 0,
        stdout: JSON.stringify(doc),
        stderr: '',
        startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
        durationS: 1,
      };
    },
    release: async () => undefined,
  });
  return {
    kind: 'lab',
    leftoverHint: 'run `cni-perf-gate cleanup` to remove leftovers',
    subject: () => subject,
    prepare: async () => undefined,
    environment: async () => environment,
    supports: () => null,
    place: async (topology) => placement(topology),
    teardown: async () => undefined,
  };
}
