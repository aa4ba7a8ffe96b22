import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/core/report/text.js';
import { renderTextTable } from '../../../src/core/report/text-table.js';
import { sampleReport } from './report-fixture.js';

describe('renderText', () => {
  const text = renderText(sampleReport());
  const lines = text.split('\n');

  it('starts with the verdict and the counts', () => {
    expect(lines[0]).toBe(
      'cni-perf-gate: REGRESSION: Performance regression (1 regression, 1 improvement, 1 inconclusive, 2 unchanged)',
    );
    expect(lines[1]).toContain('base: base.json');
  });

  it('has a header, a rule and one row per comparison, regressions first', () => {
    const header = lines.findIndex((l) => l.startsWith('Scenario'));
    expect(lines[header]).toMatch(
      /Scenario +Metric +Base median +Head median +Δ% +95% CI of Δ% +p\(adj\) +Verdict/,
    );
    expect(lines[header + 1]).toMatch(/^-+( +-+){7}$/);
    const rows = lines.slice(header + 2, header + 7);
    expect(rows.map((r) => r.split(/\s{2,}/).at(-1))).toEqual([
      'REGRESSION',
      'improvement',
      'inconclusive',
      'unchanged',
      'unchanged',
    ]);
    expect(lines[header + 7]).toBe('');
    expect(rows[0]).toMatch(
      /^pod-to-pod-cross-node\/tcp-stream +tcp_throughput_bps +9\.20 Gbit\/s +8\.10 Gbit\/s +-12\.0% +\[-14\.0%, -10\.0%\] +0\.0021 +REGRESSION$/,
    );
    expect(rows.some((r) => r.includes('20,000 req/s'))).toBe(true);
    expect(rows.some((r) => r.includes('3.10 ms'))).toBe(true);
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
        comparisons: [],
        counts: { regression: 0, improvement: 0, unchanged: 0, inconclusive: 0 },
      }),
    );
    expect(out.split('\n')[0]).toContain('(no metrics compared)');
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
