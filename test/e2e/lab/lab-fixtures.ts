import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuiteConfig } from '../../../src/core/suite/types.js';

/** A small suite for lab e2e tests: iperf3 tests only unless `tests` says otherwise. */
export function labTestSuite(overrides: Partial<SuiteConfig> = {}): SuiteConfig {
  return {
    topologies: [],
    tests: ['tcp-stream'],
    repetitions: 1,
    iperf: { durationS: 1, omitS: 0, parallelStreams: 2, udpRateBps: 100e6, udpLengthBytes: null },
    http: { durationS: 1, connections: 4, threads: 1, fixedRateFraction: 0.5, responseBytes: 256 },
    dummyServices: 20,
    serverReadyTimeoutS: 5,
    profile: 'quick',
    ...overrides,
  };
}

/** iperf3 -J throughput at the receiver, bit/s; throws on iperf3's own error field. */
export function iperfReceivedBps(stdout: string): number {
  const doc = JSON.parse(stdout) as { end?: { sum_received?: { bits_per_second?: number } }; error?: string };
  if (doc.error) throw new Error(`iperf3 error: ${doc.error}`);
  return doc.end?.sum_received?.bits_per_second ?? 0;
}

/** A temp directory removed by the returned function. */
export function tempDir(tag: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `cpg-test-${tag}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes a file into a temp dir and returns its path. */
export function writeTemp(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
