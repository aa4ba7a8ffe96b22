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

/**
 * Compares two environments field by field (kernel, cpuModel, cpus, mtu, each tool version, the
 * Kubernetes facts). When every field matches but the fingerprints differ, the fingerprint itself
 * is reported, so a mismatch is never silent.
 */
export function diffEnvironments(base: Environment, head: Environment): EnvironmentDifference[] {
  const differences: EnvironmentDifference[] = [];
  const compare = (field: string, a: unknown, b: unknown): void => {
    if (text(a) !== text(b)) differences.push({ field, base: text(a), head: text(b) });
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
  if (differences.length === 0) compare('fingerprint', base.fingerprint, head.fingerprint);
  return differences;
}
