import { checkMeasurement } from './measurement.js';
import { ToolError, UserError } from '../errors.js';
import type { MetricValues } from '../metrics.js';

/** What one iperf3 `-J` client run measured. */
export interface Iperf3Parsed {
  /**
   * TCP: `tcp_throughput_bps` (receiver side, `end.sum_received`) and `tcp_retransmits`
   * (`end.sum_sent.retransmits`, absent when the sender's OS does not report it).
   * UDP: `udp_throughput_bps`, `udp_loss_percent`, `udp_jitter_ms`, all receiver side.
   */
  readonly metrics: MetricValues;
  readonly protocol: 'tcp' | 'udp';
  /** True for `-R` (server sends, client receives). */
  readonly reverse: boolean;
  /** Parallel streams (`-P`). */
  readonly streams: number;
  /** Bytes the receiver got over the measured interval (omitted warm-up excluded). */
  readonly bytesReceived: number;
  /** Seconds the receiver measured over (omitted warm-up excluded). */
  readonly durationS: number;
  /** iperf3's version, e.g. "3.12", or null when the output does not say. */
  readonly version: string | null;
}

type Json = Record<string, unknown>;

/**
 * Parses iperf3 client output from `-J`. The text may be followed by iperf3's stderr; a
 * parameter error without JSON (e.g. "iperf3: parameter error - …") becomes a ToolError with
 * iperf3's words. iperf3's `"error"` field (present even when iperf3 exits 0) is a ToolError,
 * never a sample; so is JSON without finished `end` results.
 */
export function parseIperf3(text: string): Iperf3Parsed {
  const parsed = parseIperf3Report(text);
  checkMeasurement('iperf3', parsed.metrics);
  return parsed;
}

function parseIperf3Report(text: string): Iperf3Parsed {
  const report = parseJsonReport(text);
  if (typeof report.error === 'string' && report.error.trim() !== '') {
    throw new ToolError('iperf3', report.error.trim());
  }
  const start = objectAt(report, 'start');
  const end = objectAt(report, 'end');
  if (!start || !end || Object.keys(end).length === 0) {
    throw new ToolError('iperf3', 'JSON has no "end" results: the test did not finish');
  }
  const testStart = objectAt(start, 'test_start');
  const protocol = readProtocol(testStart);
  const reverse = testStart?.reverse === 1 || testStart?.reverse === true;
  const streams = typeof testStart?.num_streams === 'number' ? testStart.num_streams : 1;
  const version = readVersion(start);

  if (protocol === 'tcp') {
    const received = requireObject(end, 'sum_received', 'end');
    const metrics: MetricValues = {
      tcp_throughput_bps: requireNumber(received, 'bits_per_second', 'end.sum_received'),
    };
    const sent = objectAt(end, 'sum_sent');
    if (typeof sent?.retransmits === 'number') metrics.tcp_retransmits = sent.retransmits;
    return {
      metrics,
      protocol,
      reverse,
      streams,
      bytesReceived: requireNumber(received, 'bytes', 'end.sum_received'),
      durationS: requireNumber(received, 'seconds', 'end.sum_received'),
      version,
    };
  }

  // UDP: iperf3 ≥ 3.x puts the receiver's view in end.sum_received (with -R too); older
  // versions only have end.sum, whose jitter/loss already come from the receiver.
  const [received, where] = objectAt(end, 'sum_received')
    ? [requireObject(end, 'sum_received', 'end'), 'end.sum_received']
    : [requireObject(end, 'sum', 'end'), 'end.sum'];
  return {
    metrics: {
      udp_throughput_bps: requireNumber(received, 'bits_per_second', where),
      udp_loss_percent: requireNumber(received, 'lost_percent', where),
      udp_jitter_ms: requireNumber(received, 'jitter_ms', where),
    },
    protocol,
    reverse,
    streams,
    bytesReceived: requireNumber(received, 'bytes', where),
    durationS: requireNumber(received, 'seconds', where),
    version,
  };
}

/** The top-level JSON object, or a ToolError saying why there is none. */
function parseJsonReport(text: string): Json {
  const trimmed = text.trim();
  if (trimmed === '') throw new ToolError('iperf3', 'produced no output');
  const parsed = tryParse(trimmed) ?? tryParse(topLevelObjectText(text));
  if (parsed !== undefined) {
    if (isObject(parsed)) return parsed;
    throw new ToolError('iperf3', 'JSON output is not an object');
  }
  const ownError = /^iperf3: (.+)$/m.exec(text)?.[1]?.trim();
  if (ownError) throw new ToolError('iperf3', ownError);
  if (/^Usage: iperf3\b/m.test(text)) {
    throw new ToolError('iperf3', 'usage error: iperf3 printed its usage text instead of running');
  }
  // iperf3 prints C's `nan` / `inf` into its JSON when a figure breaks (e.g. jitter of no packets).
  const broken = /"([a-z_]+)"\s*:\s*(-?(?:nan|inf))\b/i.exec(trimmed);
  if (broken) throw new ToolError('iperf3', `not a valid measurement: ${broken[1]} is ${broken[2]}`);
  if (trimmed.startsWith('{')) {
    throw new ToolError('iperf3', 'JSON output is truncated or corrupt (iperf3 was cut short?)');
  }
  throw new ToolError('iperf3', 'output is not JSON: run the iperf3 client with -J');
}

/**
 * iperf3 pretty-prints its report with the top-level braces alone on their lines and nested
 * lines indented, so the report is the text from a line "{" to the first line "}" — this
 * drops anything printed around it (stderr appended by the caller).
 */
function topLevelObjectText(text: string): string {
  const lines = text.split('\n').map((line) => line.trimEnd());
  const open = lines.indexOf('{');
  if (open < 0) return '';
  const close = lines.indexOf('}', open + 1);
  return close < 0 ? '' : lines.slice(open, close + 1).join('\n');
}

function tryParse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readProtocol(testStart: Json | undefined): 'tcp' | 'udp' {
  const protocol = testStart?.protocol;
  if (protocol === 'TCP') return 'tcp';
  if (protocol === 'UDP') return 'udp';
  if (typeof protocol === 'string') {
    throw new UserError(
      `iperf3 output is a ${protocol} test; cni-perf-gate measures TCP and UDP only (drop --sctp)`,
    );
  }
  throw new ToolError('iperf3', 'JSON has no start.test_start.protocol');
}

function readVersion(start: Json): string | null {
  const version = start.version;
  if (typeof version !== 'string') return null;
  return /(\d+(?:\.\d+)+\S*)/.exec(version)?.[1] ?? null;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(parent: Json | undefined, key: string): Json | undefined {
  const value = parent?.[key];
  return isObject(value) ? value : undefined;
}

function requireObject(parent: Json, key: string, where: string): Json {
  const value = objectAt(parent, key);
  if (!value) throw new ToolError('iperf3', `JSON has no ${where}.${key}`);
  return value;
}

function requireNumber(parent: Json, key: string, where: string): number {
  const value = parent[key];
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new ToolError('iperf3', `not a valid measurement: ${where}.${key} is ${value}`);
  }
  if (typeof value !== 'number') {
    throw new ToolError('iperf3', `JSON field ${where}.${key} is missing or not a number`);
  }
  return value;
}
