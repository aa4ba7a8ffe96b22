import { escapeHtml } from './html-escape.js';
import { formatRatioAsDelta } from './format.js';

type Rgb = readonly [number, number, number];

/** Unchanged frames: light grey, so grown and shrunk ones stand out. */
const NEUTRAL: Rgb = [221, 221, 221];
/** Grown at full saturation. */
const RED: Rgb = [230, 60, 45];
/** Shrunk at full saturation. */
const BLUE: Rgb = [60, 120, 230];

function mix(to: Rgb, share: number): string {
  const channel = (i: number): number => Math.round(NEUTRAL[i]! + (to[i]! - NEUTRAL[i]!) * share);
  return `rgb(${channel(0)},${channel(1)},${channel(2)})`;
}

/**
 * The fill of a differential flame graph frame from its CPU per unit of work on each side: red
 * when it grew, blue when it shrank, grey when unchanged; saturation grows with the size of the
 * change on a log scale and is full at a factor of `saturateAt` (2: +100% red, −50% blue). A frame
 * the base never reached is full red.
 */
export function diffColour(head: number, base: number, saturateAt: number): string {
  if (base <= 0) return head > 0 ? mix(RED, 1) : mix(NEUTRAL, 0);
  if (head <= 0) return mix(BLUE, 1);
  const log = Math.log(head / base);
  const share = Math.min(1, Math.abs(log) / Math.log(saturateAt));
  return log > 0 ? mix(RED, share) : mix(BLUE, share);
}

/** Swatches in the legend, from full blue through grey to full red. */
const LEGEND_STEPS = [-4, -3, -2, -1, 0, 1, 2, 3, 4];

/**
 * The legend of a differential flame graph as SVG at (`x`, `y`): the colour scale with its end
 * and middle labels, and one line on what width and colour mean.
 */
export function renderFlameLegend(x: number, y: number, workUnit: string, saturateAt: number): string {
  const swatch = 36;
  const parts = LEGEND_STEPS.map((step, i) => {
    const factor = Math.pow(saturateAt, step / 4);
    const fill = diffColour(factor, 1, saturateAt);
    return `<rect x="${x + i * swatch}" y="${y}" width="${swatch}" height="12" fill="${fill}"><title>${escapeHtml(formatRatioAsDelta(factor))}</title></rect>`;
  });
  const end = x + LEGEND_STEPS.length * swatch;
  const label = (lx: number, anchor: string, text: string): string =>
    `<text x="${lx}" y="${y + 24}" text-anchor="${anchor}" fill="#57606a">${escapeHtml(text)}</text>`;
  return [
    '<g class="legend">',
    ...parts,
    `<rect x="${x}" y="${y}" width="${end - x}" height="12" fill="none" stroke="#8c959f"/>`,
    label(x, 'start', `shrunk ${formatRatioAsDelta(1 / saturateAt)}`),
    label((x + end) / 2, 'middle', 'unchanged'),
    label(end, 'end', `grown ${formatRatioAsDelta(saturateAt)}`),
    `<text x="${end + 14}" y="${y + 10}" fill="#1f2328">${escapeHtml(`Width: head CPU per ${workUnit}. Colour: change of the frame's CPU per ${workUnit} (inclusive) vs base.`)}</text>`,
    `<text x="${end + 14}" y="${y + 24}" fill="#57606a">Hover a frame for its figures.</text>`,
    '</g>',
  ].join('');
}
