import { describe, expect, it } from 'vitest';
import { ToolError } from '../../../src/core/errors.js';
import { parseWrk } from '../../../src/core/parsers/wrk.js';
import { captured } from './fixture.js';

/**
 * The test's own reading of wrk's text, independent of the parser: whitespace-split tokens of
 * the line starting with `label`, and an explicit unit table.
 */
function tokensOf(text: string, label: string): string[] {
  const line = text.split('\n').find((l) => l.trim().startsWith(label));
  if (!line) throw new Error(`fixture has no line starting with ${label}`);
  return line.trim().split(/\s+/);
}
const MS: Record<string, number> = { us: 1e-3, ms: 1, s: 1e3 };
function ms(token: string): number {
  const unit = /[a-z]+$/.exec(token)?.[0] ?? '';
  const factor = MS[unit];
  if (factor === undefined) throw new Error(`unexpected unit in ${token}`);
  return Number(token.slice(0, -unit.length)) * factor;
}
function count(token: string): number {
  return token.endsWith('k') ? Number(token.slice(0, -1)) * 1000 : Number(token);
}

function ok(name: string): string {
  const run = captured(`wrk/${name}`);
  expect(run.exitCode, `${name} was a run wrk completed`).toBe(0);
  return run.combined;
}

function toolErrorOf(fn: () => unknown): ToolError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).tool).toBe('wrk');
    return error as ToolError;
  }
  throw new Error('expected a ToolError, nothing was thrown');
}

