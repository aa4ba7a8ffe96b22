/** A figure that cannot be a measurement (negative, NaN, infinite) is never a sample (issue 21 item 10). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../../../src/core/errors.js';
import { parseToolOutput } from '../../../src/core/parsers/index.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

function rejects(tool: string, text: string, message: RegExp): void {
  let error: unknown;
  try {
    parseToolOutput(tool, text);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ToolError);
  expect((error as Error).message).toMatch(message);
}

describe('parsers: not a valid measurement', () => {
  const tcp = JSON.parse(fixture('iperf3/tcp.json'));

  it('iperf3: a negative throughput', () => {
    const broken = structuredClone(tcp);
    broken.end.sum_received.bits_per_second = -1e9;
    rejects('iperf3', JSON.stringify(broken), /not a valid measurement: tcp_throughput_bps is -1000000000/);
  });

  it('iperf3: an infinite throughput (1e999 in the JSON)', () => {
    const text = JSON.stringify(tcp).replace(
      /("sum_received":\{[^}]*"bits_per_second":)[0-9.e+]+/,
      '$11e999',
    );
    rejects('iperf3', text, /not a valid measurement: end\.sum_received\.bits_per_second is Infinity/);
  });

  it('iperf3: C nan printed into the JSON', () => {
    const text = fixture('iperf3/udp.json').replace(/"jitter_ms":\s*[0-9.e-]+/, '"jitter_ms": -nan');
    rejects('iperf3', text, /not a valid measurement: jitter_ms is -nan/);
  });

  it('wrk: nan, inf and negative rates', () => {
    const text = fixture('wrk/latency.txt');
    for (const figure of ['nan', '-nan', 'inf', '-5.00']) {
      rejects(
        'wrk',
        text.replace(/Requests\/sec:\s+\S+/, `Requests/sec: ${figure}`),
        new RegExp(`not a valid measurement: Requests/sec is ${figure.replace('.', '\\.')}`),
      );
    }
  });

  it('the real fixtures still parse', () => {
    expect(parseToolOutput('iperf3', fixture('iperf3/tcp.json')).metrics.tcp_throughput_bps).toBeGreaterThan(
      0,
    );
    expect(parseToolOutput('wrk', fixture('wrk/latency.txt')).metrics.http_rps).toBeGreaterThan(0);
  });
});
