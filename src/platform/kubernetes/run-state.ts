/** What the Action's main saves so its post step can clean up after a crash. */
export interface KubernetesRunState {
  readonly namespace: string;
  readonly kubeconfigPath: string | null;
  /** Present only when this run created the kind cluster. */
  readonly kindCluster?: { readonly name: string; readonly kind: string; readonly kubeconfigPath: string };
}
