import { ToolError } from '../errors.js';
import type { MetricValues } from '../metrics.js';
import { checkMeasurement, nonFiniteWord } from './measurement.js';
import { siCount, timeToMs } from './units.js';

/** wrk's "Socket errors:" line (all zero when wrk did not print it). */
export interface WrkSocketErrors {
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  readonly timeout: number;
}

/** What one wrk run measured. */
export interface WrkParsed {
  /**
   * `http_rps`, `http_requests`, `http_errors`, and — when wrk recorded any latency —
   * `http_latency_avg_ms` plus, with `--latency`, `http_latency_p50_ms`/`_p75_ms`/`_p90_ms`/`_p99_ms`.
   * Latency metrics are absent (not zero) when every request timed out: wrk then prints zeros.
   */
  readonly metrics: MetricValues;
  /** True when the `--latency` distribution (50/75/90/99%) was printed and parsed. */
  readonly hasLatencyDistribution: boolean;
  /** The measured run time of the "N requests in T" line, in seconds. */
  readonly durationS: number | null;
  /** Completed requests (responses read), whatever their status. */
  readonly requests: number;
  /** Responses whose status was not 2xx or 3xx. */
  readonly non2xx: number;
  readonly socketErrors: WrkSocketErrors;
}

/** Percentiles of the distribution that become metrics. */
const PERCENTILE_METRICS = [
  [50, 'http_latency_p50_ms'],
  [75, 'http_latency_p75_ms'],
  [90, 'http_latency_p90_ms'],
  [99, 'http_latency_p99_ms'],
] as const;

const UNABLE_TO_CONNECT = /^.*unable to connect to .*$/m;
const USAGE = /^Usage: wrk\b/m;
const OPTION_COMPLAINT = /^wrk: (.+)$/m;
const REQUESTS_PER_SEC = /^Requests\/sec:\s+(\S+)\s*$/m;
const REQUESTS_LINE = /^\s*(\S+) requests in (\S+), \S+ read\s*$/m;
const SOCKET_ERRORS = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/;
const NON_2XX = /Non-2xx or 3xx responses: (\d+)/;
const LATENCY_STATS = /^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/m;
const DISTRIBUTION_HEADER = /^\s*Latency Distribution\b/;
const DISTRIBUTION_LINE = /^\s*(\d+(?:\.\d+)?)%\s+(\S+)\s*$/;

/**
 * Parses what wrk printed: its stdout followed by its stderr (wrk writes connection and
 * option errors to stderr). Throws ToolError, never returns a sample, when wrk reported an
 * error: "unable to connect", its usage text, no completed request, every response non-2xx/3xx,
 * or output that is not a finished wrk run.
 */
export function parseWrk(text: string): WrkParsed {
  const parsed = parseWrkReport(text);
  checkMeasurement('wrk', parsed.metrics);
  return parsed;
}

