import { describe, expect, it } from 'vitest';
import { renderHeadlineChart } from '../../../src/core/report/chart.js';
import { renderMarkdown } from '../../../src/core/report/markdown.js';
import { escapeCell, renderMarkdownTable } from '../../../src/core/report/markdown-table.js';
import { comparison, sampleReport } from './report-fixture.js';

// The layout of the PR comment (marker, verdict line, headline table, folds, escaped cells, the run
// link) is pinned by the golden files (test/unit/report/golden.test.ts, e.g.
// sample-report.md.golden); these test what the layout does not show on its own.
describe('renderMarkdown', () => {
  const md = renderMarkdown(sampleReport(), {
    marker: 'cni-perf-gate:sticky',
    runUrl: 'https://github.com/o/r/actions/runs/1 (x)',
    title: 'CNI perf',
  });
  const lines = md.split('\n');

  it('starts with the verdict line when there is no marker', () => {
    const plain = renderMarkdown(sampleReport({ verdict: 'pass' }));
    expect(plain.split('\n')[0]).toBe('### ✅ cni-perf-gate: No performance regression');
    expect(plain).not.toContain('<!--');
    expect(plain).not.toContain('Workflow run');
  });

  it('charts headline metrics with series as long as the x axis', () => {
    const start = lines.indexOf('```mermaid');
    expect(start).toBeGreaterThan(0);
    expect(lines[start + 1]).toBe('xychart-beta');
    const block = lines.slice(start, lines.indexOf('```', start + 1));
    const axis = block.find((l) => l.trim().startsWith('x-axis')) as string;
    const labels = axis.match(/"[^"]*"/g) ?? [];
    const series = (kind: string) =>
      (block.find((l) => l.trim().startsWith(kind)) as string)
        .replace(/.*\[(.*)\].*/, '$1')
        .split(', ')
        .map(Number);
    // tcp_retransmits is not a headline metric: 4 of the 5 comparisons are charted.
    expect(labels).toHaveLength(4);
    expect(series('bar')).toEqual([88, 113, 106, 100.1]);
    expect(series('line')).toEqual([100, 100, 100, 100]);
  });

  it('limits the samples listed per side', () => {
    const many = Array.from({ length: 40 }, (_, i) => 1e9 + i * 1e6);
    const report = sampleReport({
      comparisons: [
        comparison('pod-to-pod-cross-node/tcp-stream', 'tcp_throughput_bps', 'unchanged', many, many, 1),
      ],
    });
    const out = renderMarkdown(report, { maxDetailSamples: 5 });
    expect(out).toContain(
      'n=40: 1.00 Gbit/s, 1.00 Gbit/s, 1.00 Gbit/s, 1.00 Gbit/s, 1.00 Gbit/s, … (+35 more)',
    );
  });

  it('warns loudly when incomparable', () => {
    const out = renderMarkdown(sampleReport({ verdict: 'incomparable' }));
    expect(out.split('\n')[0]).toMatch(/^### 🚫 /);
    expect(out).toContain('> [!WARNING]');
  });

  it('neutralises a marker that would close the HTML comment', () => {
    expect(renderMarkdown(sampleReport(), { marker: 'a --> b' }).split('\n')[0]).toBe('<!-- a -> b -->');
  });
});

describe('markdown helpers', () => {
  it('escapes pipes, HTML and line breaks in cells', () => {
    expect(escapeCell('a|b')).toBe('a\\|b');
    expect(escapeCell('<script>&')).toBe('&lt;script&gt;&amp;');
    expect(escapeCell('one\ntwo')).toBe('one two');
    const table = renderMarkdownTable(['h'], [['x|y']]);
    expect(table.split('\n')[2]).toBe('| x\\|y |');
  });

  it('renders no chart when nothing headline has a ratio', () => {
    expect(
      renderHeadlineChart([
        comparison('pod-to-pod-cross-node/tcp-stream', 'tcp_retransmits', 'unchanged', [1], [1], 1),
      ]),
    ).toBe('');
    expect(
      renderHeadlineChart([
        comparison('pod-to-pod-cross-node/tcp-stream', 'tcp_throughput_bps', 'unchanged', [0], [1], null),
      ]),
    ).toBe('');
  });
});
