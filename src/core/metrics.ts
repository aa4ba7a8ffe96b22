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
  /** Headline metrics are charted and listed first in reports. */
  readonly headline: boolean;
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

/** The metric catalogue, keyed by id. */
export const METRICS: Readonly<Record<MetricId, MetricInfo>> = {
  // Paired default calibrated by `npm run bench:gate` (docs/gate-quality.md); unpaired keeps the 5% default.
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
    true,
    'iperf3 UDP receiver throughput',
  ),
  udp_loss_percent: info('udp_loss_percent', '%', 'lower', 50, false, 'iperf3 UDP datagram loss'),
  udp_jitter_ms: info('udp_jitter_ms', 'ms', 'lower', 25, false, 'iperf3 UDP jitter'),
  http_rps: info('http_rps', 'req/s', 'higher', 5, true, 'wrk requests per second'),
  http_conn_rate: info(
    'http_conn_rate',
    'conn/s',
    'higher',
    5,
    true,
    'new TCP connections per second (one request each)',
  ),
  http_latency_avg_ms: info('http_latency_avg_ms', 'ms', 'lower', 5, false, 'wrk mean latency'),
  http_latency_p50_ms: info('http_latency_p50_ms', 'ms', 'lower', 5, true, 'wrk median latency'),
  http_latency_p75_ms: info('http_latency_p75_ms', 'ms', 'lower', 7.5, false, 'wrk p75 latency'),
  http_latency_p90_ms: info('http_latency_p90_ms', 'ms', 'lower', 10, false, 'wrk p90 latency'),
  http_latency_p99_ms: info('http_latency_p99_ms', 'ms', 'lower', 10, true, 'wrk p99 latency'),
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
};

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
