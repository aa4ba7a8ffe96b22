/** The Kubernetes platform: kind or an existing cluster, a CNI preset or the repo's own, pods pinned per topology. */
export { createKubernetesPlatform, schedulableNodes, type KubernetesPlatform } from './platform.js';
export { createNodeKubernetesDeps, type KubernetesDeps } from './deps.js';
export { teardownKubernetesRun } from './teardown.js';
export { cleanupKubernetesLeftovers, type KubernetesLeftoverRuns } from './leftovers.js';
export type { KubernetesRunState } from './run-state.js';
export {
  DEFAULT_TIMEOUTS,
  type ClusterSource,
  type KubernetesPlatformOptions,
  type KubernetesTimeouts,
} from './options.js';
export {
  CNI_PRESETS,
  isCniPreset,
  cniDatapath,
  type CniPreset,
  type CniSpec,
  type DaemonSetRef,
} from './cni/cni-spec.js';
export {
  DEFAULT_KIND_SPEC,
  KIND_KUBE_PROXY_MODES,
  renderKindConfig,
  type KindClusterSpec,
  type KindKubeProxyMode,
} from './kind/kind-config.js';
export { cpuMillicores, memoryBytes, type AgentUsage, type CniAgentUsage } from './cni/agent-usage.js';
export { KubernetesError, type KubernetesFailureReason } from './errors.js';
export { resolveKubeconfigPath, loadKubeconfig } from './kubeconfig.js';
export { DEFAULT_IMAGES, KIND_RELEASE, FLANNEL_PIN, CALICO_PIN, CILIUM_PIN } from './versions.js';
export type { WorkloadImages, WorkloadPorts, WorkloadResources } from './workloads/manifests.js';
