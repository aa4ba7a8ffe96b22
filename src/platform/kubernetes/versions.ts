/**
 * Pinned versions and images. Bumping one is a reviewed change: every value here ends up in
 * results (`environment.tools`, `subject.cni`) so a baseline taken with other pins is visible.
 */

/**
 * The kind release installed when `kind` is not on PATH, with its published SHA-256 per platform.
 * v0.29.0 because its release notes list a node image for Kubernetes 1.32 (KIND_NODE_IMAGE), the
 * newest minor both pinned CNIs are tested on; kind v0.32.0 builds node images for 1.33–1.36 only.
 * Checksums: kind's `kind-linux-*.sha256sum` release assets, as recorded in
 * github.com/f110/mono build/rules/kind/assets.bzl (amd64 also in other pinned installers).
 */
export const KIND_RELEASE = {
  version: 'v0.29.0',
  sha256: {
    'linux-amd64': 'c72eda46430f065fb45c5f70e7c957cc9209402ef309294821978677c8fb3284',
    'linux-arm64': '03d45095dbd9cc1689f179a3e5e5da24b77c2d1b257d7645abf1b4174bebcf2a',
  } as Readonly<Record<string, string>>,
  /** `{version}` and `{platform}` are substituted. */
  urlTemplate: 'https://github.com/kubernetes-sigs/kind/releases/download/{version}/kind-{platform}',
} as const;

/**
 * The kind node image (Kubernetes version) a created cluster runs, pinned by digest as kind asks
 * ("you must use the @sha256 digest to guarantee an image built for this release"): the
 * v1.32.5 image from the kind v0.29.0 release notes (amd64 + arm64). Kubernetes 1.32 is inside
 * both pinned CNIs' tested ranges: Calico 3.30 (docs.tigera.io, Kubernetes requirements:
 * 1.30–1.33) and Cilium 1.17 (docs.cilium.io, Kubernetes compatibility: 1.29–1.32). Users
 * override it with the kind `nodeImage` option; the image used is recorded in
 * `environment.kubernetes.nodeImage`.
 */
export const KIND_NODE_IMAGE =
  'kindest/node:v1.32.5@sha256:e3b2327e3a5ab8c76f5ece68936e4cafaa82edf58486b769727ab0b3b97a5b0d';

/**
 * The CNI reference plugins release the flannel presets take `bridge` from: flannel delegates
 * to `bridge` + `host-local`, and kind's node image ships only host-local, loopback, ptp and
 * portmap (flannel-io/flannel#1847, kubernetes-sigs/kind#3015). SHA-256 of the release
 * tarballs `cni-plugins-linux-<arch>-v1.7.1.tgz`, as pinned by kubespray
 * (roles/kubespray_defaults/vars/main/checksums.yml, cni_binary_checksums) and kops.
 */
export const CNI_PLUGINS_PIN = {
  version: 'v1.7.1',
  sha256: {
    amd64: '1a28a0506bfe5bcdc981caf1a49eeab7e72da8321f1119b7be85f22621013098',
    arm64: '119fcb508d1ac2149e49a550752f9cd64d023a1d70e189b59c476e4d2bf7c497',
  } as Readonly<Record<string, string>>,
  /** `{version}` and `{arch}` are substituted. */
  urlTemplate:
    'https://github.com/containernetworking/plugins/releases/download/{version}/cni-plugins-linux-{arch}-{version}.tgz',
  /** Runs the download + check + install (has wget with TLS, sha256sum, tar). */
  installerImage: 'docker.io/library/alpine:3.21',
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
  /**
   * wrk 4.2.0 (LuaJIT, as every wrk build) from Alpine's package, published for amd64, arm64,
   * ppc64le, s390x and arm/v7 (github.com/elswork/wrk; williamyeh/wrk:4.0.2 is amd64-only, 2016).
   */
  wrk: 'docker.io/elswork/wrk:4.2.0',
} as const;
