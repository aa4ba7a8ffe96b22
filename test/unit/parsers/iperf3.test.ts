import { describe, expect, it } from 'vitest';
import { ToolError, UserError } from '../../../src/core/errors.js';
import { parseIperf3 } from '../../../src/core/parsers/iperf3.js';
import { captured, fixtureText } from './fixture.js';

/** The fields of an iperf3 `end.sum*` object the tests re-read straight from the fixture JSON. */
interface Sum {
  bytes: number;
  seconds: number;
  bits_per_second: number;
  retransmits?: number;
  jitter_ms?: number;
  lost_packets?: number;
  packets?: number;
  lost_percent?: number;
}
interface Report {
  start: { test_start: { num_streams: number; reverse: number; protocol: string } };
  end: {
    sum_sent: Sum;
    sum_received: Sum;
    streams: { receiver?: Sum; sender?: Sum; udp?: Sum }[];
  };
  error?: string;
}

function load(name: string): { text: string; json: Report } {
  const run = captured(`iperf3/${name}`);
  expect(run.exitCode, `${name} was a successful run`).toBe(0);
  return { text: run.stdout, json: JSON.parse(run.stdout) as Report };
}

function toolErrorOf(fn: () => unknown): ToolError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).tool).toBe('iperf3');
    return error as ToolError;
  }
  throw new Error('expected a ToolError, nothing was thrown');
}

/** "iperf 3.12 (cJSON 1.7.15)" in tool-version.txt → "3.12": an independent source of the version. */
const generatorVersion = /iperf (\S+)/.exec(fixtureText('iperf3/tool-version.txt'))?.[1];

describe('parseIperf3 on real TCP runs', () => {
  it('tcp.json: receiver throughput and sender retransmits', () => {
    const { text, json } = load('tcp.json');
    const parsed = parseIperf3(text);
    const received = json.end.sum_received;
    expect(parsed.metrics).toEqual({
      tcp_throughput_bps: received.bits_per_second,
      tcp_retransmits: json.end.sum_sent.retransmits,
    });
    // Receiver side, not the sender's figure.
    expect(parsed.metrics.tcp_throughput_bps).not.toBe(json.end.sum_sent.bits_per_second);
    // iperf3's rate is bytes over the measured seconds: the number is the one we think it is.
    expect(parsed.metrics.tcp_throughput_bps).toBeCloseTo((received.bytes * 8) / received.seconds, -3);
    expect(parsed).toMatchObject({
      protocol: 'tcp',
      reverse: false,
      streams: 1,
      bytesReceived: received.bytes,
      durationS: received.seconds,
      version: generatorVersion,
    });
    // `-t 1 -O 1`: one measured second, the omitted warm-up excluded.
    expect(parsed.durationS).toBeGreaterThan(0.9);
    expect(parsed.durationS).toBeLessThan(1.2);
  });

  it('tcp-parallel-4.json: -P 4 reports the sum over the four streams', () => {
    const { text, json } = load('tcp-parallel-4.json');
    const parsed = parseIperf3(text);
    expect(parsed.streams).toBe(4);
    expect(json.end.streams).toHaveLength(4);
    const streamBytes = json.end.streams.reduce((sum, s) => sum + (s.receiver?.bytes ?? 0), 0);
    const streamRetransmits = json.end.streams.reduce((sum, s) => sum + (s.sender?.retransmits ?? 0), 0);
    expect(parsed.bytesReceived).toBe(streamBytes);
    expect(parsed.metrics.tcp_retransmits).toBe(streamRetransmits);
    const streamBps = json.end.streams.reduce((sum, s) => sum + (s.receiver?.bits_per_second ?? 0), 0);
    expect(parsed.metrics.tcp_throughput_bps).toBeCloseTo(streamBps, -6);
  });

  it('tcp-reverse.json: -R is flagged and still reads the receiver (client) side', () => {
    const { text, json } = load('tcp-reverse.json');
    const parsed = parseIperf3(text);
    expect(json.start.test_start.reverse).toBe(1);
    expect(parsed.reverse).toBe(true);
    expect(parsed.metrics.tcp_throughput_bps).toBe(json.end.sum_received.bits_per_second);
    expect(parsed.metrics.tcp_retransmits).toBe(json.end.sum_sent.retransmits);
    expect(parsed.bytesReceived).toBe(json.end.sum_received.bytes);
  });
});

