import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { symlinkSync, unlinkSync } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { makeResults } from '../../helpers/results-factory.js';
import { writeResultsDir, type ResultsDir } from '../../unit/cli/results-files.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// The local tsx binary is what `npx tsx` runs; calling it directly keeps npm's own notices off stderr.
const tsx = join(root, 'node_modules/.bin/tsx');
const entry = join(root, 'src/cli/index.ts');

let files: ResultsDir;

beforeAll(async () => {
  files = await writeResultsDir();
});

afterAll(async () => {
  await files.remove();
  await expect(access(files.dir)).rejects.toThrow();
});

/** Runs the real CLI entry point in a child process. */
function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(tsx, [entry, ...args], {
    cwd: files.dir,
    encoding: 'utf8',
    env: { ...process.env, CNI_PERF_GATE_DEBUG: '', ...env },
    timeout: 60_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Asserts a single `cni-perf-gate: …` error line, no stack trace, exit 2. */
function expectOneLineError(result: ReturnType<typeof cli>, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.err).toMatch(pattern);
  expect(result.err.trimEnd().split('\n')).toHaveLength(1);
  expect(result.err).not.toMatch(/\n\s+at /);
}

describe('cni-perf-gate CLI (spawned)', () => {
  it('exits 0 / 1 by verdict', () => {
    expect(cli(['compare', 'base.json', 'same.json']).code).toBe(0);
    const regression = cli(['compare', 'base.json', 'slower.json', '--format', 'json']);
    expect(regression.code).toBe(1);
    expect(JSON.parse(regression.out).verdict).toBe('regression');
  });

  it('parses a real iperf3 fixture', () => {
    const result = cli(['parse', '--tool', 'iperf3', join(root, 'test/fixtures/iperf3/tcp.json')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).metrics.tcp_throughput_bps).toBeGreaterThan(0);
  });

  it('gives one line and exit 2 for a missing file', () => {
    expectOneLineError(
      cli(['compare', 'base.json', 'missing.json']),
      /^cni-perf-gate: cannot read results file missing\.json: no such file\n$/,
    );
  });

  it('gives one line and exit 2 for corrupt JSON', () => {
    expectOneLineError(
      cli(['compare', 'corrupt.json', 'base.json']),
      /^cni-perf-gate: corrupt\.json: not valid JSON \(line 1, column 23\)/,
    );
  });

  it('gives one line and exit 2 for a newer schema', () => {
    expectOneLineError(
      cli(['compare', 'base.json', 'newer.json']),
      /^cni-perf-gate: newer\.json was written by a newer cni-perf-gate \(schemaVersion 2\); this one reads 1 — upgrade/,
    );
  });

  it('gives one line and exit 2 for an unknown metric in --threshold', () => {
    expectOneLineError(
      cli(['compare', 'base.json', 'same.json', '--threshold', 'tcp_goodput=5']),
      /unknown metric id "tcp_goodput"/,
    );
  });

  it('gives one line pointing at --help and exit 2 for an unknown command', () => {
    const result = cli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.err).not.toContain('Usage:');
    expect(result.err).toMatch(
      /^cni-perf-gate: unknown command "frobnicate"; commands: .*; see cni-perf-gate --help\n$/,
    );
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it('gives one line and exit 2 for a tool error in parse', () => {
    expectOneLineError(
      cli(['parse', '--tool', 'iperf3', join(root, 'test/fixtures/iperf3/error-connection-refused.json')]),
      /iperf3 failed: unable to connect to server: Connection refused\n$/,
    );
  });
});

describe('cni-perf-gate CLI: inputs that must not be read or replaced', () => {
  it('refuses a named pipe as an input instead of waiting on it forever', () => {
    const fifo = join(files.dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    try {
      expectOneLineError(
        cli(['compare', 'pipe.json', 'same.json']),
        /results file pipe\.json: it is a named pipe \(FIFO\), not a regular file/,
      );
      expectOneLineError(
        cli(['history', 'pipe.json']),
        /history: pipe\.json is not a regular file or a directory/,
      );
    } finally {
      unlinkSync(fifo);
    }
  });

  it('refuses --out naming an input (directly or through a symlink) and leaves the input as it was', async () => {
    const before = await readFile(join(files.dir, 'base.json'), 'utf8');
    expectOneLineError(
      cli(['compare', 'base.json', 'same.json', '--out', 'base.json']),
      /--out base\.json is the input base\.json: writing the report there would replace it/,
    );
    symlinkSync(join(files.dir, 'same.json'), join(files.dir, 'link.json'));
    try {
      expectOneLineError(
        cli(['compare', 'base.json', 'same.json', '--out', 'link.json']),
        /is the input same\.json/,
      );
    } finally {
      unlinkSync(join(files.dir, 'link.json'));
    }
    const history = await mkdtemp(join(files.dir, 'runs-'));
    await writeFile(join(history, 'r1.json'), before);
    await writeFile(join(history, 'r2.json'), before);
    const rel = relative(files.dir, history);
    expectOneLineError(cli(['history', rel, '--out', join(rel, 'r1.json')]), /is the input/);
    expect(await readFile(join(history, 'r1.json'), 'utf8')).toBe(before);
    expect(await readFile(join(files.dir, 'base.json'), 'utf8')).toBe(before);
  });

  it('the first SIGINT ends a long compare within a second (nothing to clean up)', async () => {
    // Four http-max scenarios × five metrics × 8,000 samples: several seconds of comparing.
    const n = 8000;
    const http = {
      http_rps: { median: 9e3, n },
      http_latency_p50_ms: { median: 1, n },
      http_latency_p90_ms: { median: 2, n },
      http_latency_p99_ms: { median: 3, n },
      http_latency_avg_ms: { median: 1.2, n },
    };
    const big = (seed: number) =>
      serializeResults(
        makeResults({
          seed,
          scenarios: {
            'pod-to-pod-cross-node/http-max': http,
            'pod-to-pod-same-node/http-max': http,
            'pod-to-service-cross-node/http-max': http,
            'host-cross-node/http-max': http,
          },
        }),
      );
    await writeFile(join(files.dir, 'big-a.json'), big(1));
    await writeFile(join(files.dir, 'big-b.json'), big(2));
    const loader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(
      process.execPath,
      ['--import', loader, entry, 'compare', 'big-a.json', 'big-b.json'],
      {
        cwd: files.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<{ code: number | null; signal: string | null }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal })),
    );
    // Long enough for the modules to load and the comparison to be under way.
    await new Promise((r) => setTimeout(r, 2000));
    const sentAt = Date.now();
    child.kill('SIGINT');
    const result = await ended;
    expect(Date.now() - sentAt).toBeLessThan(1000);
    // Ended by SIGINT (not finished on its own): the shell reports 128 + 2 = 130.
    expect(result).toEqual({ code: null, signal: 'SIGINT' });
    expect(stderr).not.toMatch(/stopping/);
  }, 60_000);
});

describe('cni-perf-gate CLI bundle', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'cpg-bundle-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
    await expect(access(out)).rejects.toThrow();
  });

  it('bundles with esbuild into a runnable ESM file with a hashbang and the package version', async () => {
    // Same settings as scripts/build.mjs, into a temp directory (dist/ belongs to the build).
    await build({
      entryPoints: { index: entry },
      outdir: out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      banner: {
        js: "import { createRequire as __cpgCreateRequire } from 'node:module';\nconst require = __cpgCreateRequire(import.meta.url);",
      },
      logLevel: 'silent',
    });
    const bundle = join(out, 'index.js');
    expect((await readFile(bundle, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    const version = spawnSync(process.execPath, [bundle, '--version'], { encoding: 'utf8', cwd: out });
    expect([version.status, version.stdout, version.stderr]).toEqual([0, `${pkg.version}\n`, '']);
    const compare = spawnSync(
      process.execPath,
      [bundle, 'compare', join(files.dir, 'base.json'), join(files.dir, 'newer.json')],
      {
        encoding: 'utf8',
        cwd: out,
      },
    );
    expect(compare.status).toBe(2);
    expect(compare.stderr).toMatch(/was written by a newer cni-perf-gate \(schemaVersion 2\)/);
  });
});
