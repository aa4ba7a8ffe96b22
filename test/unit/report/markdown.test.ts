import { describe, expect, it } from 'vitest';
import { renderHeadlineChart } from '../../../src/core/report/chart.js';
import { renderMarkdown } from '../../../src/core/report/markdown.js';
import { escapeCell, renderMarkdownTable } from '../../../src/core/report/markdown-table.js';
import { comparison, sampleReport } from './report-fixture.js';

/** Cells of a GFM table row, honouring `\|` escapes. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(sampleReport(), {
    marker: 'cni-perf-gate:sticky',
    runUrl: 'https://github.com/o/r/actions/runs/1 (x)',
    title: 'CNI perf',
  });
  const lines = md.split('\n');

  it('puts the marker first, then the verdict line with emoji, words and counts', () => {
    expect(lines[0]).toBe('<!-- cni-perf-gate:sticky -->');
    expect(lines[1]).toBe('### ❌ CNI perf: Performance regression');
    expect(lines[3]).toBe(
      '**material regression: tcp_throughput_bps on pod-to-pod-cross-node/tcp-stream −12.0%**',
    );
    expect(md).toContain('[Workflow run](https://github.com/o/r/actions/runs/1%20%28x%29)');
  });

  it('starts with the verdict line when there is no marker', () => {
    const plain = renderMarkdown(sampleReport({ verdict: 'pass' }));
    expect(plain.split('\n')[0]).toBe('### ✅ cni-perf-gate: No performance regression');
    expect(plain).not.toContain('<!--');
    expect(plain).not.toContain('Workflow run');
  });

  it('leads with a headline table (one row per scenario × headline metric), informational under details', () => {
    const header = lines.findIndex((l) => l.startsWith('| Scenario | Metric | Base | Head |'));
    expect(cells(lines[header] as string)).toEqual([
      'Scenario',
      'Metric',
      'Base',
      'Head',
      'Δ',
      'Worst plausible',
      'Threshold',
      'Gate',
    ]);
    expect(lines[header + 1]).toBe('|:---|:---|---:|---:|---:|---:|---:|:---|');
    const rows = lines.slice(header + 2, header + 6).map(cells);
    expect(rows.map((r) => r[7])).toEqual(['🔴 regression', '✅ cleared', '🟡 open', '✅ cleared']);
    expect(rows[0]).toEqual([
      'pod-to-pod-cross-node/tcp-stream',
      'tcp_throughput_bps',
      '9.20 Gbit/s',
      '8.10 Gbit/s',
      '-12.0%',
      '≥ -13.5%',
      '5%',
      '🔴 regression',
    ]);
    expect(lines[header + 6]).toBe('');
    expect(md).toContain(
      '- 🔴 **pod-to-pod-cross-node/tcp-stream tcp_throughput_bps**: regression because of the fixture',
    );
    expect(md).toContain('- 🟡 **pod-to-pod-cross-node/http-max http_latency_p99_ms**: inconclusive because');
    // The informational metric is in a collapsed table, not in the headline one.
    const info = md.indexOf('<details><summary>Informational metrics (1 unchanged)</summary>');
    expect(info).toBeGreaterThan(md.indexOf('| Gate |'));
    expect(md.indexOf('tcp_retransmits')).toBeGreaterThan(info);
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

  it('collapses samples, environment diff, unmatched metrics and warnings with escaped cells', () => {
    for (const summary of [
      'Samples',
      'Environment differences (1)',
      'Not compared: present on one side only (1)',
      'Warnings (1)',
    ]) {
      expect(md).toContain(`<details><summary>${summary}</summary>`);
    }
    expect(md.match(/<details>/g)).toHaveLength(md.match(/<\/details>/g)?.length ?? -1);
    const envRow = lines.find((l) => l.startsWith('| kernel |')) as string;
    expect(envRow).toBe('| kernel | 6.1.0 | 6.1.0\\|rt &lt;b&gt; |');
    expect(cells(envRow)).toHaveLength(3);
    expect(md).toContain('n=2: 3.30 ms, 4.00 ms');
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