describe('parseIperf3 on real UDP runs', () => {
  it('udp.json: receiver throughput, loss and jitter at the -b 200M target', () => {
    const { text, json } = load('udp.json');
    const parsed = parseIperf3(text);
    const received = json.end.sum_received;
    expect(parsed.protocol).toBe('udp');
    expect(parsed.metrics).toEqual({
      udp_throughput_bps: received.bits_per_second,
      udp_loss_percent: received.lost_percent,
      udp_jitter_ms: received.jitter_ms,
    });
    // The sender-side sum has no jitter (iperf3 writes 0 there): we did not read it.
    expect(json.end.sum_sent.jitter_ms).toBe(0);
    expect(parsed.metrics.udp_jitter_ms).toBeGreaterThan(0);
    // The run asked for 200 Mbit/s over an idle veth pair.
    expect(parsed.metrics.udp_throughput_bps).toBeGreaterThan(190e6);
    expect(parsed.metrics.udp_throughput_bps).toBeLessThan(210e6);
  });

  it('udp-reverse.json: -R counts what the client received, not what the server sent', () => {
    const { text, json } = load('udp-reverse.json');
    const parsed = parseIperf3(text);
    expect(parsed.reverse).toBe(true);
    expect(parsed.bytesReceived).toBe(json.end.sum_received.bytes);
    expect(parsed.metrics.udp_throughput_bps).toBe(json.end.sum_received.bits_per_second);
    expect(parsed.metrics.udp_jitter_ms).toBe(json.end.sum_received.jitter_ms);
    expect(parsed.metrics.udp_throughput_bps).toBeCloseTo(
      (json.end.sum_received.bytes * 8) / json.end.sum_received.seconds,
      -3,
    );
  });

  it('udp-unlimited.json: real datagram loss is reported as iperf3 computed it', () => {
    const { text, json } = load('udp-unlimited.json');
    const parsed = parseIperf3(text);
    const received = json.end.sum_received;
    expect(parsed.metrics.udp_loss_percent).toBe(received.lost_percent);
    // Re-derive the percentage: iperf3 3.12 divides the receiver's lost count by the number of
    // datagrams the sender sent (the receiver's own packet count can be lower).
    expect(received.lost_packets).toBeGreaterThan(0);
    expect(parsed.metrics.udp_loss_percent).toBeCloseTo(
      ((received.lost_packets ?? NaN) / (json.end.sum_sent.packets ?? NaN)) * 100,
      6,
    );
    expect(parsed.metrics.udp_throughput_bps).toBeLessThan(json.end.sum_sent.bits_per_second);
  });
});