describe('parseWrk on real runs', () => {
  it('plain.txt: rps, requests, average latency; no distribution', () => {
    const text = ok('plain.txt');
    const parsed = parseWrk(text);
    const requests = Number(/(\d+) requests in/.exec(text)?.[1]);
    expect(parsed.metrics).toEqual({
      http_rps: Number(tokensOf(text, 'Requests/sec:')[1]),
      http_requests: requests,
      http_errors: 0,
      http_latency_avg_ms: ms(tokensOf(text, 'Latency')[1] ?? ''),
    });
    expect(parsed.hasLatencyDistribution).toBe(false);
    expect(parsed.requests).toBe(requests);
    expect(parsed.non2xx).toBe(0);
    expect(parsed.socketErrors).toEqual({ connect: 0, read: 0, write: 0, timeout: 0 });
    // Requests/sec is requests over the printed duration (which wrk rounds to 10 ms).
    const durationS = parsed.durationS ?? NaN;
    expect(durationS).toBe(Number(/requests in ([\d.]+)s/.exec(text)?.[1]));
    expect(Math.abs(requests / durationS / (parsed.metrics.http_rps ?? NaN) - 1)).toBeLessThan(0.01);
    // The average sits below the maximum of the same line (us vs ms units in one line).
    expect(parsed.metrics.http_latency_avg_ms).toBeLessThan(ms(tokensOf(text, 'Latency')[3] ?? ''));
  });

  it('latency.txt: --latency distribution in us and ms', () => {
    const text = ok('latency.txt');
    const parsed = parseWrk(text);
    expect(parsed.hasLatencyDistribution).toBe(true);
    for (const p of [50, 75, 90, 99] as const) {
      expect(parsed.metrics[`http_latency_p${p}_ms`]).toBe(ms(tokensOf(text, `${p}%`)[1] ?? ''));
    }
    const { http_latency_p50_ms: p50, http_latency_p75_ms: p75 } = parsed.metrics;
    const { http_latency_p90_ms: p90, http_latency_p99_ms: p99 } = parsed.metrics;
    expect([p50, p75, p90, p99]).toEqual([p50, p75, p90, p99].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(p99).toBeLessThanOrEqual(ms(tokensOf(text, 'Latency ')[3] ?? ''));
  });

  it('slow-latency.txt: latencies printed in seconds (nginx /slow waits 1.2 s)', () => {
    const text = ok('slow-latency.txt');
    const parsed = parseWrk(text);
    expect(tokensOf(text, '50%')[1]).toMatch(/s$/);
    for (const id of ['http_latency_avg_ms', 'http_latency_p50_ms', 'http_latency_p99_ms'] as const) {
      expect(parsed.metrics[id]).toBeGreaterThanOrEqual(1150);
      expect(parsed.metrics[id]).toBeLessThan(1300);
    }
    expect(parsed.metrics.http_latency_p50_ms).toBe(ms(tokensOf(text, '50%')[1] ?? ''));
  });

  it('timeouts.txt: socket timeouts count as errors; no latency recorded, none reported', () => {
    const text = captured('wrk/timeouts.txt').combined;
    const parsed = parseWrk(text);
    // Tokens: Socket errors: connect N, read N, write N, timeout N
    const [, , , connect, , read, , write, , timeout] = tokensOf(text, 'Socket errors:').map((t) =>
      t.replace(',', ''),
    );
    expect(parsed.socketErrors).toEqual({
      connect: Number(connect),
      read: Number(read),
      write: Number(write),
      timeout: Number(timeout),
    });
    expect(parsed.socketErrors.timeout).toBeGreaterThan(0);
    expect(parsed.metrics.http_errors).toBe(Number(connect) + Number(read) + Number(write) + Number(timeout));
    // Every request timed out, so wrk printed 0.00us with a nan spread: not a latency of zero.
    expect(tokensOf(text, 'Latency')[4]).toMatch(/nan/);
    expect(parsed.metrics.http_latency_avg_ms).toBeUndefined();
    expect(parsed.metrics.http_requests).toBe(Number(/(\d+) requests in/.exec(text)?.[1]));
  });

  it('paced-lua.txt: the delay() script holds the rate under connections × 1000/10 ms', () => {
    const text = ok('paced-lua.txt');
    const parsed = parseWrk(text);
    const connections = Number(/(\d+) connections/.exec(text)?.[1]);
    expect(parsed.metrics.http_rps).toBe(Number(tokensOf(text, 'Requests/sec:')[1]));
    expect(parsed.metrics.http_rps).toBeLessThan((connections * 1000) / 10);
    expect(parsed.metrics.http_rps).toBeGreaterThan(0);
    expect(parsed.hasLatencyDistribution).toBe(true);
    // Req/Sec without a k suffix here: per-thread average ≈ rps / threads.
    const threads = Number(/(\d+) threads/.exec(text)?.[1]);
    expect(count(tokensOf(text, 'Req/Sec')[1] ?? '') * threads).toBeGreaterThan(
      (parsed.metrics.http_rps ?? 0) * 0.8,
    );
  });

  it('some non-2xx responses are errors, not a failed run (all-404.txt with the count halved)', () => {
    // Derived from the real all-404 output: only the Non-2xx count is edited.
    const text = ok('all-404.txt');
    const total = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1]);
    const half = Math.floor(total / 2);
    const parsed = parseWrk(text.replace(/(Non-2xx or 3xx responses: )\d+/, `$1${half}`));
    expect(parsed.non2xx).toBe(half);
    expect(parsed.metrics.http_errors).toBe(half);
    expect(parsed.metrics.http_requests).toBe(total);
  });
});

