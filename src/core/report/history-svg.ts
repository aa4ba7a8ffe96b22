import type { HistoryPoint, HistorySeries } from '../history/types.js';
import { formatCiAsDelta, formatRatioAsDelta, formatValue } from './format.js';
import { shortDate } from './history-summary.js';
import { escapeHtml } from './html-escape.js';

/** Colours for environment fingerprints, in order of first appearance (colour-blind-safe Okabe–Ito). */
export const ENVIRONMENT_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

/** Geometry of a chart (pixels). */
const WIDTH = 760;
const HEIGHT = 280;
const LEFT = 78;
const RIGHT = 16;
const TOP = 34;
const BOTTOM = 40;

/** Evenly spaced "nice" ticks (1, 2, 2.5, 5 × 10^k) covering [low, high]. */
export function niceTicks(low: number, high: number, target = 5): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / target;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

/** A URL that is safe in an href: http(s) only. */
export function safeHref(url: string | undefined): string | null {
  return url && /^https?:\/\//.test(url) ? url : null;
}

/** The hover text of a run: date, median and CI, n, commit, ref, environment. */
export function pointTooltip(point: HistoryPoint, unit: string, index: number): string {
  const lines = [
    `run ${index + 1}: ${shortDate(point.createdAt)} UTC`,
    `median ${formatValue(point.median, unit)} (95% CI ${formatValue(point.ci[0], unit)} – ${formatValue(point.ci[1], unit)})`,
    `n = ${point.n}`,
  ];
  if (point.source?.commit) lines.push(`commit ${point.source.commit.slice(0, 12)}`);
  if (point.source?.ref) lines.push(`ref ${point.source.ref}`);
  lines.push(`environment ${point.fingerprint.slice(7, 19)}`, point.file);
  return lines.join('\n');
}

function fixed(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '0';
}

/**
 * One series as an inline SVG: the 95% CI band of run medians, the median line, a horizontal
 * line per segment at its median, change points as dashed verticals labelled with the step and
 * its CI, and one circle per run coloured by environment (hover text: date, commit, n). Runs are
 * evenly spaced in time order; dates label the x axis.
 */
export function renderSeriesSvg(series: HistorySeries, colourOf: (fingerprint: string) => string): string {
  const plot = plotOf(series.points);
  const n = series.points.length;
  const title = `${series.subject.key} ${series.scenario} ${series.metric}`;
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(title)}" data-points="${n}" data-change-points="${series.changePoints.length}" xmlns="http://www.w3.org/2000/svg">` +
    axisSvg(series, plot) +
    bandSvg(series.points, plot) +
    segmentsSvg(series, plot) +
    medianLineSvg(series.points, plot) +
    changeMarksSvg(series, plot) +
    runsSvg(series, plot, colourOf) +
    '</svg>'
  );
}

/** The plot's scales: run index → x, value → y, and the y ticks. */
interface Plot {
  readonly x: (i: number) => number;
  readonly y: (v: number) => number;
  readonly ticks: readonly number[];
  readonly plotH: number;
}

function plotOf(points: HistorySeries['points']): Plot {
  const n = points.length;
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const lows = points.map((p) => Math.min(p.ci[0], p.median));
  const highs = points.map((p) => Math.max(p.ci[1], p.median));
  let low = Math.min(...lows);
  let high = Math.max(...highs);
  const pad = (high - low) * 0.08 || Math.abs(high) * 0.05 || 1;
  low -= pad;
  high += pad;
  const ticks = niceTicks(low, high);
  low = Math.min(low, ticks[0]!);
  high = Math.max(high, ticks[ticks.length - 1]!);
  return {
    x: (i) => LEFT + (n > 1 ? (i * plotW) / (n - 1) : plotW / 2),
    y: (v) => TOP + plotH - ((v - low) / (high - low)) * plotH,
    ticks,
    plotH,
  };
}