describe('parseIperf3 errors are not samples', () => {
  it('connection refused: iperf3 exited 0, the "error" field becomes a ToolError', () => {
    const run = captured('iperf3/error-connection-refused.json');
    const ownMessage = (JSON.parse(run.stdout) as Report).error;
    expect(ownMessage).toMatch(/Connection refused/);
    // The reason this check exists: iperf3 -J reported the failure with exit status 0.
    expect(run.exitCode).toBe(0);
    const error = toolErrorOf(() => parseIperf3(run.combined));
    expect(error.toolMessage).toBe(ownMessage);
    expect(error.message).toBe(`iperf3 failed: ${ownMessage}`);
    expect(error.inScenario('pod-to-pod-cross-node/tcp-stream').message).toBe(
      `pod-to-pod-cross-node/tcp-stream: iperf3 failed: ${ownMessage}`,
    );
  });

  it('bad congestion algorithm: the error inside the JSON', () => {
    const run = captured('iperf3/error-bad-congestion.json');
    const ownMessage = (JSON.parse(run.stdout) as Report).error;
    expect(toolErrorOf(() => parseIperf3(run.combined)).toolMessage).toBe(ownMessage);
  });

  it('parameter error: no JSON, iperf3 own stderr line is the message', () => {
    const run = captured('iperf3/error-usage-bad-length.json');
    expect(run.exitCode).not.toBe(0);
    const ownLine = run.stderr.trim().replace(/^iperf3: /, '');
    expect(ownLine).toMatch(/^parameter error/);
    expect(toolErrorOf(() => parseIperf3(run.combined)).toolMessage).toBe(ownLine);
    // Without the stderr, the usage text alone is still named as a usage error.
    expect(toolErrorOf(() => parseIperf3(run.stdout)).toolMessage).toMatch(/^usage error/);
  });

  it('truncated JSON', () => {
    const { text } = load('tcp.json');
    for (const cut of [text.length - 3, Math.floor(text.length / 2), 1]) {
      expect(toolErrorOf(() => parseIperf3(text.slice(0, cut))).toolMessage).toMatch(/truncated/);
    }
  });

  it('JSON without end results', () => {
    const { json } = load('tcp.json');
    const withoutEnd: Partial<Report> = { ...json };
    delete withoutEnd.end;
    expect(toolErrorOf(() => parseIperf3(JSON.stringify(withoutEnd))).toolMessage).toMatch(/no "end"/);
    const emptyEnd = { ...json, end: {} };
    expect(toolErrorOf(() => parseIperf3(JSON.stringify(emptyEnd))).toolMessage).toMatch(/no "end"/);
    const noReceived = { ...json, end: { ...json.end, sum_received: undefined } };
    expect(toolErrorOf(() => parseIperf3(JSON.stringify(noReceived))).toolMessage).toBe(
      'JSON has no end.sum_received',
    );
  });

  it('empty, non-JSON, and non-object output', () => {
    expect(toolErrorOf(() => parseIperf3('')).toolMessage).toBe('produced no output');
    expect(toolErrorOf(() => parseIperf3(' \n')).toolMessage).toBe('produced no output');
    expect(toolErrorOf(() => parseIperf3(fixtureText('wrk/plain.txt'))).toolMessage).toMatch(/-J/);
    expect(toolErrorOf(() => parseIperf3('[1, 2]')).toolMessage).toMatch(/not an object/);
  });

  it('an SCTP run is a user error, not a tool failure', () => {
    const { json } = load('tcp.json');
    const sctp = {
      ...json,
      start: { ...json.start, test_start: { ...json.start.test_start, protocol: 'SCTP' } },
    };
    const run = () => parseIperf3(JSON.stringify(sctp));
    expect(run).toThrow(UserError);
    expect(run).toThrow(/SCTP/);
    expect(run).not.toThrow(ToolError);
  });
});

describe('parseIperf3 tolerates what callers append', () => {
  it('parses the report when stderr text follows the JSON', () => {
    const { text, json } = load('tcp.json');
    const parsed = parseIperf3(`${text}\niperf3: interrupt - the client has terminated\n`);
    expect(parsed.metrics.tcp_throughput_bps).toBe(json.end.sum_received.bits_per_second);
  });

  it('reads UDP from end.sum when an older iperf3 has no sum_received', () => {
    const { json } = load('udp.json');
    const older = { ...json, end: { ...json.end, sum_received: undefined, sum_sent: undefined } };
    const sum = (json.end as unknown as { sum: Sum }).sum;
    expect(parseIperf3(JSON.stringify(older)).metrics).toEqual({
      udp_throughput_bps: sum.bits_per_second,
      udp_loss_percent: sum.lost_percent,
      udp_jitter_ms: sum.jitter_ms,
    });
  });
});