function parseWrkReport(text: string): WrkParsed {
  if (text.trim() === '') throw new ToolError('wrk', 'produced no output');
  const unable = UNABLE_TO_CONNECT.exec(text);
  if (unable) throw new ToolError('wrk', unable[0].trim());
  if (USAGE.test(text)) throw usageError(text);

  const rpsMatch = REQUESTS_PER_SEC.exec(text);
  if (!rpsMatch) {
    throw new ToolError(
      'wrk',
      `output has no "Requests/sec:" line, so it is not a finished wrk run (it starts: ${quoteFirstLine(text)})`,
    );
  }
  const rps = requireNumber(siCount(rpsMatch[1] ?? ''), 'Requests/sec', rpsMatch[0]);

  const requestsMatch = REQUESTS_LINE.exec(text);
  if (!requestsMatch) throw new ToolError('wrk', 'output has no "N requests in T" line');
  const requests = requireNumber(siCount(requestsMatch[1] ?? ''), 'request count', requestsMatch[0]);
  const durationMs = timeToMs(requestsMatch[2] ?? '');
  const durationS = durationMs === null ? null : durationMs / 1000;

  const socketErrors = parseSocketErrors(text);
  const non2xx = Number(NON_2XX.exec(text)?.[1] ?? 0);
  const socketErrorTotal =
    socketErrors.connect + socketErrors.read + socketErrors.write + socketErrors.timeout;

  if (requests === 0) {
    const { connect, read, write, timeout } = socketErrors;
    throw new ToolError(
      'wrk',
      `completed no requests (socket errors: connect ${connect}, read ${read}, write ${write}, timeout ${timeout})`,
    );
  }
  if (non2xx >= requests) {
    throw new ToolError(
      'wrk',
      `every response was non-2xx/3xx (${non2xx} of ${requests}) — is the URL right?`,
    );
  }

  const metrics: MetricValues = {
    http_rps: rps,
    http_requests: requests,
    http_errors: socketErrorTotal + non2xx,
  };
  const averageMs = parseLatencyAverage(text);
  const distribution = parseDistribution(text);
  let hasLatencyDistribution = false;
  if (averageMs !== null) {
    metrics.http_latency_avg_ms = averageMs;
    hasLatencyDistribution = PERCENTILE_METRICS.every(([p]) => distribution.has(p));
    for (const [percentile, id] of PERCENTILE_METRICS) {
      const value = distribution.get(percentile);
      if (value !== undefined) metrics[id] = value;
    }
  }
  return { metrics, hasLatencyDistribution, durationS, requests, non2xx, socketErrors };
}

function usageError(text: string): ToolError {
  const complaint = OPTION_COMPLAINT.exec(text)?.[1]?.trim();
  const detail = complaint ?? 'missing URL or an option it does not accept';
  return new ToolError('wrk', `usage error: ${detail} (wrk printed its usage text instead of running)`);
}

function parseSocketErrors(text: string): WrkSocketErrors {
  const match = SOCKET_ERRORS.exec(text);
  if (!match) return { connect: 0, read: 0, write: 0, timeout: 0 };
  return {
    connect: Number(match[1]),
    read: Number(match[2]),
    write: Number(match[3]),
    timeout: Number(match[4]),
  };
}

/**
 * The thread-stats Latency average in ms, or null when wrk recorded no latency at all
 * (every request timed out: wrk prints `0.00us` with a `nan%` spread).
 */
function parseLatencyAverage(text: string): number | null {
  const match = LATENCY_STATS.exec(text);
  if (!match) throw new ToolError('wrk', 'output has no thread-stats "Latency" line');
  const [line, avg, , , withinStdev] = match;
  if (/nan/i.test(withinStdev ?? '')) return null;
  return requireNumber(timeToMs(avg ?? ''), 'Latency Avg', line);
}

/** Percentile → ms from the "Latency Distribution" block (wrk `--latency`; wrk2's `50.000%` too). */
function parseDistribution(text: string): Map<number, number> {
  const values = new Map<number, number>();
  const lines = text.split('\n');
  const start = lines.findIndex((line) => DISTRIBUTION_HEADER.test(line));
  if (start < 0) return values;
  for (const line of lines.slice(start + 1)) {
    const match = DISTRIBUTION_LINE.exec(line);
    if (!match) break;
    const ms = requireNumber(timeToMs(match[2] ?? ''), 'latency percentile', line);
    values.set(Number(match[1]), ms);
  }
  return values;
}

function requireNumber(value: number | null, field: string, line: string): number {
  if (value === null) {
    const figure = /:\s*(\S+)\s*$/.exec(line.trim())?.[1] ?? /^\s*(\S+)/.exec(line)?.[1] ?? '';
    if (nonFiniteWord(figure) !== null || figure.startsWith('-'))
      throw new ToolError('wrk', `not a valid measurement: ${field} is ${figure} in "${line.trim()}"`);
    throw new ToolError('wrk', `cannot read the ${field} in "${line.trim()}"`);
  }
  return value;
}

function quoteFirstLine(text: string): string {
  const first = text.trim().split('\n')[0] ?? '';
  return JSON.stringify(first.length > 120 ? `${first.slice(0, 120)}…` : first);
}
