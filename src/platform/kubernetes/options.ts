import type { CniSpec, DaemonSetRef } from './cni/cni-spec.js';
import type { KindClusterSpec } from './kind/kind-config.js';
import type { WorkloadImages, WorkloadPorts, WorkloadResources } from './workloads/manifests.js';

/** Where the cluster comes from. */
export type ClusterSource =
  | {
      readonly mode: 'kind';
      /** Overrides of DEFAULT_KIND_SPEC. */
      readonly spec?: Partial<KindClusterSpec>;
      /** Cluster name; default `cpg-<runId>`. */
      readonly name?: string;
    }
  | {
      readonly mode: 'existing';
      /** Kubeconfig path; default KUBECONFIG, then ~/.kube/config. */
      readonly kubeconfigPath?: string;
      /** Recorded in the environment when known (e.g. `ipvs`); null otherwise. */
      readonly kubeProxyMode?: string;
    };

/** Bounded waits of the platform. */
export interface KubernetesTimeouts {
  /** API server reachable after `kind create cluster`. */
  readonly apiReadyMs: number;
  /** CNI DaemonSets + nodes + CoreDNS ready. */
  readonly cniReadyMs: number;
  /** Extra time a client pod gets to be scheduled and pull its image. */
  readonly podStartSlackMs: number;
  /** Namespace gone after delete (teardown). */
  readonly namespaceDeleteMs: number;
}

/** Defaults: 2 min API, 5 min CNI, 2 min pod start, 2 min namespace deletion. */
export const DEFAULT_TIMEOUTS: KubernetesTimeouts = {
  apiReadyMs: 120_000,
  cniReadyMs: 300_000,
  podStartSlackMs: 120_000,
  namespaceDeleteMs: 120_000,
};

/** Everything that decides what a Kubernetes run does. */
export interface KubernetesPlatformOptions {
  /** Names the namespace (`cpg-<runId>`) and a created kind cluster. */
  readonly runId: string;
  readonly cluster: ClusterSource;
  readonly cni: CniSpec;
  readonly images?: Partial<WorkloadImages>;
  readonly ports?: Partial<WorkloadPorts>;
  readonly resources?: Partial<WorkloadResources>;
  readonly timeouts?: Partial<KubernetesTimeouts>;
  /** Cluster DNS Deployment checked for readiness; null to skip. Default kube-system/coredns. */
  readonly coreDns?: DaemonSetRef | null;
}
