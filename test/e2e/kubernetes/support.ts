import type { SuiteConfig } from '../../../src/core/suite/types.js';
import { createKubeClient } from '../../../src/platform/kubernetes/api/kube-client.js';
import type { KubernetesDeps } from '../../../src/platform/kubernetes/deps.js';
import { loadKubeconfig } from '../../../src/platform/kubernetes/kubeconfig.js';
import { recordingExec } from '../../unit/kubernetes/recording-exec.js';

/** A quick suite for fake-API runs. */
export const QUICK_SUITE: SuiteConfig = {
  topologies: ['pod-to-pod-cross-node'],
  tests: ['tcp-stream'],
  repetitions: 1,
  iperf: { durationS: 1, omitS: 0, parallelStreams: 4, udpRateBps: 1e8, udpLengthBytes: null },
  http: { durationS: 1, connections: 4, threads: 1, fixedRateFraction: 0.5, responseBytes: 512 },
  dummyServices: 0,
  serverReadyTimeoutS: 10,
  profile: 'quick',
};

/** Deps for tests: real client-node, fast polling and retries, a recording exec, no downloads. */
export function testDeps(overrides: Partial<KubernetesDeps> = {}): KubernetesDeps {
  return {
    exec: recordingExec(),
    downloader: { download: () => Promise.reject(new Error('no downloads in tests')) },
    loadKubeconfig,
    makeClient: (config) =>
      createKubeClient(config, {
        attempts: 6,
        baseDelayMs: 5,
        maxDelayMs: 20,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      }),
    clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)), intervalMs: 20 },
    isoNow: () => new Date().toISOString(),
    env: {},
    homeDir: undefined,
    makeTempDir: () => Promise.reject(new Error('no temp dirs expected')),
    toolDir: '/nonexistent',
    platform: 'linux-amd64',
    ...overrides,
  };
}

/** A free-ish high port for loopback servers in one test file. */
export function testPort(): number {
  return 20_000 + Math.floor(Math.random() * 9_000);
}
