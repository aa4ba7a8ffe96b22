import { describe, expect, it } from 'vitest';
import { buildHistory } from '../../../src/core/history/index.js';
import { renderHistoryHtml } from '../../../src/core/report/history-html.js';
import { renderHistoryJson } from '../../../src/core/report/history-json.js';
import { renderHistoryMarkdown } from '../../../src/core/report/history-markdown.js';
import { niceTicks } from '../../../src/core/report/history-svg.js';
import { makeHistoryRuns } from '../../helpers/history-runs.js';

const runs = makeHistoryRuns({
  runs: 12,
  step: { at: 7, ratio: 0.88 },
  environmentChangeAt: 10,
  withSource: true,
}).map((r) => ({ file: r.name, results: r.results }));
const report = buildHistory(runs, [{ file: 'broken.json', reason: 'not valid JSON' }]);

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

describe('history JSON', () => {
  it('has the documented shape: series with points, and change points with step and p', () => {
    const doc = JSON.parse(renderHistoryJson(report));
    expect(Object.keys(doc)).toEqual(['settings', 'files', 'skipped', 'series', 'changePoints']);
    expect(doc.files).toBe(12);
    expect(doc.skipped).toEqual([{ file: 'broken.json', reason: 'not valid JSON' }]);
    const tcp = doc.series.find((s: { metric: string }) => s.metric === 'tcp_throughput_bps');
    expect(tcp.subject).toEqual({
      key: 'lab/bridge-vxlan',
      platform: 'lab',
      datapath: 'bridge-vxlan',
      kubeProxyMode: null,
    });
    expect(tcp.points).toHaveLength(12);
    expect(Object.keys(tcp.points[0])).toEqual([
      'createdAt',
      'median',
      'ci',
      'n',
      'fingerprint',
      'source',
      'file',
    ]);
    const change = doc.changePoints.find((c: { metric: string }) => c.metric === 'tcp_throughput_bps');
    expect(change).toMatchObject({
      scenario: 'pod-to-pod-cross-node/tcp-stream',
      createdAt: runs[change.index]!.results.createdAt,
    });
    expect(Object.keys(change)).toEqual([
      'subject',
      'scenario',
      'metric',
      'index',
      'createdAt',
      'before',
      'after',
      'ratio',
      'ci',
      'p',
      'environmentChanged',
    ]);
    expect(change.after / change.before).toBeCloseTo(change.ratio, 12);
  });
});

describe('history markdown', () => {
  it('summarises with a table, the change points and mermaid line charts', () => {
    const md = renderHistoryMarkdown(report);
    expect(md).toMatch(
      /^## cni-perf-gate history\n\n12 results files, 1 skipped, 1 subject, 4 series, 4 change points\./,
    );
    expect(md).toContain('| lab/bridge-vxlan | pod-to-pod-cross-node/tcp-stream | tcp_throughput_bps | 12 |');
    expect(count(md, /```mermaid\nxychart-beta/g)).toBe(4);
    expect(md).toMatch(
      /tcp_throughput_bps: step -1\d\.\d% \[-\d+\.\d%, -\d+\.\d%\] at run [789] \(2026-03-0\d 04:00, commit abc000\d\)/,
    );
    expect(md).toContain('- broken.json: not valid JSON');
    expect(renderHistoryMarkdown(report, { maxCharts: 1 })).toContain(
      '(3 more series in the JSON/HTML report.)',
    );
  });

  it('says so when there is nothing to chart', () => {
    const empty = buildHistory([]);
    expect(renderHistoryMarkdown(empty)).toContain('nothing to chart');
  });
});

describe('history HTML', () => {
  const html = renderHistoryHtml(report, { generatedAt: '2026-03-13T00:00:00.000Z' });

  it('is one self-contained page: no external script, stylesheet, font or image', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(|<img\b|<iframe\b/i);
    expect(count(html, /<script>/g)).toBe(1);
  });

  it('draws one chart per series with a CI band, a point per run and the change points', () => {
    expect(count(html, /<svg class="chart"/g)).toBe(report.series.length);
    expect(count(html, /<path class="ci-band"/g)).toBe(report.series.length);
    expect(count(html, /<circle class="run"/g)).toBe(report.series.length * 12);
    expect(count(html, /<g class="change-point"/g)).toBe(4);
    expect(count(html, /<g class="environment-change"/g)).toBe(report.series.length);
    expect(html).toMatch(/data-points="12" data-change-points="1"/);
  });

  it('colours points by environment and puts date, commit and n in the hover text, linking the run', () => {
    const colours = new Set(
      [...html.matchAll(/<circle class="run"[^>]* fill="(#[0-9A-Fa-f]{6})"/g)].map((m) => m[1]),
    );
    expect(colours.size).toBe(2);
    expect(html).toMatch(
      /data-tip="run 1: 2026-03-01 04:00 UTC\nmedian [^"]*\nn = 5\ncommit abc000000000\nref refs\/heads\/main/,
    );
    expect(html).toContain('<a href="https://github.com/acme/cni-config/actions/runs/1000"');
  });

  it('has a summary table, a selector and names skipped files', () => {
    expect(count(html, /<tr class="summary-row"/g)).toBe(report.series.length);
    expect(html).toContain('<select id="pick-scenario">');
    expect(html).toContain('<select id="pick-metric">');
    expect(html).toContain('<code>broken.json</code>: not valid JSON');
  });

  it('escapes text from results files', () => {
    const hostile = runs.map((r) => ({
      ...r,
      results: { ...r.results, subject: { ...r.results.subject, datapath: '<script>alert(1)</script>' } },
    }));
    const page = renderHistoryHtml(buildHistory(hostile.slice(0, 3)));
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders a single run as a point with a note, and an empty history without a script', () => {
    const one = renderHistoryHtml(buildHistory(runs.slice(0, 1)));
    expect(count(one, /<circle class="run"/g)).toBe(4);
    expect(one).not.toContain('<path class="ci-band"');
    expect(one).toContain('series needs at least 2 runs');
    const none = renderHistoryHtml(buildHistory([]));
    expect(none).toContain('nothing to chart');
    expect(none).not.toContain('<script>');
  });
});

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(0.8, 9.6)).toEqual([2, 4, 6, 8]);
    expect(niceTicks(34000, 43000)).toEqual([34000, 36000, 38000, 40000, 42000]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});
