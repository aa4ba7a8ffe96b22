import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import type {
  CounterChange,
  ScenarioUnderneath,
  UnderneathReport,
} from '../../../src/core/compare/underneath-types.js';
import { COMPARE_REPORT_V1_SCHEMA } from '../../../src/core/report/compare-report-schema.js';
import { renderJson } from '../../../src/core/report/json.js';
import {
  UNDERNEATH_COMMENT_LINES,
  formatCount,
  formatTimes,
  underneathMarkdownBrief,
  underneathMarkdownFull,
  underneathTextLines,
} from '../../../src/core/report/underneath.js';
import { baseCounts, counterRun, headCounts } from '../../helpers/counter-results.js';

const change = (i: number, moved = true): CounterChange => ({
  scope: `node-${i}`,
  counter: 'IpExt.InNoECTPkts',
  label: 'packets received, each segment counted (not ECN-capable)',
  base: { n: 8, median: 115_000, perSample: 230_000 },
  head: { n: 8, median: 115_000 * (6 - i / 10), perSample: 1_000_000 },
  ratio: 6 - i / 10,
  ci: [5.5 - i / 10, 6.3 - i / 10],
  p: 0.0002,
  pAdjusted: 0.004,
  paired: true,
  moved,
});

const scenario = (
  counters: CounterChange[],
  overrides: Partial<ScenarioUnderneath> = {},
): ScenarioUnderneath => ({
  scenario: 'pod-to-pod-cross-node/tcp-stream',
  verdict: 'regression',
  metrics: ['tcp_throughput_bps'],
  workUnit: 'GB',
  paired: true,
  counters,
  negligible: 3,
  note: null,
  ...overrides,
});

const report = (...scenarios: ScenarioUnderneath[]): UnderneathReport => ({
  alpha: 0.01,
  materialPct: 20,
  familySize: 30,
  scenarios,
});

const bullets = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('- '));

describe('formatting counters', () => {
  it('counts with SI suffixes, ratios as multiples', () => {
    expect([formatCount(736_412), formatCount(1_520_000), formatCount(0.35), formatCount(0)]).toEqual([
      '736k',
      '1.52M',
      '0.350',
      '0',
    ]);
    expect([formatTimes(6.0812), formatTimes(0.42), formatTimes(null)]).toEqual([
      '×6.08',
      '×0.420',
      'from 0',
    ]);
  });
});

describe('PR comment: at most five lines per scenario', () => {
  it('shows every moved counter when there are five or fewer', () => {
    const md = underneathMarkdownBrief(report(scenario([0, 1, 2, 3, 4].map((i) => change(i)))), 0.95)!;
    expect(bullets(md)).toHaveLength(5);
    expect(bullets(md)[0]).toBe(
      '- node-0 `IpExt.InNoECTPkts` ×6.00 (95% CI ×5.50…×6.30): 115k → 690k per GB — packets received, each segment counted (not ECN-capable)',
    );
  });

  it('four counters and "… N more" past five; unmoved counters never listed', () => {
    const counters = [...[0, 1, 2, 3, 4, 5, 6].map((i) => change(i)), change(9, false)];
    const md = underneathMarkdownBrief(report(scenario(counters)), 0.95)!;
    expect(bullets(md)).toHaveLength(UNDERNEATH_COMMENT_LINES);
    expect(bullets(md).at(-1)).toBe('- … 3 more in the job summary');
    expect(md).not.toContain('node-9');
    expect(md).toContain(
      '**pod-to-pod-cross-node/tcp-stream (tcp_throughput_bps regressed), kernel counters per GB:**',
    );
  });

  it('a regression with nothing named says why; an open scenario with nothing named is left out', () => {
    const why = scenario([change(0, false)], {
      note: 'no counter moved by 20% or more per GB with significance',
    });
    const open = scenario([], {
      scenario: 'pod-to-pod-cross-node/http-max',
      verdict: 'inconclusive',
      workUnit: '1k requests',
    });
    const md = underneathMarkdownBrief(report(why, open), 0.95)!;
    expect(bullets(md)).toEqual(['- no counter moved by 20% or more per GB with significance']);
    expect(md).not.toContain('http-max');
    expect(underneathMarkdownBrief(report(open), 0.95)).toBeNull();
    expect(underneathMarkdownBrief(report(), 0.95)).toBeNull();
    expect(underneathMarkdownBrief(undefined, 0.95)).toBeNull();
  });
});

describe('text report and job summary: the full table', () => {
  const seven = report(scenario([...[0, 1, 2, 3, 4, 5, 6].map((i) => change(i)), change(9, false)]));

  it('text: every moved counter, then what was tested and left out', () => {
    const lines = underneathTextLines(seven, 0.95);
    expect(lines.filter((line) => /^ {4}node-\d/.test(line))).toHaveLength(7);
    expect(lines.at(-1)).toBe('    1 other counter tested did not move; 3 ~0 on both sides');
    expect(lines.join('\n')).toMatch(
      /Where\s+Counter\s+Base \/GB\s+Head \/GB\s+Ratio\s+95% CI\s+p \(Holm, 30\)/,
    );
    expect(underneathTextLines(undefined, 0.95)).toEqual([]);
  });

  it('job summary: a collapsed table of every moved counter', () => {
    const md = underneathMarkdownFull(seven, 0.95)!;
    expect(
      md.startsWith('<details><summary>What changed underneath: all 7 counters that moved</summary>'),
    ).toBe(true);
    expect(md.split('\n').filter((line) => line.startsWith('| node-'))).toHaveLength(7);
    expect(underneathMarkdownFull(report(), 0.95)).toBeNull();
  });
});

describe('reports with counters', () => {
  const compared = () =>
    compareResults(
      counterRun(1, 12, baseCounts),
      counterRun(2, 10.8, headCounts),
      {},
      { base: 'main.json', head: 'pr.json' },
    );

  it('the JSON report holds every counter tested and validates against the report schema', () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(COMPARE_REPORT_V1_SCHEMA);
    const doc = JSON.parse(renderJson(compared())) as {
      underneath: { scenarios: { counters: unknown[] }[] };
    };
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    expect(doc.underneath.scenarios[0]!.counters).toHaveLength(4);
  });
});