/** Grid lines with value ticks, date labels on the x axis, and the y axis line. */
function axisSvg({ points, unit }: HistorySeries, { x, y, ticks, plotH }: Plot): string {
  const n = points.length;
  const grid = ticks
    .map(
      (t) =>
        `<line class="grid" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fixed(y(t))}" y2="${fixed(y(t))}"/>` +
        `<text class="tick" x="${LEFT - 6}" y="${fixed(y(t) + 4)}" text-anchor="end">${escapeHtml(formatValue(t, unit))}</text>`,
    )
    .join('');
  const labelEvery = Math.max(1, Math.ceil(n / 8));
  const labelled = (i: number): boolean =>
    i === n - 1 || (i % labelEvery === 0 && (n - 1 - i >= labelEvery || n === 1));
  const xLabels = points
    .map((p, i) =>
      labelled(i)
        ? `<text class="tick" x="${fixed(x(i))}" y="${HEIGHT - BOTTOM + 16}" text-anchor="${n > 1 && i === n - 1 ? 'end' : 'middle'}">${escapeHtml(p.createdAt.slice(0, 10))}</text>`
        : '',
    )
    .join('');
  return `<g class="axis">${grid}${xLabels}<line class="frame" x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${TOP + plotH}"/></g>`;
}

/** The CI band and the environment-change marks. */
function bandSvg(points: HistorySeries['points'], { x, y, plotH }: Plot): string {
  const n = points.length;
  const environmentMarks = points
    .map((p, i) => {
      if (i === 0 || p.fingerprint === points[i - 1]!.fingerprint) return '';
      const at = (x(i - 1) + x(i)) / 2;
      return (
        `<g class="environment-change"><line x1="${fixed(at)}" x2="${fixed(at)}" y1="${TOP}" y2="${TOP + plotH}"/>` +
        `<text x="${fixed(at - 4)}" y="${TOP + plotH - 6}" text-anchor="end">environment changed</text></g>`
      );
    })
    .join('');
  const upper = points.map((p, i) => `${fixed(x(i))},${fixed(y(p.ci[1]))}`);
  const lower = points.map((p, i) => `${fixed(x(i))},${fixed(y(p.ci[0]))}`).reverse();
  const band = n > 1 ? `<path class="ci-band" d="M${upper.join('L')}L${lower.join('L')}Z"/>` : '';
  return `${band}${environmentMarks}`;
}

/** The line through the run medians. */
function medianLineSvg(points: HistorySeries['points'], { x, y }: Plot): string {
  return points.length > 1
    ? `<polyline class="median-line" points="${points.map((p, i) => `${fixed(x(i))},${fixed(y(p.median))}`).join(' ')}"/>`
    : '';
}

/** A level line per segment between change points. */
function segmentsSvg(series: HistorySeries, { x, y }: Plot): string {
  const starts = [0, ...series.changePoints.map((c) => c.index), series.points.length];
  return series.changePoints.length
    ? starts
        .slice(0, -1)
        .map((start, s) => {
          const end = starts[s + 1]! - 1;
          const level = s === 0 ? series.changePoints[0]!.before : series.changePoints[s - 1]!.after;
          return `<line class="segment" x1="${fixed(x(start))}" x2="${fixed(x(end))}" y1="${fixed(y(level))}" y2="${fixed(y(level))}"/>`;
        })
        .join('')
    : '';
}

/** The change points: dashed verticals labelled with the step and its CI. */
function changeMarksSvg(series: HistorySeries, { x, plotH }: Plot): string {
  return series.changePoints
    .map((c) => {
      const at = (x(c.index - 1) + x(c.index)) / 2;
      const label = `${formatRatioAsDelta(c.ratio)} ${formatCiAsDelta(c.ci)}${c.environmentChanged ? ' env' : ''}`;
      return (
        `<g class="change-point" data-index="${c.index}"><line x1="${fixed(at)}" x2="${fixed(at)}" y1="${TOP - 4}" y2="${TOP + plotH}"/>` +
        `<text x="${fixed(at + 4)}" y="${TOP - 8}">${escapeHtml(label)}</text></g>`
      );
    })
    .join('');
}

/** One circle per run, coloured by environment, with its tooltip and a link to the run. */
function runsSvg(series: HistorySeries, { x, y }: Plot, colourOf: (fingerprint: string) => string): string {
  return series.points
    .map((p, i) => {
      const tip = pointTooltip(p, series.unit, i);
      const circle = `<circle class="run" cx="${fixed(x(i))}" cy="${fixed(y(p.median))}" r="4.5" fill="${colourOf(p.fingerprint)}" data-tip="${escapeHtml(tip)}"><title>${escapeHtml(tip)}</title></circle>`;
      const href = safeHref(p.source?.runUrl);
      return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener">${circle}</a>` : circle;
    })
    .join('');
}
