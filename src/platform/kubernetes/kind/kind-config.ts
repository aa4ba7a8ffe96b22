import { stringify } from 'yaml';
import { UserError } from '../../../core/errors.js';
import { KIND_NODE_IMAGE } from '../versions.js';

/** kube-proxy modes kind accepts (`none` = no kube-proxy, e.g. for a CNI's kube-proxy replacement). */
export const KIND_KUBE_PROXY_MODES = ['iptables', 'ipvs', 'nftables', 'none'] as const;
/** kube-proxy mode of a kind cluster (the cluster's setting; the tool's own modes are core's KubeProxyMode). */
export type KindKubeProxyMode = (typeof KIND_KUBE_PROXY_MODES)[number];

/** What the kind cluster looks like. */
export interface KindClusterSpec {
  /** Worker nodes (besides the control plane), at least 1. */
  readonly workers: number;
  readonly podSubnet: string;
  readonly serviceSubnet: string;
  readonly kubeProxyMode: KindKubeProxyMode;
  /** `kindest/node:…` image (default: the pinned KIND_NODE_IMAGE), or null for kind's own default. */
  readonly nodeImage: string | null;
}

/** Defaults: 2 workers (cross-node needs two), kind's usual subnets, iptables kube-proxy, the pinned node image. */
export const DEFAULT_KIND_SPEC: KindClusterSpec = {
  workers: 2,
  podSubnet: '10.244.0.0/16',
  serviceSubnet: '10.96.0.0/16',
  kubeProxyMode: 'iptables',
  nodeImage: KIND_NODE_IMAGE,
};

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

function checkCidr(field: string, value: string): void {
  const m = CIDR.exec(value);
  const ok = m !== null && m.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(m[5]) <= 32;
  if (!ok) throw new UserError(`kind ${field} "${value}" is not an IPv4 CIDR (e.g. 10.244.0.0/16)`);
}

/** Checks a spec; throws UserError naming the bad field. */
export function validateKindSpec(spec: KindClusterSpec): void {
  if (!Number.isInteger(spec.workers) || spec.workers < 1 || spec.workers > 20) {
    throw new UserError(`kind workers must be an integer from 1 to 20, got ${spec.workers}`);
  }
  checkCidr('podSubnet', spec.podSubnet);
  checkCidr('serviceSubnet', spec.serviceSubnet);
  if (!(KIND_KUBE_PROXY_MODES as readonly string[]).includes(spec.kubeProxyMode)) {
    throw new UserError(
      `kubeProxyMode "${spec.kubeProxyMode}" is not one of ${KIND_KUBE_PROXY_MODES.join(', ')}`,
    );
  }
}

/** The kind `Cluster` object (v1alpha4) for a spec: default CNI disabled, so ours is the only one. */
export function kindConfigObject(spec: KindClusterSpec): Record<string, unknown> {
  validateKindSpec(spec);
  const node = (role: 'control-plane' | 'worker'): Record<string, unknown> =>
    spec.nodeImage ? { role, image: spec.nodeImage } : { role };
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    networking: {
      disableDefaultCNI: true,
      podSubnet: spec.podSubnet,
      serviceSubnet: spec.serviceSubnet,
      kubeProxyMode: spec.kubeProxyMode,
    },
    nodes: [node('control-plane'), ...Array.from({ length: spec.workers }, () => node('worker'))],
  };
}

/** The kind config file text for a spec. */
export function renderKindConfig(spec: KindClusterSpec): string {
  return stringify(kindConfigObject(spec));
}