describe('parseWrk errors are not samples', () => {
  it('all-404.txt: every response non-2xx/3xx', () => {
    const text = ok('all-404.txt');
    const n = Number(/(\d+) requests in/.exec(text)?.[1]);
    expect(Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1])).toBe(n);
    expect(toolErrorOf(() => parseWrk(text)).toolMessage).toBe(
      `every response was non-2xx/3xx (${n} of ${n}) — is the URL right?`,
    );
  });

  it('unable to connect: wrk own line (from its stderr)', () => {
    const run = captured('wrk/error-unable-to-connect.txt');
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toBe('');
    const line = run.stderr.trim();
    expect(line).toMatch(/^unable to connect to 198\.18\.250\.2:\d+ /);
    expect(toolErrorOf(() => parseWrk(run.combined)).toolMessage).toBe(line);
  });

  it('usage text: no URL', () => {
    const run = captured('wrk/error-usage-no-url.txt');
    expect(run.stdout).toMatch(/^Usage: wrk/);
    expect(toolErrorOf(() => parseWrk(run.combined)).toolMessage).toMatch(/^usage error: missing URL/);
  });

  it('usage text: bad option, naming the option from wrk stderr', () => {
    const run = captured('wrk/error-usage-bad-option.txt');
    const complaint = run.stderr.trim().replace(/^wrk: /, '');
    expect(complaint).toMatch(/--no-such-option/);
    expect(toolErrorOf(() => parseWrk(run.combined)).toolMessage).toBe(
      `usage error: ${complaint} (wrk printed its usage text instead of running)`,
    );
  });

  it('empty output, garbage, and a run cut short', () => {
    expect(toolErrorOf(() => parseWrk('')).toolMessage).toBe('produced no output');
    expect(toolErrorOf(() => parseWrk('hello\nworld')).toolMessage).toMatch(/"hello"/);
    const text = ok('latency.txt');
    const cut = text.slice(0, text.indexOf('Requests/sec:'));
    expect(toolErrorOf(() => parseWrk(cut)).toolMessage).toMatch(/no "Requests\/sec:" line/);
  });

  it('zero completed requests', () => {
    // Derived from the real timeouts output with the request count set to 0.
    const text = captured('wrk/timeouts.txt').combined.replace(/\d+ requests in/, '0 requests in');
    expect(toolErrorOf(() => parseWrk(text)).toolMessage).toMatch(
      /^completed no requests \(socket errors: .*timeout [1-9]/,
    );
  });
});

describe('parseWrk unit normalisation the real fixtures do not cover', () => {
  // Small inline strings in wrk's layout: the fixtures above have no minutes, no M/G suffixes,
  // no k on the request count and no wrk2-style "50.000%" percentiles.
  const run = (lat: string, p: string, requests: string, rps: string): string =>
    [
      'Running 5m test @ http://198.18.0.2:8080/',
      '  1 threads and 1 connections',
      '  Thread Stats   Avg      Stdev     Max   +/- Stdev',
      `    Latency   ${lat}   1.00ms   ${lat}   90.00%`,
      '    Req/Sec     1.50M     0.00     1.50M   100.00%',
      '  Latency Distribution',
      `     50%   ${p}`,
      `     75%   ${p}`,
      `     90%   ${p}`,
      `  99.000%   ${p}`,
      `  ${requests} requests in 5.00m, 1.00GB read`,
      `Requests/sec: ${rps}`,
      'Transfer/sec:      3.41MB',
    ].join('\n');

  it.each([
    ['250.00us', 0.25],
    ['1.50ms', 1.5],
    ['2.00s', 2000],
    ['2.50m', 150_000],
    ['1.00h', 3_600_000],
  ])('latency %s → %d ms', (token, expected) => {
    const parsed = parseWrk(run(token, token, '10', '1.00'));
    expect(parsed.metrics.http_latency_avg_ms).toBeCloseTo(expected, 9);
    expect(parsed.metrics.http_latency_p99_ms).toBeCloseTo(expected, 9);
    expect(parsed.hasLatencyDistribution).toBe(true);
  });

  it.each([
    ['12', 12],
    ['3.5k', 3500],
    ['1.25M', 1_250_000],
    ['2.00G', 2e9],
  ])('count %s → %d', (token, expected) => {
    const parsed = parseWrk(run('1.00ms', '1.00ms', token, token));
    expect(parsed.metrics.http_requests).toBeCloseTo(expected, 6);
    expect(parsed.metrics.http_rps).toBeCloseTo(expected, 6);
    expect(parsed.durationS).toBe(300);
  });

  it('rejects a latency in a unit wrk does not print', () => {
    expect(toolErrorOf(() => parseWrk(run('5.00xs', '1.00ms', '1', '1'))).toolMessage).toMatch(
      /cannot read the Latency Avg/,
    );
  });
});
