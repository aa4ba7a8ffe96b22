import type { TestId } from './scenarios.js';

/**
 * The stable metric ids (README "Results file"): used in thresholds, baselines and reports.
 * Every value is stored in the base unit named here.
 */
export const METRIC_IDS = [
  'tcp_throughput_bps',
  'tcp_retransmits',
  'udp_throughput_bps',
  'udp_loss_percent',
  'udp_jitter_ms',
  'http_rps',
  'http_conn_rate',
  'http_latency_avg_ms',
  'http_latency_p50_ms',
  'http_latency_p75_ms',
  'http_latency_p90_ms',
  'http_latency_p99_ms',
  'http_requests',
  'http_errors',
  'cpu_busy_percent',
  'cpu_softirq_percent',
  'cpu_seconds_per_gbit',
  'foreign_cpu_percent',
  'cpu_steal_percent',
  'tcp_throughput_vs_host',
  'udp_throughput_vs_host',
  'http_rps_vs_host',
  'http_latency_p50_vs_host',
  'http_latency_p99_vs_host',
  'http_conn_rate_vs_host',
  'pod_setup_p50_ms',
  'pod_setup_p95_ms',
  'cni_add_p50_ms',
  'cni_del_p50_ms',
  'pod_ready_p50_ms',
  'cni_agent_memory_bytes',
  'cni_agent_cpu_seconds_per_gbit',
  'bpf_map_memory_bytes',
] as const;

/** One of the stable metric ids. */
export type MetricId = (typeof METRIC_IDS)[number];

/** Which direction of change is an improvement. */
export type Better = 'higher' | 'lower';

/** Static facts about a metric: unit, direction, default gate threshold. */
export interface MetricInfo {
  readonly id: MetricId;
  readonly unit: string;
  readonly better: Better;
  /** Default material-change threshold in percent (the CI's near end must pass it). */
  readonly defaultThresholdPct: number;
  /**
   * Default threshold in paired mode, where ABBA pairing cancels machine drift so a smaller change
   * can be proven without false alarms; absent = defaultThresholdPct. Set only where the gate
   * benchmark (docs/gate-quality.md) measured it.
   */
  readonly pairedThresholdPct?: number;
  /**
   * Headline metrics decide the overall verdict (a material regression fails the gate; every one
   * must be cleared for a pass); the others are informational: reported, never deciding. Users may
   * promote or demote metrics in the thresholds file (compare option `headline`).
   */
  readonly headline: boolean;
  /**
   * Tests in which a headline metric is informational by default. The p99 of `http-max` is one:
   * that test is a closed loop at saturation, so its tail is the queue the client itself builds
   * (30–60% sample to sample on the lab, docs/drift-quality.md), while `http-fixed-rate` holds the
   * load and its tail measures the datapath. A promotion in the thresholds file gates it everywhere.
   */
  readonly informationalIn?: readonly TestId[];
  /**
   * Interference metrics describe the machine around a sample (other processes' CPU, hypervisor
   * steal), not the datapath: never compared between runs, summarised as the run's trustworthiness.
   */
  readonly interference?: boolean;
  /**
   * For a `…_vs_host` metric: the raw metric it normalises by the in-run control (the same metric
   * on `host-cross-node` in the same run). Derived by `compare`, never measured.
   */
  readonly normalizes?: MetricId;
  readonly description: string;
}

const info = (
  id: MetricId,
  unit: string,
  better: Better,
  defaultThresholdPct: number,
  headline: boolean,
  description: string,
): MetricInfo => ({ id, unit, better, defaultThresholdPct, headline, description });

function vsHost(
  raw: MetricId,
  better: Better,
  thresholdPct: number,
  description: string,
): MetricInfo & { normalizes: MetricId } {
  const id = `${raw.replace(/_(bps|ms)$/, '')}_vs_host` as MetricId;
  return { ...info(id, 'ratio', better, thresholdPct, false, description), normalizes: raw };
}

