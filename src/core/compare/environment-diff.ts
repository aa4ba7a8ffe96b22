import type { Environment, KubernetesEnvironment } from '../results/types.js';
import type { EnvironmentDifference } from './types.js';

function text(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function kubernetesFields(k: KubernetesEnvironment): Record<string, unknown> {
  return {
    'kubernetes.version': k.version,
    'kubernetes.nodeImage': k.nodeImage,
    'kubernetes.nodes': k.nodes,
    'kubernetes.kubeProxyMode': k.kubeProxyMode,
    'kubernetes.architecture': k.architecture,
    'kubernetes.cni.name': k.cni?.name,
    'kubernetes.cni.version': k.cni?.version,
  };
}

/** Cluster facts that belong to the subject under test (the CNI a PR changes), not the environment. */
const SUBJECT_FIELDS = ['kubernetes.cni.name', 'kubernetes.cni.version'];

/** What else the two sides' subjects account for. */
export interface SubjectChanges {
  /** The subjects' kube-proxy modes differ (a comparison of modes): the cluster's mode is under test. */
  readonly kubeProxy?: boolean;
}

/**
 * Compares two environments field by field (kernel, cpuModel, cpus, mtu, each tool version, the
 * Kubernetes facts). The CNI's name and version are the subject under test (a PR that bumps
 * Cilium, a paired run of Flannel vs Calico), never an environment difference; so is the
 * cluster's kube-proxy mode when the subjects' modes differ. When every field matches but the
 * fingerprints differ and no subject field explains it, the fingerprint itself is reported, so a
 * mismatch is never silent.
 */
export function diffEnvironments(
  base: Environment,
  head: Environment,
  subjects: SubjectChanges = {},
): EnvironmentDifference[] {
  const differences: EnvironmentDifference[] = [];
  const underTest = new Set(SUBJECT_FIELDS);
  if (subjects.kubeProxy) underTest.add('kubernetes.kubeProxyMode');
  let subjectDiffers = false;
  const compare = (field: string, a: unknown, b: unknown): void => {
    if (text(a) === text(b)) return;
    if (underTest.has(field)) subjectDiffers = true;
    else differences.push({ field, base: text(a), head: text(b) });
  };
  compare('kernel', base.kernel, head.kernel);
  compare('cpuModel', base.cpuModel, head.cpuModel);
  compare('cpus', base.cpus, head.cpus);
  compare('mtu', base.mtu, head.mtu);
  const tools = [...new Set([...Object.keys(base.tools ?? {}), ...Object.keys(head.tools ?? {})])].sort();
  for (const tool of tools) compare(`tools.${tool}`, base.tools?.[tool], head.tools?.[tool]);
  const kb = base.kubernetes ?? null;
  const kh = head.kubernetes ?? null;
  if (kb === null || kh === null) {
    if (kb !== kh) compare('kubernetes', kb === null ? null : kb.version, kh === null ? null : kh.version);
  } else {
    const fb = kubernetesFields(kb);
    const fh = kubernetesFields(kh);
    for (const field of Object.keys(fb)) compare(field, fb[field], fh[field]);
  }
  if (differences.length === 0 && !subjectDiffers) compare('fingerprint', base.fingerprint, head.fingerprint);
  return differences;
}
