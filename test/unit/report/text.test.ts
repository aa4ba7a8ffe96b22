import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/core/report/text.js';
import { renderTextTable } from '../../../src/core/report/text-table.js';
import { sampleReport } from './report-fixture.js';

// The layout of the text report (verdict line, tables, explanations, environment, warnings) is
// pinned by the golden files (test/unit/report/golden.test.ts, e.g. sample-report.txt.golden);
// these test what the layout does not show on its own.
describe('renderText', () => {
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
