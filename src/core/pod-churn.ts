import type { MetricValues } from './metrics.js';
import { median, quantile } from './stats/quantile.js';

/** One pod of a pod-churn burst, in milliseconds (the platform's measurement). */
export interface PodTiming {
  /** Start of network setup → the pod's first successful TCP connect. */
  readonly setupMs: number;
  /** Wall time of the CNI ADD chain (lab only). */
  readonly addMs?: number;
  /** Wall time of the CNI DEL chain (lab only). */
  readonly delMs?: number;
  /** Creation → the pod's Ready condition (Kubernetes only). */
  readonly readyMs?: number;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * The metrics of one pod-churn sample (one burst): p50 and p95 of the pods' setup times, and the
 * median ADD and DEL wall times (lab) and creation → Ready (Kubernetes) when every pod has them. Empty for an empty burst.
 */
export function podChurnMetrics(pods: readonly PodTiming[]): MetricValues {
  if (pods.length === 0) return {};
  const setup = pods.map((pod) => pod.setupMs);
  const metrics: MetricValues = {
    pod_setup_p50_ms: round3(median(setup)),
    pod_setup_p95_ms: round3(quantile(setup, 0.95)),
  };
  const add = pods.map((pod) => pod.addMs).filter((v): v is number => v !== undefined);
  const del = pods.map((pod) => pod.delMs).filter((v): v is number => v !== undefined);
  if (add.length === pods.length) metrics.cni_add_p50_ms = round3(median(add));
  if (del.length === pods.length) metrics.cni_del_p50_ms = round3(median(del));
  const ready = pods.map((pod) => pod.readyMs).filter((v): v is number => v !== undefined);
  if (ready.length === pods.length) metrics.pod_ready_p50_ms = round3(median(ready));
  return metrics;
}
