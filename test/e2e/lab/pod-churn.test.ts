import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLabPlatform, createNodeLabDeps } from '../../../src/platform/lab/index.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { labLeftovers, testRunId } from '../../helpers/lab-leftovers.js';
import { labTestSuite } from './lab-fixtures.js';

function podNamespaces(runId: string): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith(`cpg-${runId}-p`));
}

describe('pod-churn on the lab', () => {
  it('times a burst of pods on bridge-hostgw (ADD, DEL, first connect across nodes) and removes every pod', async () => {
    const runId = testRunId('pc');
    const platform = createLabPlatform({ datapath: 'bridge-hostgw', runId }, createNodeLabDeps());
    const suite = labTestSuite({
      topologies: ['pod-to-pod-cross-node'],
      tests: ['pod-churn'],
      repetitions: 2,
      podChurn: { pods: 6, parallel: 3, connectTimeoutS: 10 },
      dummyServices: 0,
    });
    try {
      const [results] = await runSuite([platform], { suite, toolVersion: 'test' });
      const scenarios = results!.scenarios;
      expect(scenarios.map((s) => s.id)).toEqual(['pod-to-pod-cross-node/pod-churn']);
      const samples = scenarios[0]!.samples;
      expect(samples).toHaveLength(2);
      for (const { metrics } of samples) {
        expect(metrics.pod_setup_p50_ms).toBeGreaterThan(0);
        expect(metrics.pod_setup_p95_ms).toBeGreaterThanOrEqual(metrics.pod_setup_p50_ms!);
        expect(metrics.cni_add_p50_ms).toBeGreaterThan(0);
        expect(metrics.cni_del_p50_ms).toBeGreaterThan(0);
        // The first connect needs at least the plugin execs of ADD (milliseconds, never ~0).
        expect(metrics.pod_setup_p50_ms).toBeGreaterThan(1);
      }
      console.log(`pod-churn bridge-hostgw: ${JSON.stringify(samples.map((s) => s.metrics))}`);
      expect(podNamespaces(runId)).toEqual([]);
    } finally {
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    }
  }, 120_000);
});
