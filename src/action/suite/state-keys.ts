/** Names of the values main saves for the post step. */
export const STATE_KEYS = {
  /** 'true' once the suite started (lab or Kubernetes), so post knows to clean up. */
  suiteStarted: 'cni-perf-gate-suite-started',
  /** The platform the suite started on (`lab` or `kubernetes`): what post cleans. */
  platform: 'cni-perf-gate-platform',
  /** Kubernetes: JSON {@link KubernetesRunsState}: the run ids whose clusters/namespaces post removes. */
  kubernetesRuns: 'cni-perf-gate-kubernetes-runs',
} as const;

/** What main saves about its Kubernetes runs for the post step. */
export interface KubernetesRunsState {
  /** Run ids in the order the platforms were built (kind cluster `cpg-<id>`, namespace `cpg-<id>`). */
  readonly runIds: readonly string[];
  /** The existing cluster's kubeconfig (its namespaces are removed), or null (kind clusters). */
  readonly kubeconfig: string | null;
}