/** The metric catalogue, keyed by id. */
export const METRICS: Readonly<Record<MetricId, MetricInfo>> = {
  // Paired defaults (TCP 2.5%, RPS and p50 3%) calibrated by `npm run bench:gate` (docs/gate-quality.md):
  // a true 5% drop sits on a 5% threshold and is caught about half the time; unpaired keeps 5%.
  tcp_throughput_bps: {
    ...info('tcp_throughput_bps', 'bit/s', 'higher', 5, true, 'iperf3 TCP receiver throughput'),
    pairedThresholdPct: 2.5,
  },
  tcp_retransmits: info('tcp_retransmits', 'count', 'lower', 50, false, 'iperf3 TCP sender retransmits'),
  udp_throughput_bps: info(
    'udp_throughput_bps',
    'bit/s',
    'higher',
    5,
    false,
    'iperf3 UDP receiver throughput',
  ),
  udp_loss_percent: info('udp_loss_percent', '%', 'lower', 50, true, 'iperf3 UDP datagram loss'),
  udp_jitter_ms: info('udp_jitter_ms', 'ms', 'lower', 25, false, 'iperf3 UDP jitter'),
  http_rps: {
    ...info('http_rps', 'req/s', 'higher', 5, true, 'wrk requests per second'),
    pairedThresholdPct: 3,
  },
  http_conn_rate: info(
    'http_conn_rate',
    'conn/s',
    'higher',
    5,
    true,
    'new TCP connections per second (one request each)',
  ),
  http_latency_avg_ms: info('http_latency_avg_ms', 'ms', 'lower', 5, false, 'wrk mean latency'),
  http_latency_p50_ms: {
    ...info('http_latency_p50_ms', 'ms', 'lower', 5, true, 'wrk median latency'),
    pairedThresholdPct: 3,
  },
  http_latency_p75_ms: info('http_latency_p75_ms', 'ms', 'lower', 7.5, false, 'wrk p75 latency'),
  http_latency_p90_ms: info('http_latency_p90_ms', 'ms', 'lower', 10, false, 'wrk p90 latency'),
  http_latency_p99_ms: {
    ...info('http_latency_p99_ms', 'ms', 'lower', 10, true, 'wrk p99 latency'),
    informationalIn: ['http-max'],
  },
  http_requests: info('http_requests', 'count', 'higher', 5, false, 'wrk total requests'),
  http_errors: info('http_errors', 'count', 'lower', 50, false, 'wrk socket errors plus non-2xx/3xx'),
  cpu_busy_percent: info('cpu_busy_percent', '%', 'lower', 10, false, 'CPU busy share of all CPUs'),
  cpu_softirq_percent: info('cpu_softirq_percent', '%', 'lower', 10, false, 'CPU softirq share of all CPUs'),
  cpu_seconds_per_gbit: info(
    'cpu_seconds_per_gbit',
    's/Gbit',
    'lower',
    10,
    false,
    'CPU busy seconds per Gbit moved',
  ),
  foreign_cpu_percent: {
    ...info('foreign_cpu_percent', '%', 'lower', 0, false, 'CPU used by processes outside the run'),
    interference: true,
  },
  cpu_steal_percent: {
    ...info('cpu_steal_percent', '%', 'lower', 0, false, 'CPU time stolen by the hypervisor'),
    interference: true,
  },
  tcp_throughput_vs_host: vsHost('tcp_throughput_bps', 'higher', 5, 'TCP throughput relative to the control'),
  udp_throughput_vs_host: vsHost('udp_throughput_bps', 'higher', 5, 'UDP throughput relative to the control'),
  http_rps_vs_host: vsHost('http_rps', 'higher', 5, 'HTTP RPS relative to the control'),
  http_latency_p50_vs_host: vsHost('http_latency_p50_ms', 'lower', 5, 'p50 latency relative to the control'),
  http_conn_rate_vs_host: vsHost('http_conn_rate', 'higher', 5, 'connection rate relative to the control'),
  http_latency_p99_vs_host: vsHost('http_latency_p99_ms', 'lower', 10, 'p99 latency relative to the control'),
  // pod-churn (one sample = one burst of pods). Thresholds from the lab's sample-to-sample spread
  // (README "pod-churn"): setup p50 varied 23% (CV) between bursts on a loaded 2-core machine, the
  // tails more; a material change must clear that.
  pod_setup_p50_ms: info(
    'pod_setup_p50_ms',
    'ms',
    'lower',
    25,
    true,
    "pod-churn: median time from network setup start to the pod's first TCP connect to another node",
  ),
  pod_setup_p95_ms: info(
    'pod_setup_p95_ms',
    'ms',
    'lower',
    50,
    false,
    'pod-churn: p95 of the pod setup time',
  ),
  cni_add_p50_ms: info(
    'cni_add_p50_ms',
    'ms',
    'lower',
    25,
    false,
    'pod-churn: median wall time of the CNI ADD chain',
  ),
  pod_ready_p50_ms: info(
    'pod_ready_p50_ms',
    'ms',
    'lower',
    25,
    false,
    'pod-churn (Kubernetes): median time from pod creation to its Ready condition',
  ),
  cni_del_p50_ms: info(
    'cni_del_p50_ms',
    'ms',
    'lower',
    25,
    false,
    'pod-churn: median wall time of the CNI DEL chain',
  ),
  // The CNI's own resources, read around the samples of one scenario (core/resources.ts:
  // resourceCarrier). Memory is a level, not a rate, but compared like the rest (ratio, CI): a
  // config that grows the agents' working set by more than 10% is a material regression.
  cni_agent_memory_bytes: info(
    'cni_agent_memory_bytes',
    'bytes',
    'lower',
    10,
    true,
    "Kubernetes: the CNI agent pods' memory working set after the sample (kubelet stats summary), max over nodes",
  ),
  // Informational: the kubelet refreshes its CPU counters every 10-15 s, so a sample's figure is
  // the agents' rate over the kubelet's interval around it, coarse beside the datapath's own CPU.
  cni_agent_cpu_seconds_per_gbit: info(
    'cni_agent_cpu_seconds_per_gbit',
    's/Gbit',
    'lower',
    25,
    false,
    "Kubernetes: the CNI agent pods' CPU seconds during the sample (summed over nodes) per Gbit moved",
  ),
  // Informational: only eBPF datapaths and kube-proxy modes have BPF maps (a comparison with a
  // netfilter datapath would have it on one side only, which keeps a headline metric from ever
  // passing), and the lab's maps are sized by the project's own BPF programs, not by the CNI config.
  bpf_map_memory_bytes: info(
    'bpf_map_memory_bytes',
    'bytes',
    'lower',
    10,
    false,
    "lab: memory of the BPF maps used by the run's own programs (bpftool bytes_memlock)",
  ),
};

/** The topology that serves as every run's control: the host network path between the nodes. */
export const CONTROL_TOPOLOGY = 'host-cross-node';

/** The default threshold (percent) of a metric, in paired or unpaired comparison. */
export function defaultThresholdPct(id: MetricId, paired: boolean): number {
  const metric = METRICS[id];
  return paired ? (metric.pairedThresholdPct ?? metric.defaultThresholdPct) : metric.defaultThresholdPct;
}

/** True when `id` is one of the stable metric ids. */
export function isMetricId(id: string): id is MetricId {
  return (METRIC_IDS as readonly string[]).includes(id);
}

/** A sample's measured values, keyed by metric id (only the metrics its test produces). */
export type MetricValues = Partial<Record<MetricId, number>>;
