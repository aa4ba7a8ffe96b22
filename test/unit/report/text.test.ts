import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/core/report/text.js';
import { renderTextTable } from '../../../src/core/report/text-table.js';
import { sampleReport } from './report-fixture.js';

describe('renderText', () => {
  const text = renderText(sampleReport());
  const lines = text.split('\n');

  it('starts with the verdict and its reason, then the words and counts', () => {
    expect(lines[0]).toBe(
      'cni-perf-gate: REGRESSION: material regression: tcp_throughput_bps on pod-to-pod-cross-node/tcp-stream −12.0%',
    );
    expect(lines[1]).toBe(
      'Performance regression (1 regression, 1 improvement, 1 inconclusive, 1 unchanged)',
    );
    expect(lines[2]).toContain('base: base.json');
    expect(lines[3]).toBe('Interference: base foreign CPU ≤ 1.2%; head foreign CPU ≤ 2.5%, 1 re-taken.');
  });

  it('has a headline table (gate status per row) and an informational table', () => {
    const header = lines.findIndex((l) => l.startsWith('Scenario'));
    expect(lines[header - 1]).toBe('Headline (decides the verdict):');
    expect(lines[header]).toMatch(/Scenario +Metric +Base median +Head median +Δ% +Bound +Threshold +Gate/);
    expect(lines[header + 1]).toMatch(/^-+( +-+){7}$/);
    const rows = lines.slice(header + 2, header + 6);
    expect(rows.map((r) => r.split(/\s{2,}/).at(-1))).toEqual(['REGRESSION', 'cleared', 'open', 'cleared']);
    expect(rows[0]).toMatch(
      /^pod-to-pod-cross-node\/tcp-stream +tcp_throughput_bps +9\.20 Gbit\/s +8\.10 Gbit\/s +-12\.0% +≥ -13\.5% +5% +REGRESSION$/,
    );
    expect(rows.some((r) => r.includes('20,000 req/s'))).toBe(true);
    expect(rows.some((r) => r.includes('3.10 ms'))).toBe(true);
    const info = lines.indexOf('Informational (reported, never decides):');
    expect(info).toBeGreaterThan(header);
    expect(lines[info + 3]).toMatch(/^pod-to-pod-same-node\/tcp-stream +tcp_retransmits .* unchanged$/);
  });

  it('explains non-unchanged verdicts and lists environment, unmatched and warnings', () => {
    expect(text).toContain(
      'pod-to-pod-cross-node/tcp-stream tcp_throughput_bps (regression): regression because',
    );
    expect(text).not.toContain('(unchanged):');
    expect(text).toContain('Environment differs:\n  kernel: 6.1.0 -> 6.1.0|rt <b>');
    expect(text).toContain('pod-to-service-cross-node/http-max http_rps: only in head');
    expect(text).toContain('Warnings:\n  environment differs');
    expect(text.endsWith('\n')).toBe(true);
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('shouts when the comparison is incomparable', () => {
    const out = renderText(sampleReport({ verdict: 'incomparable' }));
    expect(out.split('\n')[0]).toMatch(/^cni-perf-gate: INCOMPARABLE: /);
    expect(out).toContain('NOT a verdict');
  });

  it('says when nothing was compared', () => {
    const out = renderText(
      sampleReport({
        verdict: 'inconclusive',
        verdictReason: 'no headline metric was measured on both sides, so nothing could be cleared',
        comparisons: [],
        counts: { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 },
      }),
    );
    expect(out.split('\n')[0]).toContain('nothing could be cleared');
    expect(out.split('\n')[1]).toContain('(no metrics compared)');
    expect(out).not.toContain('Base median');
  });
});

describe('renderTextTable', () => {
  it('pads columns and right-aligns numbers', () => {
    expect(
      renderTextTable(
        ['a', 'num'],
        [
          ['xyz', '1'],
          ['b', '22.5'],
        ],
        ['left', 'right'],
      ),
    ).toBe('a     num\n---  ----\nxyz     1\nb    22.5');
  });
});
