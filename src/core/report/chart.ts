import type { MetricComparison } from '../compare/types.js';
import { METRICS } from '../metrics.js';
import { round1 } from '../stats/round.js';

/** Short axis names for headline metrics (chart labels must stay narrow). */
const SHORT: Readonly<Record<string, string>> = {
  tcp_throughput_bps: 'TCP',
  udp_throughput_bps: 'UDP',
  http_rps: 'RPS',
  http_conn_rate: 'conn/s',
  http_latency_p50_ms: 'p50',
  http_latency_p99_ms: 'p99',
};

/** A mermaid string literal: double quotes are not escapable there, so they become single quotes. */
function mermaidString(text: string): string {
  return `"${text.replace(/"/g, "'").replace(/[\r\n]+/g, ' ')}"`;
}

/** The headline comparisons a chart can show: headline metric and a finite ratio. */
export function chartableComparisons(comparisons: readonly MetricComparison[]): MetricComparison[] {
  return comparisons.filter(
    (c) => METRICS[c.metric]?.headline && c.ratio !== null && Number.isFinite(c.ratio),
  );
}

/**
 * A mermaid `xychart-beta` block charting head against base for headline metrics, normalised so
 * base = 100 (a flat line) and head = 100 × ratio (bars). Returns '' when nothing is chartable.
 */
export function renderHeadlineChart(
  comparisons: readonly MetricComparison[],
  title = 'Head vs base (base = 100)',
): string {
  const shown = chartableComparisons(comparisons);
  if (shown.length === 0) return '';
  const labels = shown.map((c) => mermaidString(`${c.scenario} ${SHORT[c.metric] ?? c.metric}`));
  const head = shown.map((c) => round1((c.ratio as number) * 100));
  const low = Math.max(0, Math.floor((Math.min(100, ...head) - 5) / 5) * 5);
  const high = Math.ceil((Math.max(100, ...head) + 5) / 5) * 5;
  return [
    '```mermaid',
    'xychart-beta',
    `  title ${mermaidString(title)}`,
    `  x-axis [${labels.join(', ')}]`,
    `  y-axis "% of base" ${low} --> ${high}`,
    `  bar [${head.join(', ')}]`,
    `  line [${shown.map(() => 100).join(', ')}]`,
    '```',
  ].join('\n');
}
