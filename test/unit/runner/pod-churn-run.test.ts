import { describe, expect, it } from 'vitest';
import { DEFAULT_SUITE } from '../../../src/core/suite/profiles.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import type { Platform, PodChurnRequest } from '../../../src/platform/platform.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { createScriptedPlatform } from '../../helpers/scripted-platform.js';

/** A scripted platform whose placements create pods (each burst: setup 10, 20, … ms) and log the requests. */
function churning(datapath: string, requests: PodChurnRequest[]): Platform {
  const base = createScriptedPlatform({ datapath, events: [], throughput: () => 1e9 });
  let bursts = 0;
  return {
    ...base,
    place: async (topology) => ({
      ...(await base.place(topology)),
      churnPods: async (request) => {
        requests.push(request);
        const offset = bursts++;
        return {
          startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, offset)).toISOString(),
          durationS: 2,
          pods: Array.from({ length: request.pods }, (_, i) => ({
            setupMs: 10 * (i + 1) + offset,
            addMs: 5,
            delMs: 3,
          })),
        };
      },
    }),
  };
}

const suite: SuiteConfig = {
  ...DEFAULT_SUITE,
  topologies: ['host-cross-node', 'pod-to-pod-same-node', 'pod-to-pod-cross-node'],
  tests: ['tcp-stream', 'pod-churn'],
  repetitions: 2,
  podChurn: { pods: 3, parallel: 2, connectTimeoutS: 4 },
  interference: undefined,
};

describe('pod-churn in the runner', () => {
  it('samples pod-churn in pod-to-pod-cross-node only, against the HTTP server, with the suite burst', async () => {
    const requests: PodChurnRequest[] = [];
    const [results] = await runSuite([churning('a', requests)], { suite, toolVersion: 't' });
    const ids = results!.scenarios.map((s) => s.id);
    expect(ids.filter((id) => id.endsWith('/pod-churn'))).toEqual(['pod-to-pod-cross-node/pod-churn']);
    // No control for pod-churn: the host network has no pods.
    expect(ids).not.toContain('host-cross-node/pod-churn');
    const churn = results!.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/pod-churn')!;
    expect(churn.samples.map((s) => s.metrics)).toEqual([
      { pod_setup_p50_ms: 20, pod_setup_p95_ms: 29, cni_add_p50_ms: 5, cni_del_p50_ms: 3 },
      { pod_setup_p50_ms: 21, pod_setup_p95_ms: 30, cni_add_p50_ms: 5, cni_del_p50_ms: 3 },
    ]);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ pods: 3, parallel: 2, connectTimeoutMs: 4000 });
  });

  it('records pod-churn as skipped where the placement cannot create pods, and runs the rest', async () => {
    const plain = createScriptedPlatform({ datapath: 'host', events: [], throughput: () => 1e9 });
    const [results] = await runSuite([plain], { suite, toolVersion: 't' });
    const churn = results!.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/pod-churn')!;
    expect(churn.samples).toEqual([]);
    expect(churn.skipped).toMatch(/cannot create pods for pod-churn/);
    const tcp = results!.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/tcp-stream')!;
    expect(tcp.samples).toHaveLength(2);
  });

  it('skips pod-churn on both sides of a pair when one side cannot create pods', async () => {
    const requests: PodChurnRequest[] = [];
    const plain = createScriptedPlatform({ datapath: 'base', events: [], throughput: () => 1e9 });
    const files = await runSuite([plain, churning('head', requests)], {
      suite: { ...suite, topologies: ['pod-to-pod-cross-node'] },
      toolVersion: 't',
      paired: { pairingId: 'p1' },
    });
    for (const file of files) {
      const churn = file.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/pod-churn')!;
      expect(churn.skipped).toBeDefined();
    }
    expect(requests).toEqual([]);
  });
});
