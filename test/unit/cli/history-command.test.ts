import { access, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { makeHistoryRuns } from '../../helpers/history-runs.js';
import { memoryIo } from '../../helpers/memory-io.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpg-history-test-'));
  // Downloaded artifacts nest: baselines/<run>/results.json
  for (const [i, run] of makeHistoryRuns({
    runs: 12,
    step: { at: 7, ratio: 0.88 },
    withSource: true,
  }).entries()) {
    await mkdir(join(dir, 'step', `run-${i}`), { recursive: true });
    await writeFile(join(dir, 'step', `run-${i}`, 'results.json'), serializeResults(run.results));
  }
  await mkdir(join(dir, 'aa'));
  for (const run of makeHistoryRuns({ runs: 12, seed: 5 })) {
    await writeFile(join(dir, 'aa', run.name), serializeResults(run.results));
  }
  await writeFile(join(dir, 'corrupt.json'), '{"schemaVersion": 1,');
  await writeFile(
    join(dir, 'future.json'),
    JSON.stringify({
      ...JSON.parse(serializeResults(makeHistoryRuns({ runs: 1 })[0]!.results)),
      schemaVersion: 2,
    }),
  );
  await mkdir(join(dir, 'empty'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await expect(access(dir)).rejects.toThrow();
});

async function history(...argv: string[]) {
  const io = memoryIo(dir);
  const code = await main(['history', ...argv], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe('cni-perf-gate history', () => {
  it('reports exactly one change point at a −12% step at the 8th of 12 runs (±1), in JSON', async () => {
    const { code, out } = await history('step', '--format', 'json');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    const tcp = doc.changePoints.filter((c: { metric: string }) => c.metric === 'tcp_throughput_bps');
    expect(tcp).toHaveLength(1);
    expect(Math.abs(tcp[0].index - 7)).toBeLessThanOrEqual(1);
    expect(tcp[0].ratio).toBeLessThan(0.92);
    expect(doc.series[0].points[0].file).toBe(join('step', 'run-0', 'results.json'));
    expect(doc.series[0].points[0].source.runUrl).toMatch(/^https:\/\/github.com\//);
  });

  it('reports no change point on 12 A/A runs', async () => {
    const { code, out } = await history('aa', '--format=json');
    expect(code).toBe(0);
    expect(JSON.parse(out).changePoints).toEqual([]);
  });

  it('writes the HTML page with --out and prints one summary line', async () => {
    const { code, out, err } = await history('step', '--out', 'report.html', '--title', 'Nightly <lab>');
    expect(code).toBe(0);
    expect(out).toBe(
      '12 results files, 1 subject, 4 series, 4 change points; report written to report.html\n',
    );
    expect(err).toContain('history: 12 results file(s)');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<title>Nightly &lt;lab&gt;</title>');
    expect(html.match(/<svg class="chart"/g)).toHaveLength(4);
    await rm(join(dir, 'report.html'));
  });

  it('writes markdown for a job summary', async () => {
    const { code, out } = await history('aa', '--format', 'markdown');
    expect(code).toBe(0);
    expect(out).toContain('```mermaid\nxychart-beta');
    expect(out).toContain('No change points.');
  });

  it('names and skips corrupt and future-schema files, keeping the rest', async () => {
    const { code, out, err } = await history('aa', 'corrupt.json', 'future.json', '--format', 'json');
    expect(code).toBe(0);
    expect(err).toMatch(/history: warning: skipped corrupt\.json: not valid JSON/);
    expect(err).toMatch(
      /history: warning: skipped future\.json: was written by a newer cni-perf-gate \(schemaVersion 2\)/,
    );
    const doc = JSON.parse(out);
    expect(doc.files).toBe(12);
    expect(doc.skipped.map((s: { file: string }) => s.file)).toEqual(['corrupt.json', 'future.json']);
  });

  it('settings change the answer deterministically: a huge minimum segment finds nothing', async () => {
    const a = await history('step', '--format', 'json', '--seed', '7');
    const b = await history('step', '--format', 'json', '--seed', '7');
    expect(a.out).toBe(b.out);
    const wide = await history('step', '--format', 'json', '--min-segment', '7');
    expect(JSON.parse(wide.out).changePoints).toEqual([]);
    expect(JSON.parse(wide.out).settings.minSegment).toBe(7);
  });

  it.each([
    [['missing.json'], /history: missing\.json: no such file or directory/],
    [['empty'], /history: empty: the directory holds no \*\.json results files/],
    [['corrupt.json'], /none of the 1 file\(s\) is a usable results file/],
    [[], /history: missing FILE\|DIR; usage:/],
    [['aa', '--format', 'pdf'], /--format "pdf" is not one of html, markdown, json/],
    [['aa', '--alpha', '2'], /--alpha "2" must be a number between 0 and 1/],
    [['aa', '--min-segment', '1'], /--min-segment "1" must be an integer of at least 2/],
    [['aa', '--permutations', '5'], /--permutations "5" must be an integer between 19 and 100000/],
    [['aa', '--bogus'], /history: Unknown option '--bogus'/],
  ])('exits 2 with one clear line and writes nothing: %j', async (argv, message) => {
    const before = await readdir(dir);
    const { code, out, err } = await history(...argv, '--out', 'never.html');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n').pop()).toMatch(message);
    expect(await readdir(dir)).toEqual(before);
  });
});
