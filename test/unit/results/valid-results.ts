import { environmentFingerprint } from '../../../src/core/results/fingerprint.js';
import type { Environment, ResultsFile } from '../../../src/core/results/types.js';

/** A small, valid results file for tests of this area (no dependency on other helpers' builders). */
export function validResults(overrides: { datapath?: string; throughput?: number[] } = {}): ResultsFile {
  const env: Omit<Environment, 'fingerprint'> = {
    kernel: '6.1.0-test',
    cpuModel: 'Test CPU',
    cpus: 2,
    mtu: 1500,
    tools: { iperf3: '3.12', wrk: '4.1.0' },
    kubernetes: null,
  };
  const throughput = overrides.throughput ?? [9.1e9, 9.3e9, 9.2e9];
  return {
    schemaVersion: 1,
    tool: { name: 'cni-perf-gate', version: '0.1.0' },
    createdAt: '2024-05-01T12:00:00Z',
    subject: {
      platform: 'lab',
      datapath: overrides.datapath ?? 'bridge-vxlan',
      cni: { name: 'bridge' },
      configHash: `sha256:${'a'.repeat(64)}`,
    },
    environment: { ...env, fingerprint: environmentFingerprint(env) },
    suite: { repetitions: throughput.length },
    scenarios: [
      {
        id: 'pod-to-pod-cross-node/tcp-stream',
        topology: 'pod-to-pod-cross-node',
        test: 'tcp-stream',
        samples: throughput.map((bps, i) => ({
          metrics: { tcp_throughput_bps: bps, tcp_retransmits: i },
          startedAt: `2024-05-01T12:0${i}:00Z`,
          durationS: 10,
        })),
      },
      {
        id: 'pod-to-pod-cross-node/http-max',
        topology: 'pod-to-pod-cross-node',
        test: 'http-max',
        samples: [
          {
            metrics: { http_rps: 20000, http_latency_p50_ms: 0.8, http_latency_p99_ms: 3.1 },
            startedAt: '2024-05-01T12:10:00.123Z',
            durationS: 10,
            notes: { pacing: 'none', connections: 32, warm: true },
          },
        ],
      },
    ],
  };
}
