/** The app.kubernetes.io/name of everything this tool creates. */
export const APP_NAME = 'cni-perf-gate';
/** Label naming the placement a pod/service/configmap belongs to. */
export const PLACEMENT_LABEL = 'cni-perf-gate/placement';
/** Label naming the server kind (iperf3 | http) of a server pod. */
export const SERVER_LABEL = 'cni-perf-gate/server';

/** Which part of a run an object is. */
export type Component = 'namespace' | 'server' | 'client' | 'files';

/** The recommended app.kubernetes.io labels for an object of this run. */
export function runLabels(runId: string, component: Component): Record<string, string> {
  return {
    'app.kubernetes.io/name': APP_NAME,
    'app.kubernetes.io/instance': labelValue(runId),
    'app.kubernetes.io/managed-by': APP_NAME,
    'app.kubernetes.io/component': component,
  };
}

/** A string made safe as a label value (≤ 63 chars, alphanumerics, `-_.`, alnum at both ends). */
export function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** A string made safe as a DNS-1123 label (lowercase, ≤ `max` chars). */
export function dnsLabel(text: string, max = 63): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/** The namespace of a run: `cpg-<runId>`. */
export function runNamespace(runId: string): string {
  return dnsLabel(`cpg-${runId}`);
}
