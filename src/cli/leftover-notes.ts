import { kindClusterName } from '../platform/kubernetes/kind/kind-cluster.js';
import { runNamespace } from '../platform/kubernetes/workloads/labels.js';

/**
 * What to do about the resources of runs in flight if this process exits before it could tear
 * them down (a second Ctrl-C, SIGKILL): the exact commands, printed at once on a hard exit and
 * named up front when each run starts.
 */
const notes = new Map<string, string>();

/** The command that removes what run `runId` of `platform` may leave behind. */
export function leftoverCommand(platform: 'lab' | 'kubernetes', runId: string, kubeconfig?: string): string {
  if (platform === 'lab') return 'npx cni-perf-gate cleanup';
  return kubeconfig
    ? `kubectl --kubeconfig ${kubeconfig} delete namespace ${runNamespace(runId)}`
    : `kind delete cluster --name ${kindClusterName(runId)}`;
}

/** Remembers the leftover command of a run until {@link forgetLeftovers}. */
export function noteLeftovers(runId: string, command: string): void {
  notes.set(runId, command);
}

/** Forgets every noted run (its teardown finished). */
export function forgetLeftovers(): void {
  notes.clear();
}

/** Lines to print on a hard exit: one per distinct command, naming the runs it covers. */
export function leftoverLines(): string[] {
  const byCommand = new Map<string, string[]>();
  for (const [runId, command] of notes) byCommand.set(command, [...(byCommand.get(command) ?? []), runId]);
  return [...byCommand].map(
    ([command, runIds]) => `run ${runIds.join(', ')} may be left behind: remove it with: ${command}`,
  );
}
