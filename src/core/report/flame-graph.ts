import { diffTree, type DiffFrame } from '../profile/diff-tree.js';
import type { FoldedStacks } from '../profile/types.js';
import { diffColour, renderFlameLegend } from './flame-graph-colour.js';
import { formatCpuNs, formatRatioAsDelta } from './format.js';
import { escapeHtml } from './html-escape.js';

/** Options of {@link renderDiffFlameGraph}. */
export interface DiffFlameGraphOptions {
  /** Work the base profile's samples did (in `workUnit`): the base stacks are divided by it. */
  readonly baseWork: number;
  /** Work the head profile's samples did (in `workUnit`): the head stacks are divided by it. */
  readonly headWork: number;
  /** The unit of work, e.g. `GB` or `1k requests`. */
  readonly workUnit: string;
  /** A heading drawn above the graph. */
  readonly title?: string;
  /** Width of the SVG in pixels. Default 1200. */
  readonly width?: number;
  /** Height of one frame in pixels. Default 16. */
  readonly frameHeight?: number;
  /** Frames narrower than this many pixels (and their callees) are not drawn. Default 0.5. */
  readonly minFrameWidth?: number;
  /** Change factor at which the colour saturates (2: +100% full red, −50% full blue). Default 2. */
  readonly saturateAt?: number;
}

const KERNEL_SUFFIX = '_[k]';
const PAD = 10;
const FONT_SIZE = 11;
/** Advance of one character of a monospace font at FONT_SIZE (labels are cut to fit by it). */
const CHAR_WIDTH = FONT_SIZE * 0.6;
const LEGEND_HEIGHT = 40;
const FOOTER_HEIGHT = 34;

interface Placed {
  readonly frame: DiffFrame;
  readonly x: number;
  readonly width: number;
}

interface Geometry {
  readonly width: number;
  readonly frameHeight: number;
  readonly minFrameWidth: number;
  readonly saturateAt: number;
  /** Pixels per nanosecond of CPU per unit of work. */
  readonly scale: number;
}

const round = (value: number): number => Math.round(value * 100) / 100;

/** Frames placed left to right, callees on their caller's span; too narrow ones left out. */
function place(root: DiffFrame, geometry: Geometry): Placed[] {
  const placed: Placed[] = [];
  const visit = (frame: DiffFrame, x: number): void => {
    const width = frame.head * geometry.scale;
    if (width < geometry.minFrameWidth) return;
    placed.push({ frame, x, width });
    let childX = x;
    for (const child of frame.children) {
      visit(child, childX);
      childX += child.head * geometry.scale;
    }
  };
  visit(root, PAD);
  return placed;
}

/** A frame's name as shown: kernel frames without their `_[k]` suffix. */
function displayName(name: string): string {
  return name.endsWith(KERNEL_SUFFIX) ? name.slice(0, -KERNEL_SUFFIX.length) : name;
}

/** The label that fits in `width` pixels: whole, cut with an ellipsis, or nothing. */
export function fitLabel(name: string, width: number): string {
  const chars = Array.from(name);
  const room = Math.floor((width - 6) / CHAR_WIDTH);
  if (chars.length <= room) return name;
  return room >= 3 ? `${chars.slice(0, room - 1).join('')}…` : '';
}

function tooltip(frame: DiffFrame, rootHead: number, workUnit: string): string {
  const kernel = frame.name.endsWith(KERNEL_SUFFIX);
  const share = rootHead > 0 ? ` (${((frame.head / rootHead) * 100).toFixed(1)}% of head)` : '';
  const change = frame.base > 0 ? formatRatioAsDelta(frame.head / frame.base) : 'new in head';
  return [
    frame.depth === 0
      ? 'all (every process, every CPU)'
      : `${displayName(frame.name)}${kernel ? ' (kernel)' : ''}`,
    `head: ${formatCpuNs(frame.head)} CPU per ${workUnit}${share}`,
    `base: ${formatCpuNs(frame.base)} CPU per ${workUnit}`,
    `change: ${change}`,
  ].join('\n');
}

