import { describe, expect, it } from 'vitest';
import { diffColour } from '../../../src/core/report/flame-graph-colour.js';
import { fitLabel, renderDiffFlameGraph } from '../../../src/core/report/flame-graph.js';
import { fixtureFolded, scaleFrames } from '../../helpers/profile-fixture.js';

interface DrawnFrame {
  readonly name: string;
  readonly tooltip: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly rgb: readonly [number, number, number];
}

const unescape = (text: string): string =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The frames of a rendered graph: tooltip, rectangle and fill. */
function frames(svg: string): DrawnFrame[] {
  const pattern =
    /<g class="frame"><title>([^<]*)<\/title><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"[^>]* fill="rgb\((\d+),(\d+),(\d+)\)"/g;
  return [...svg.matchAll(pattern)].map((m) => {
    const tooltip = unescape(m[1]!);
    return {
      name: tooltip.split('\n')[0]!.replace(/ \((kernel|every process, every CPU)\)$/, ''),
      tooltip,
      x: Number(m[2]),
      y: Number(m[3]),
      width: Number(m[4]),
      rgb: [Number(m[5]), Number(m[6]), Number(m[7])],
    };
  });
}

const byName = (drawn: DrawnFrame[], name: string): DrawnFrame => {
  const frame = drawn.find((f) => f.name === name);
  if (!frame) throw new Error(`no frame ${name} in ${drawn.map((f) => f.name).join(', ')}`);
  return frame;
};
const isRed = ([r, g, b]: readonly number[]): boolean => r! > g! + 60 && r! > b! + 60;
const isBlue = ([r, , b]: readonly number[]): boolean => b! > r! + 60;
const isNeutral = ([r, g, b]: readonly number[]): boolean => r === g && g === b;

const OPTIONS = { baseWork: 1, headWork: 1, workUnit: 'GB', width: 1020, minFrameWidth: 0 };

