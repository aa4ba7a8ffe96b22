/**
 * The HTML comparison report in a real browser: `compare --format html` writes the page from
 * results files carrying real folded stacks (the perf fixture as base, a head whose tcp_sendmsg
 * stacks cost more per GB); headless Chromium, with every network path off (a dead proxy, every
 * host name unresolvable), loads it from a server on 127.0.0.1 that records each request. The test
 * checks the page renders (DOM: verdict, flame graph frames; a non-empty PNG screenshot), that the
 * only request was the page itself and nothing was refused by its CSP, and — so the check can fail
 * — that the same server does see a stylesheet request from a page without the CSP.
 * Chromium is not a project dependency: without it (CHROMIUM, or `chromium` on the PATH) this file
 * is skipped with a message; `apt-get install chromium` enables it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { memoryIo } from '../../helpers/memory-io.js';
import { fixtureFolded, profileOf, scaleFrames, withProfile } from '../../helpers/profile-fixture.js';
import { makeResults } from '../../helpers/results-factory.js';

function findChromium(): string | null {
  const given = process.env['CHROMIUM'];
  if (given) return existsSync(given) ? given : null;
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  return dirs.map((dir) => join(dir, 'chromium')).find((path) => existsSync(path)) ?? null;
}

const CHROMIUM = findChromium();
if (!CHROMIUM) {
  console.warn(
    'compare-html-browser: skipped: chromium is not installed (apt-get install chromium, or set CHROMIUM)',
  );
}

const TCP = 'pod-to-pod-cross-node/tcp-stream';
let dir: string;
let server: Server;
let origin: string;
/** Every request the server got: method and path (or the absolute URL of a proxied request). */
const requests: string[] = [];
const pages = new Map<string, string>();

/** Runs Chromium headless, networking off, in its own process group; kills the group when done. */
function chromium(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(
    CHROMIUM!,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--enable-logging=stderr',
      '--v=0',
      '--proxy-server=127.0.0.1:9',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      `--user-data-dir=${join(dir, 'chromium-profile')}`,
      ...args,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killGroup = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  };
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(killGroup, 60_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup();
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`chromium exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

const consoleLines = (stderr: string): string[] =>
  stderr.split('\n').filter((line) => line.includes(':CONSOLE') || line.includes('Content Security Policy'));

async function writeResultsPair(): Promise<void> {
  const run = (seed: number, tcp: number) =>
    makeResults({
      seed,
      scenarios: {
        [TCP]: { tcp_throughput_bps: { median: tcp, cv: 0.02, n: 8 } },
        'pod-to-pod-cross-node/http-max': { http_rps: { median: 20000, cv: 0.02, n: 8 } },
      },
    });
  const folded = fixtureFolded();
  const head = scaleFrames(folded, { 'tcp_sendmsg_[k]': 2.5, 'tcp_recvmsg_[k]': 0.5 });
  await writeFile(
    join(dir, 'base.json'),
    serializeResults(withProfile(run(1, 9e9), TCP, profileOf(folded, 4))),
  );
  await writeFile(
    join(dir, 'head.json'),
    serializeResults(withProfile(run(2, 7e9), TCP, profileOf(head, 3))),
  );
}

async function startServer(): Promise<void> {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const page = pages.get(req.url ?? '');
    if (page === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  server.on('connect', (req, socket) => {
    requests.push(`CONNECT ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.skipIf(!CHROMIUM)('compare --format html in headless Chromium', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpg-compare-html-'));
    await writeResultsPair();
    const io = memoryIo(dir);
    expect(
      await main(['compare', 'base.json', 'head.json', '--format', 'html', '--out', 'report.html'], io),
    ).toBe(1);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    pages.set('/report.html', html);
    // Controls: the same page asking for a stylesheet from the same server, without and with its CSP.
    const probe = '<link rel="stylesheet" href="/probe.css">';
    pages.set('/no-csp.html', html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, probe));
    pages.set('/with-csp.html', html.replace('</head>', `${probe}</head>`));
    await startServer();
  });

  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders the verdict and the flame graph, requests nothing but the page, logs nothing', async () => {
    requests.length = 0;
    const { stdout, stderr } = await chromium('--dump-dom', `${origin}/report.html`);
    expect(stdout).toContain('Performance regression</h1>');
    expect(stdout).toContain('<p class="reason">material regression: tcp_throughput_bps');
    expect(stdout.match(/<svg /g)).toHaveLength(1);
    expect(stdout.match(/<g class="frame">/g)!.length).toBeGreaterThan(50);
    expect(stdout).toMatch(/<title>tcp_sendmsg \(kernel\)\nhead: [^\n]+\nbase: [^\n]+\nchange: \+/);
    expect(requests).toEqual(['GET /report.html']);
    expect(consoleLines(stderr)).toEqual([]);
  });

  it('writes a non-empty screenshot', async () => {
    const shot = join(dir, 'report.png');
    await chromium(
      '--hide-scrollbars',
      '--window-size=1300,2400',
      `--screenshot=${shot}`,
      `${origin}/report.html`,
    );
    const png = await readFile(shot);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect((await stat(shot)).size).toBeGreaterThan(20_000);
  });

  it('the recorder sees a request a page makes; the report CSP refuses it', async () => {
    requests.length = 0;
    await chromium('--dump-dom', `${origin}/no-csp.html`);
    // (Without the CSP, Chromium may also ask for /favicon.ico.)
    expect(requests[0]).toBe('GET /no-csp.html');
    expect(requests).toContain('GET /probe.css');

    requests.length = 0;
    const { stderr } = await chromium('--dump-dom', `${origin}/with-csp.html`);
    expect(requests).toEqual(['GET /with-csp.html']);
    expect(consoleLines(stderr).join('\n')).toMatch(
      /stylesheet .*probe\.css.* violates the following Content Security Policy directive/,
    );
  });
});
