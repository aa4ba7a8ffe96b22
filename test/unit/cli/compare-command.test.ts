import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { memoryIo } from '../../helpers/memory-io.js';
import { fixtureFolded, profileOf, scaleFrames, withProfile } from '../../helpers/profile-fixture.js';
import { writeResultsDir, type ResultsDir } from './results-files.js';

let files: ResultsDir;

beforeAll(async () => {
  files = await writeResultsDir();
});

afterAll(async () => {
  await files.remove();
  await expect(access(files.dir)).rejects.toThrow();
});

async function compare(...argv: string[]) {
  const io = memoryIo(files.dir);
  const code = await main(['compare', ...argv], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

describe('cni-perf-gate compare', () => {
  it('exits 0 and prints the text report when nothing regressed', async () => {
    const { code, out, err } = await compare('base.json', 'same.json');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out.split('\n')[0]).toMatch(
      /^cni-perf-gate: PASS: no material regression: all \d+ headline metrics cleared$/,
    );
    expect(out).toContain('pod-to-pod-cross-node/tcp-stream');
  });

  it('exits 1 on a regression, in every format', async () => {
    const text = await compare('base.json', 'slower.json');
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^cni-perf-gate: REGRESSION: /);
    expect(text.out).toMatch(/pod-to-pod-cross-node\/tcp-stream +tcp_throughput_bps .* REGRESSION/);

    const json = await compare('base.json', 'slower.json', '--format', 'json');
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.out);
    expect(doc.verdict).toBe('regression');
    const tcp = doc.comparisons.find((c: { metric: string }) => c.metric === 'tcp_throughput_bps');
    expect(tcp.verdict).toBe('regression');
    expect(tcp.ratio).toBeGreaterThan(0.6);
    expect(tcp.ratio).toBeLessThan(0.8);
    expect(tcp.ci[1]).toBeLessThan(0.95);

    const md = await compare('base.json', 'slower.json', '--format=markdown');
    expect(md.code).toBe(1);
    expect(md.out.split('\n')[0]).toMatch(/^### ❌ cni-perf-gate: Performance regression/);
  });

  it('is deterministic: the same files give the same JSON', async () => {
    const a = await compare('base.json', 'slower.json', '--format', 'json');
    const b = await compare('base.json', 'slower.json', '--format', 'json');
    expect(a.out).toBe(b.out);
  });

  it('honours --threshold, --thresholds files (flags win) and --alpha', async () => {
    const loose = await compare(
      'base.json',
      'slower.json',
      '--threshold',
      'tcp_throughput_bps=50',
      '--format',
      'json',
    );
    expect(loose.code).toBe(0);
    const tcp = JSON.parse(loose.out).comparisons.find(
      (c: { metric: string }) => c.metric === 'tcp_throughput_bps',
    );
    expect(tcp.thresholdPct).toBe(50);
    expect(tcp.verdict).not.toBe('regression');

    expect((await compare('base.json', 'slower.json', '--thresholds', 'thresholds.yaml')).code).toBe(0);
    expect(
      (
        await compare(
          'base.json',
          'slower.json',
          '--thresholds',
          'thresholds.yaml',
          '--threshold',
          'tcp_throughput_bps=5',
        )
      ).code,
    ).toBe(1);
    const strictAlpha = JSON.parse(
      (await compare('base.json', 'slower.json', '--alpha', '0.05', '--format', 'json')).out,
    );
    expect(strictAlpha.verdict).toBe('regression');
  });

  it('writes the report to --out and prints one verdict line', async () => {
    const { code, out } = await compare(
      'base.json',
      'slower.json',
      '--format',
      'markdown',
      '--out',
      'report.md',
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^regression: Performance regression \(.*\); report written to report\.md\n$/);
    expect(await readFile(join(files.dir, 'report.md'), 'utf8')).toMatch(/^### ❌ /);
  });

  it('--format html writes one self-contained page with a flame graph per scenario profiled on both sides', async () => {
    const base = parseResultsJson(await readFile(join(files.dir, 'base.json'), 'utf8'), 'base.json');
    const slower = parseResultsJson(await readFile(join(files.dir, 'slower.json'), 'utf8'), 'slower.json');
    const folded = fixtureFolded();
    const tcp = 'pod-to-pod-cross-node/tcp-stream';
    await writeFile(
      join(files.dir, 'base-profiled.json'),
      serializeResults(withProfile(base, tcp, profileOf(folded, 4))),
    );
    await writeFile(
      join(files.dir, 'slower-profiled.json'),
      serializeResults(
        withProfile(slower, tcp, profileOf(scaleFrames(folded, { 'tcp_sendmsg_[k]': 2 }), 2.8)),
      ),
    );
    const { code, out } = await compare(
      'base-profiled.json',
      'slower-profiled.json',
      '--format',
      'html',
      '--out',
      'report.html',
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^regression: Performance regression \(.*\); report written to report\.html\n$/);
    const html = await readFile(join(files.dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain('CPU profiles were not recorded for pod-to-pod-cross-node/http-max.');

    // Without profiles: the same page, no graph, one line; to stdout without --out.
    const plain = await compare('base.json', 'same.json', '--format=html');
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/^<!doctype html>/);
    expect(plain.out).not.toContain('<svg');
    expect(plain.out).toContain('CPU profiles were not recorded (<code>run --profile</code> records them).');
  });

  it('warns about a different environment, and with --strict-environment says incomparable loudly and exits 2', async () => {
    const lenient = await compare('base.json', 'other-kernel.json');
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain('Environment differs:\n  ');
    expect(lenient.out).toContain('6.8.0-other');

    const strict = await compare('base.json', 'other-kernel.json', '--strict-environment');
    expect(strict.code).toBe(2);
    expect(strict.out.split('\n')[0]).toMatch(/^cni-perf-gate: INCOMPARABLE: /);
    expect(strict.err).toBe(
      'cni-perf-gate: INCOMPARABLE: the environments differ and --strict-environment is set; nothing was gated (exit 2)\n',
    );
  });

  it('accepts --paired', async () => {
    const { code, out } = await compare('base.json', 'slower.json', '--paired', '--format', 'json');
    expect(code).toBe(1);
    expect(JSON.parse(out).verdict).toBe('regression');
  });

  it('exits 2 with one line on bad input or usage', async () => {
    const cases: [string[], RegExp][] = [
      [['base.json'], /^cni-perf-gate: compare: missing HEAD\.json; usage: /],
      [['base.json', 'nope.json'], /^cni-perf-gate: cannot read results file nope\.json: no such file\n$/],
      [
        ['corrupt.json', 'base.json'],
        /^cni-perf-gate: corrupt\.json: not valid JSON \(line 1, column 23\): /,
      ],
      [
        ['base.json', 'newer.json'],
        /^cni-perf-gate: newer\.json was written by a newer cni-perf-gate \(schemaVersion 2\); this one reads 1/,
      ],
      [
        ['base.json', 'same.json', '--threshold', 'tcp_goodput=5'],
        /^cni-perf-gate: .*unknown metric id "tcp_goodput"/,
      ],
      [
        ['base.json', 'same.json', '--threshold', 'tcp_throughput_bps'],
        /^cni-perf-gate: --threshold "tcp_throughput_bps": expected metric=PCT/,
      ],
      [
        ['base.json', 'same.json', '--thresholds', 'missing.yaml'],
        /^cni-perf-gate: cannot read thresholds file missing\.yaml: no such file\n$/,
      ],
      [
        ['base.json', 'same.json', '--alpha', '2'],
        /^cni-perf-gate: compare: --alpha "2" must be a number between 0 and 1/,
      ],
      [
        ['base.json', 'same.json', '--format', 'pdf'],
        /^cni-perf-gate: compare: --format "pdf" is not one of text, markdown, json, html\n$/,
      ],
      [['base.json', 'same.json', '--frobnicate'], /^cni-perf-gate: compare: Unknown option '--frobnicate'/],
      [
        ['base.json', 'same.json', '--out', 'no/such/dir/r.txt'],
        /^cni-perf-gate: cannot write report no\/such\/dir\/r\.txt: no such file\n$/,
      ],
    ];
    for (const [argv, expected] of cases) {
      const { code, out, err } = await compare(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(err, argv.join(' ')).toMatch(expected);
      expect(err.split('\n'), argv.join(' ')).toHaveLength(2);
      if (!argv.includes('--out')) expect(out, argv.join(' ')).toBe('');
    }
  });

  it('takes headline promotions and demotions from the thresholds file', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(files.dir, 'policy.yaml'), 'informational: [tcp_throughput_bps]\n');
    const demoted = await compare(
      'base.json',
      'slower.json',
      '--thresholds',
      'policy.yaml',
      '--format',
      'json',
    );
    const report = JSON.parse(demoted.out) as { comparisons: { metric: string; gating: boolean }[] };
    expect(report.comparisons.filter((c) => c.metric === 'tcp_throughput_bps').every((c) => !c.gating)).toBe(
      true,
    );
    await writeFile(join(files.dir, 'bad-policy.yaml'), 'headline: [no_such_metric]\n');
    const bad = await compare('base.json', 'slower.json', '--thresholds', 'bad-policy.yaml');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad-policy\.yaml: headline: unknown metric id "no_such_metric"/);
  });
});
