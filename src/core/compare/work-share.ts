import type { MetricId } from '../metrics.js';
import type { MetricComparison } from './types.js';

/** Machine-share CPU metrics: a share of all CPUs during the sample, whatever work was done. */
const MACHINE_SHARE: readonly MetricId[] = ['cpu_busy_percent', 'cpu_softirq_percent'];

/** The work a scenario's samples do, first found wins: bits moved, requests or connections served. */
const WORK: readonly MetricId[] = ['tcp_throughput_bps', 'udp_throughput_bps', 'http_rps', 'http_conn_rate'];

const pct = (ratio: number): string => `${Math.abs((ratio - 1) * 100).toFixed(1)}%`;

/**
 * Machine-share CPU is not judged when the work done differs: a head that moves a quarter of the
 * data also keeps the CPUs less busy, and calling that an improvement (or its opposite a
 * regression) would be reading the traffic, not the datapath's cost. In a scenario whose work
 * metric moved (its CI excludes no change), informational `cpu_busy_percent` and `cpu_softirq_percent` lose a
 * regression or improvement verdict: they read `inconclusive`, saying why and pointing at the cost
 * per unit of work (`cpu_seconds_per_gbit`). Informational metrics only; the gate is unaffected.
 */
export function withMachineShareCpuUnjudged(comparisons: readonly MetricComparison[]): MetricComparison[] {
  const work = new Map<string, MetricComparison>();
  for (const metric of WORK) {
    for (const c of comparisons) if (c.metric === metric && !work.has(c.scenario)) work.set(c.scenario, c);
  }
  return comparisons.map((c) => {
    if (!MACHINE_SHARE.includes(c.metric) || (c.verdict !== 'regression' && c.verdict !== 'improvement'))
      return c;
    const w = work.get(c.scenario);
    if (!w || w.ratio === null || w.ci === null || (w.ci[0] <= 1 && w.ci[1] >= 1)) return c;
    const moved = `${w.ratio < 1 ? 'less' : 'more'} ${w.metric === 'tcp_throughput_bps' || w.metric === 'udp_throughput_bps' ? 'data' : 'work'}`;
    const perWork = comparisons.some((x) => x.scenario === c.scenario && x.metric === 'cpu_seconds_per_gbit')
      ? '; the cost per unit of work is cpu_seconds_per_gbit'
      : '';
    return {
      ...c,
      verdict: 'inconclusive' as const,
      reason: `not judged: a share of the machine follows the traffic, and head did ${pct(w.ratio)} ${moved} (${w.metric})${perWork}`,
    };
  });
}
