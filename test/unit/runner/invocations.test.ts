import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUITE } from '../../../src/core/suite/profiles.js';
import type { SuiteConfig } from '../../../src/core/suite/types.js';
import {
  PACING_SCRIPT_NAME,
  connRateInvocation,
  fixedRateInvocation,
  fixedRateTarget,
  httpMaxInvocation,
  httpUrl,
  iperfInvocation,
  pacedScheduleScript,
  threadSlotIntervalMs,
  serverKindOf,
} from '../../../src/runner/invocations.js';
import { executionOrder } from '../../../src/runner/run-suite.js';
import { toSample } from '../../../src/runner/sample.js';

const endpoint = { address: '198.18.1.2', port: 5201 };
const suite: SuiteConfig = {
  ...DEFAULT_SUITE,
  iperf: {
    ...DEFAULT_SUITE.iperf,
    durationS: 10,
    omitS: 2,
    parallelStreams: 4,
    udpRateBps: 5e8,
    udpLengthBytes: null,
  },
  http: { ...DEFAULT_SUITE.http, durationS: 10, connections: 32, threads: 2 },
};

describe('invocations', () => {
  it('builds iperf3 tcp-stream, tcp-stream-parallel and udp-stream', () => {
    expect(iperfInvocation('tcp-stream', suite, endpoint)).toEqual({
      tool: 'iperf3',
      args: ['-c', '198.18.1.2', '-p', '5201', '-J', '-t', '10', '-O', '2'],
      timeoutMs: 42_000,
    });
    expect(iperfInvocation('tcp-stream-parallel', suite, endpoint).args.slice(-2)).toEqual(['-P', '4']);
    expect(iperfInvocation('udp-stream', suite, endpoint).args.slice(-3)).toEqual(['-u', '-b', '500000000']);
    const withLength = { ...suite, iperf: { ...suite.iperf, udpLengthBytes: 1400 } };
    expect(iperfInvocation('udp-stream', withLength, endpoint).args.slice(-5)).toEqual([
      '-u',
      '-b',
      '500000000',
      '-l',
      '1400',
    ]);
  });

  it('builds wrk for http-max', () => {
    expect(httpMaxInvocation(suite, endpoint)).toEqual({
      tool: 'wrk',
      args: ['-t', '2', '-c', '32', '-d', '10s', '--latency', 'http://198.18.1.2:5201/'],
      timeoutMs: 40_000,
    });
    expect(httpMaxInvocation(suite, endpoint, 3).args).toContain('3s');
    expect(httpUrl({ address: 'fd00::1', port: 80 })).toBe('http://[fd00::1]:80/');
  });

  it('builds wrk2 -R or wrk with a generated Lua delay() for http-fixed-rate', () => {
    expect(fixedRateInvocation(suite, endpoint, 5000, 'wrk2').args).toEqual([
      '-t',
      '2',
      '-c',
      '32',
      '-d',
      '10s',
      '-R',
      '5000',
      '--latency',
      'http://198.18.1.2:5201/',
    ]);
    const lua = fixedRateInvocation(suite, endpoint, 5000, 'wrk-lua-delay');
    expect(lua.tool).toBe('wrk');
    expect(lua.args).toEqual([
      '-t',
      '2',
      '-c',
      '32',
      '-d',
      '10s',
      '--latency',
      '-s',
      `@file:${PACING_SCRIPT_NAME}`,
      'http://198.18.1.2:5201/',
    ]);
    expect(lua.files?.[0]?.name).toBe(PACING_SCRIPT_NAME);
    // 2 threads at 5000 req/s in total → each thread has a slot every 2/5000 s = 0.4 ms.
    expect(lua.files?.[0]?.content).toContain('local interval = 0.400000\n');
  });

  it('computes the pacing math', () => {
    expect(threadSlotIntervalMs(2, 5000)).toBeCloseTo(0.4, 10);
    expect(threadSlotIntervalMs(4, 1000)).toBeCloseTo(4, 10);
    expect(() => threadSlotIntervalMs(2, 0)).toThrow(RangeError);
    expect(fixedRateTarget(20_001, 0.5)).toBe(10_001);
    expect(fixedRateTarget(0, 0.5)).toBe(1);
    expect(pacedScheduleScript(2.25)).toContain('local interval = 2.250000\n');
  });

  it('maps tests to servers and runs http-max before http-fixed-rate', () => {
    expect(serverKindOf('tcp-stream')).toBe('iperf3');
    expect(serverKindOf('udp-stream')).toBe('iperf3');
    expect(serverKindOf('http-fixed-rate')).toBe('http');
    expect(executionOrder(['http-fixed-rate', 'tcp-stream', 'http-max'])).toEqual([
      'http-max',
      'http-fixed-rate',
      'tcp-stream',
    ]);
    expect(executionOrder(['tcp-stream', 'http-max', 'http-fixed-rate'])).toEqual([
      'tcp-stream',
      'http-max',
      'http-fixed-rate',
    ]);
    expect(executionOrder(['http-fixed-rate'])).toEqual(['http-fixed-rate']);
  });
});

describe('http-conn-rate', () => {
  it('is wrk with Connection: close against the HTTP server', () => {
    expect(serverKindOf('http-conn-rate')).toBe('http');
    expect(connRateInvocation(suite, endpoint)).toEqual({
      tool: 'wrk',
      args: [
        '-H',
        'Connection: close',
        '-t',
        '2',
        '-c',
        '32',
        '-d',
        '10s',
        '--latency',
        'http://198.18.1.2:5201/',
      ],
      timeoutMs: 40_000,
    });
  });

  it('reports requests/s of a Connection: close run as http_conn_rate, never as http_rps', () => {
    const text = readFileSync(new URL('../../fixtures/wrk/connection-close.txt', import.meta.url), 'utf8');
    const rate = Number(/^Requests\/sec:\s+([\d.]+)/m.exec(text)![1]);
    const output = { exitCode: 0, stdout: text, stderr: '', startedAt: '2026-01-01T00:00:00Z', durationS: 1 };
    const { sample } = toSample(
      'pod-to-service-cross-node/http-conn-rate',
      'http-conn-rate',
      connRateInvocation(suite, endpoint),
      output,
    );
    expect(sample.metrics.http_conn_rate).toBe(rate);
    expect(sample.metrics.http_rps).toBeUndefined();
    expect(sample.metrics.http_latency_p99_ms).toBeGreaterThan(0);
    const keepAlive = toSample(
      'pod-to-pod-cross-node/http-max',
      'http-max',
      httpMaxInvocation(suite, endpoint),
      output,
    );
    expect(keepAlive.sample.metrics.http_rps).toBe(rate);
    expect(keepAlive.sample.metrics.http_conn_rate).toBeUndefined();
  });
});
