/**
 * Pinned versions and images. Bumping one is a reviewed change: every value here ends up in
 * results (`environment.tools`, `subject.cni`) so a baseline taken with other pins is visible.
 */

/** The kind release installed when `kind` is not on PATH, with its published SHA-256 per platform. */
export const KIND_RELEASE = {
  version: 'v0.32.0',
  sha256: {
    'linux-amd64': '50030de23cf40a18505f20426f6a8506bedf13c6e509244bd1fa9463721b0f54',
    'linux-arm64': 'b92cd615e97585de8ddade28ed5cd7feb4248d717c233eea5b03c37298900f5d',
  } as Readonly<Record<string, string>>,
  /** `{version}` and `{platform}` are substituted. */
  urlTemplate: 'https://github.com/kubernetes-sigs/kind/releases/download/{version}/kind-{platform}',
} as const;

/** flannel images (kube-flannel manifest generated in code, see cni/flannel-manifest.ts). */
export const FLANNEL_PIN = {
  version: 'v0.25.5',
  image: 'docker.io/flannel/flannel:v0.25.5',
  cniPluginImage: 'docker.io/flannel/flannel-cni-plugin:v1.5.1-flannel1',
} as const;

/** Calico through the tigera-operator Helm chart. */
export const CALICO_PIN = {
  version: 'v3.30.2',
  chart: 'tigera-operator',
  repo: 'https://docs.tigera.io/calico/charts',
} as const;

/** Cilium Helm chart. */
export const CILIUM_PIN = {
  version: '1.17.4',
  chart: 'cilium',
  repo: 'https://helm.cilium.io/',
} as const;

/** Default workload images (options override them; pin by digest for strict reproducibility). */
export const DEFAULT_IMAGES = {
  /** netshoot ships iperf3 and has real release tags (networkstatic/iperf3 publishes only `latest`). */
  iperf3: 'docker.io/nicolaka/netshoot:v0.13',
  http: 'docker.io/library/nginx:1.27.3-alpine',
  wrk: 'docker.io/williamyeh/wrk:4.0.2',
} as const;