describe('renderDiffFlameGraph', () => {
  it('frame widths are the head CPU per unit of work; callees sum to at most their caller', () => {
    const head = { 'cmd;a_[k];b_[k]': 600, 'cmd;a_[k];c_[k]': 200, 'cmd;a_[k]': 200, other: 1000 };
    const drawn = frames(renderDiffFlameGraph(head, head, OPTIONS));
    // Full width (1000 px inside 10 px margins) is the larger side's total: 2000 ns per GB.
    expect(byName(drawn, 'all')).toMatchObject({ x: 10, width: 1000 });
    expect(byName(drawn, 'cmd')).toMatchObject({ x: 10, width: 500 });
    expect(byName(drawn, 'a')).toMatchObject({ x: 10, width: 500 });
    expect(byName(drawn, 'b').width).toBe(300);
    expect(byName(drawn, 'c')).toMatchObject({ x: 310, width: 100 });
    expect(byName(drawn, 'other')).toMatchObject({ x: 510, width: 500 });
    // Each depth is one row, callers below their callees.
    expect(byName(drawn, 'b').y).toBeLessThan(byName(drawn, 'a').y);
    expect(byName(drawn, 'a').y).toBeLessThan(byName(drawn, 'cmd').y);
    expect(drawn.every((f) => isNeutral(f.rgb))).toBe(true);
  });

  it('on real folded stacks: every caller at least as wide as its callees together, root full width', () => {
    const folded = fixtureFolded();
    const drawn = frames(renderDiffFlameGraph(folded, folded, OPTIONS));
    expect(byName(drawn, 'all').width).toBe(1000);
    const rows = [...new Set(drawn.map((f) => f.y))].sort((a, b) => b - a);
    for (let r = 1; r < rows.length; r++) {
      for (const callee of drawn.filter((f) => f.y === rows[r])) {
        const caller = drawn.find(
          (f) =>
            f.y === rows[r - 1] && f.x <= callee.x + 0.01 && callee.x + callee.width <= f.x + f.width + 0.02,
        );
        expect(caller, `a caller under ${callee.name}`).toBeDefined();
      }
      const rowWidth = drawn.filter((f) => f.y === rows[r]).reduce((sum, f) => sum + f.width, 0);
      expect(rowWidth).toBeLessThanOrEqual(1000 + 0.01 * drawn.length);
    }
  });

  it('grown frames are red, shrunk blue, unchanged grey (real stacks, scaled kernel frames)', () => {
    const base = fixtureFolded();
    const head = scaleFrames(base, { 'tcp_sendmsg_[k]': 2.5, 'tcp_recvmsg_[k]': 0.4 });
    const drawn = frames(renderDiffFlameGraph(base, head, OPTIONS));
    const sendmsg = drawn.filter((f) => f.name === 'tcp_sendmsg');
    const recvmsg = drawn.filter((f) => f.name === 'tcp_recvmsg');
    expect(sendmsg.length).toBeGreaterThan(0);
    expect(recvmsg.length).toBeGreaterThan(0);
    expect(sendmsg.every((f) => isRed(f.rgb))).toBe(true);
    expect(recvmsg.every((f) => isBlue(f.rgb))).toBe(true);
    expect(sendmsg[0]!.tooltip).toMatch(/change: \+150\.0%/);
    expect(recvmsg[0]!.tooltip).toMatch(/change: -60\.0%/);
    expect(isNeutral(byName(drawn, 'sha256sum').rgb)).toBe(true);
    expect(byName(drawn, 'sha256sum').tooltip).toMatch(/change: ±0\.0%/);
  });

  it('normalises by work: the same stacks over twice the work shrink; twice the CPU for twice the work is unchanged', () => {
    const base = { 'cmd;f_[k]': 1_000_000 };
    const doubled = { 'cmd;f_[k]': 2_000_000 };
    const sameWork = frames(renderDiffFlameGraph(base, doubled, OPTIONS));
    expect(isRed(byName(sameWork, 'f').rgb)).toBe(true);
    const twiceWork = frames(renderDiffFlameGraph(base, doubled, { ...OPTIONS, headWork: 2 }));
    expect(isNeutral(byName(twiceWork, 'f').rgb)).toBe(true);
    expect(byName(twiceWork, 'f').tooltip).toContain('head: 1.00 ms CPU per GB');
    expect(byName(twiceWork, 'f').tooltip).toContain('base: 1.00 ms CPU per GB');
    const halfCpu = frames(renderDiffFlameGraph(base, base, { ...OPTIONS, headWork: 2 }));
    expect(isBlue(byName(halfCpu, 'f').rgb)).toBe(true);
    // The head needs half the CPU per GB: it is drawn half as wide as the base total would be.
    expect(byName(halfCpu, 'all').width).toBe(500);
  });

  it('saturation grows with the size of the change', () => {
    const red = (c: string): number => Number(/rgb\((\d+)/.exec(c)![1]);
    expect(diffColour(1, 1, 2)).toBe(diffColour(5, 5, 2));
    expect(red(diffColour(1.1, 1, 2))).toBeLessThan(red(diffColour(1.5, 1, 2)));
    expect(diffColour(2, 1, 2)).toBe(diffColour(10, 1, 2));
    expect(diffColour(1, 0, 2)).toBe(diffColour(10, 1, 2));
  });

  it('escapes frame names, the unit and the title; no markup gets through', () => {
    const evil = '<script>alert(1)</script>';
    const svg = renderDiffFlameGraph(
      {},
      { [`${evil};a&b"c'_[k]`]: 5 },
      {
        ...OPTIONS,
        workUnit: '<b>GB</b>',
        title: `title ${evil}`,
      },
    );
    expect(svg).not.toMatch(/<script|<b>|alert\(1\)<\//);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a&amp;b&quot;c&#39;');
    expect(frames(svg).map((f) => f.name)).toContain(evil);
  });

  it('cuts labels to the frame width and gives each frame a tooltip with both sides and Δ%', () => {
    expect(fitLabel('tcp_sendmsg', 1000)).toBe('tcp_sendmsg');
    expect(fitLabel('tcp_sendmsg_locked', 60)).toBe('tcp_sen…');
    expect(fitLabel('tcp_sendmsg', 20)).toBe('');
    const svg = renderDiffFlameGraph({ 'cmd;f_[k]': 2e6 }, { 'cmd;f_[k]': 3e6 }, OPTIONS);
    expect(byName(frames(svg), 'f').tooltip).toBe(
      'f (kernel)\nhead: 3.00 ms CPU per GB (100.0% of head)\nbase: 2.00 ms CPU per GB\nchange: +50.0%',
    );
    const narrow = renderDiffFlameGraph(
      {},
      { 'cmd;averyveryverylongfunctionname_[k]': 1, 'x;y': 99 },
      OPTIONS,
    );
    expect(narrow).not.toContain('>averyveryverylongfunctionname<');
    expect(narrow).toMatch(/<title>averyveryverylongfunctionname \(kernel\)/);
  });

  it('leaves out frames narrower than the minimum and draws a legend and a summary', () => {
    const svg = renderDiffFlameGraph(
      { big: 999, tiny: 1 },
      { big: 999, tiny: 1 },
      {
        ...OPTIONS,
        minFrameWidth: 2,
      },
    );
    expect(frames(svg).map((f) => f.name)).toEqual(['all', 'big']);
    expect(svg).toContain('<g class="legend">');
    expect(svg).toMatch(/shrunk -50\.0%.*unchanged.*grown \+100\.0%/s);
    expect(svg).toContain('CPU per GB: head 1.00 µs, base 1.00 µs (±0.0%)');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});