function frameSvg(p: Placed, y: number, geometry: Geometry, rootHead: number, workUnit: string): string {
  const { frame } = p;
  const fill = diffColour(frame.head, frame.base, geometry.saturateAt);
  const label = fitLabel(frame.depth === 0 ? 'all' : displayName(frame.name), p.width);
  const text = label
    ? `<text x="${round(p.x + 3)}" y="${round(y + geometry.frameHeight - 4.5)}">${escapeHtml(label)}</text>`
    : '';
  return (
    `<g class="frame"><title>${escapeHtml(tooltip(frame, rootHead, workUnit))}</title>` +
    `<rect x="${round(p.x)}" y="${round(y)}" width="${round(p.width)}" height="${geometry.frameHeight - 1}" rx="2" fill="${fill}" stroke="#fff" stroke-width="0.5"/>` +
    `${text}</g>`
  );
}

function footer(y: number, root: DiffFrame, baseOnly: number, workUnit: string, minWidth: number): string {
  const per = `per ${workUnit}`;
  const lines = [
    `CPU ${per}: head ${formatCpuNs(root.head)}, base ${formatCpuNs(root.base)} (${root.base > 0 ? formatRatioAsDelta(root.head / root.base) : 'no base samples'}); the full width is the larger of the two.`,
    `Not drawn: ${formatCpuNs(baseOnly)} CPU ${per} of base call paths the head does not have, and frames narrower than ${minWidth} px.`,
  ];
  return lines
    .map((line, i) => `<text x="${PAD}" y="${y + 14 + i * 15}" fill="#57606a">${escapeHtml(line)}</text>`)
    .join('');
}

function geometryOf(root: DiffFrame, options: DiffFlameGraphOptions): Geometry {
  const width = options.width ?? 1200;
  const full = Math.max(root.head, root.base);
  return {
    width,
    frameHeight: options.frameHeight ?? 16,
    minFrameWidth: options.minFrameWidth ?? 0.5,
    saturateAt: Math.max(1.01, options.saturateAt ?? 2),
    scale: full > 0 ? (width - 2 * PAD) / full : 0,
  };
}

/**
 * A differential flame graph of two folded CPU profiles as one self-contained SVG (no scripts, no
 * external references). Frame widths are the head profile's CPU per unit of work; the full width
 * is the larger side's total CPU per unit of work, so a head that needs less CPU per unit draws
 * narrower. Each frame's colour is the change of its inclusive CPU per unit of work against the
 * same call path in the base (see {@link diffColour}): grown red, shrunk blue, unchanged grey.
 * Every frame carries a `<title>` tooltip (name, head and base CPU per unit of work, Δ%); labels
 * are cut to fit; a legend explains the scale. Every name is escaped. Pure.
 */
export function renderDiffFlameGraph(
  base: FoldedStacks,
  head: FoldedStacks,
  options: DiffFlameGraphOptions,
): string {
  const { root, baseOnly } = diffTree(base, head, options.baseWork, options.headWork);
  const geometry = geometryOf(root, options);
  const placed = geometry.scale > 0 ? place(root, geometry) : [];
  const maxDepth = placed.reduce((max, p) => Math.max(max, p.frame.depth), 0);
  const titleHeight = options.title ? 24 : 0;
  const framesTop = titleHeight + LEGEND_HEIGHT;
  const framesHeight = (maxDepth + 1) * geometry.frameHeight;
  const height = framesTop + framesHeight + FOOTER_HEIGHT;
  const frames = placed.map((p) =>
    frameSvg(
      p,
      framesTop + (maxDepth - p.frame.depth) * geometry.frameHeight,
      geometry,
      root.head,
      options.workUnit,
    ),
  );
  const empty =
    placed.length === 0
      ? `<text x="${PAD}" y="${framesTop + 12}">The head profile has no samples to draw.</text>`
      : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="flame-graph" width="${geometry.width}" height="${height}" viewBox="0 0 ${geometry.width} ${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="${FONT_SIZE}" role="img" aria-label="${escapeHtml(options.title ?? 'differential flame graph')}">`,
    options.title
      ? `<text x="${PAD}" y="17" font-size="14" font-weight="600" fill="#1f2328">${escapeHtml(options.title)}</text>`
      : '',
    renderFlameLegend(PAD, titleHeight + 6, options.workUnit, geometry.saturateAt),
    `<g class="frames" fill="#000">${frames.join('')}${empty}</g>`,
    footer(framesTop + framesHeight, root, baseOnly, options.workUnit, geometry.minFrameWidth),
    '</svg>',
  ].join('\n');
}
