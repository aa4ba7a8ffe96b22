/**
 * The history page in a real browser: headless Chromium opens the file the CLI wrote, runs its
 * script and dumps the DOM; the test counts the drawn charts and points, checks the selector (the
 * URL hash preselects a metric) and that the page logged nothing to the console, and takes a
 * screenshot. Chromium is not a dependency of the project: without it (CHROMIUM or
 * /usr/bin/chromium) this file is skipped; `apt-get install chromium` enables it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { makeHistoryRuns } from '../../helpers/history-runs.js';
import { memoryIo } from '../../helpers/memory-io.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const run = promisify(execFile);
let dir: string;

async function chromium(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--enable-logging=stderr',
      '--v=0',
      `--user-data-dir=${join(dir, 'profile')}`,
      ...args,
    ],
    { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
  );
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

describe.skipIf(!existsSync(CHROMIUM))('history page in headless Chromium', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpg-history-browser-'));
    const runs = makeHistoryRuns({
      runs: 12,
      step: { at: 7, ratio: 0.88 },
      environmentChangeAt: 10,
      withSource: true,
    });
    for (const r of runs) await writeFile(join(dir, r.name), serializeResults(r.results));
    const io = memoryIo(dir);
    expect(await main(['history', '.', '--out', 'report.html'], io)).toBe(0);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('draws every series with its points and change points, runs its script, logs nothing', async () => {
    const { stdout, stderr } = await chromium('--dump-dom', `file://${join(dir, 'report.html')}`);
    expect(count(stdout, /<svg class="chart"/g)).toBe(4);
    expect(count(stdout, /<circle class="run"/g)).toBe(4 * 12);
    expect(count(stdout, /<path class="ci-band"/g)).toBe(4);
    expect(count(stdout, /<g class="change-point"/g)).toBe(4);
    // The script ran: it fills the count of shown series.
    expect(stdout).toContain('4 of 4 series shown');
    expect(stderr.split('\n').filter((line) => line.includes(':CONSOLE'))).toEqual([]);
  });

  it('the selector shows one metric when the URL names it', async () => {
    const { stdout } = await chromium(
      '--dump-dom',
      `file://${join(dir, 'report.html')}#metric=tcp_throughput_bps`,
    );
    expect(stdout).toContain('1 of 4 series shown');
    expect(count(stdout, /<section class="series"[^>]*hidden/g)).toBe(3);
  });

  it('renders a screenshot', async () => {
    const shot = join(dir, 'shot.png');
    await chromium(
      '--hide-scrollbars',
      '--window-size=1100,900',
      `--screenshot=${shot}`,
      `file://${join(dir, 'report.html')}`,
    );
    expect((await stat(shot)).size).toBeGreaterThan(20_000);
  });
});
