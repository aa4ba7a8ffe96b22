import { describe, expect, it } from 'vitest';
import { cleanupKubernetesLeftovers } from '../../../src/platform/kubernetes/leftovers.js';
import { testDeps } from '../../e2e/kubernetes/support.js';
import { recordingExec } from './recording-exec.js';

describe('cleanupKubernetesLeftovers (the Action post step on Kubernetes)', () => {
  it('deletes the kind clusters of the saved runs that still exist, and nothing else', async () => {
    const exec = recordingExec((command, args) =>
      args[0] === 'get' ? { stdout: 'cpg-run1\nkind\ncpg-other\n' } : {},
    );
    const removed = await cleanupKubernetesLeftovers(
      { runIds: ['run1', 'run2'], kubeconfig: null },
      testDeps({ exec }),
    );
    expect(removed).toEqual(['kind cluster cpg-run1']);
    expect(exec.runs.map((r) => [r.command, ...r.args].join(' '))).toEqual([
      'kind version',
      'kind get clusters',
      'kind delete cluster --name cpg-run1',
    ]);
  });

  it('does nothing without a kind binary (no cluster can exist), and names a failed delete', async () => {
    const none = recordingExec(() => ({ exitCode: 127, stderr: 'kind: not found' }));
    await expect(
      cleanupKubernetesLeftovers({ runIds: ['run1'], kubeconfig: null }, testDeps({ exec: none })),
    ).resolves.toEqual([]);
    expect(none.runs).toHaveLength(1);
    const failing = recordingExec((command, args) =>
      args[0] === 'get'
        ? { stdout: 'cpg-run1\ncpg-run2\n' }
        : args[0] === 'delete' && args[3] === 'cpg-run1'
          ? { exitCode: 1, stderr: 'ERROR: failed to delete cluster "cpg-run1"' }
          : {},
    );
    await expect(
      cleanupKubernetesLeftovers({ runIds: ['run1', 'run2'], kubeconfig: null }, testDeps({ exec: failing })),
    ).rejects.toThrow(/kind delete cluster failed for cpg-run1: ERROR: failed to delete cluster "cpg-run1"/);
    // The other run's cluster is still removed.
    expect(failing.runs.some((r) => r.args.join(' ') === 'delete cluster --name cpg-run2')).toBe(true);
  });
});
