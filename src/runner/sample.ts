import { ToolError, errorMessage } from '../core/errors.js';
import type { MetricValues } from '../core/metrics.js';
import { parseIperf3 } from '../core/parsers/iperf3.js';
import { cpuSecondsPerGbit } from '../core/parsers/proc-stat.js';
import { parseWrk } from '../core/parsers/wrk.js';
import type { Sample } from '../core/results/types.js';
import type { ScenarioId, TestId } from '../core/scenarios.js';
import type { ToolInvocation, ToolOutput } from '../platform/platform.js';
import { isStreamTest } from './invocations.js';

/** A parsed tool run: the sample plus facts the runner needs (fixed-rate calibration). */
export interface ParsedSample {
  readonly sample: Sample;
  /** Requests per second achieved (HTTP tests only). */
  readonly rps?: number;
  /** Bits the sample moved (stream tests only): the denominator of the per-Gbit CPU metrics. */
  readonly bitsMoved?: number;
}

/**
 * Turns one tool run into a sample: parses the tool's output, adds CPU metrics
 * (`cpu_busy_percent`, `cpu_softirq_percent`, and `cpu_seconds_per_gbit` for stream tests).
 * A tool error (non-zero exit, error in the output) is a ToolError naming the scenario.
 */
export function toSample(
  scenario: ScenarioId,
  test: TestId,
  invocation: ToolInvocation,
  output: ToolOutput,
  notes?: Sample['notes'],
): ParsedSample {
  const tool = invocation.tool;
  // A killed tool's partial output must not be mistaken for the reason (e.g. "not JSON").
  if (output.timedOut) throw new ToolError(tool, describeTimeout(invocation, output), scenario);
  // Both parsers read the tool's stdout with its stderr appended (errors are printed there).
  const text = output.stderr.trim() === '' ? output.stdout : `${output.stdout}\n${output.stderr}`;
  let metrics: MetricValues;
  let durationS: number | null;
  let bitsMoved: number | undefined;
  let rps: number | undefined;
  try {
    if (isStreamTest(test)) {
      const parsed = parseIperf3(text);
      metrics = { ...parsed.metrics };
      durationS = parsed.durationS;
      bitsMoved = parsed.bytesReceived * 8;
    } else {
      const parsed = parseWrk(text);
      metrics = { ...parsed.metrics };
      durationS = parsed.durationS;
      rps = parsed.metrics.http_rps ?? undefined;
      if (test === 'http-conn-rate') {
        // One connection per request: the rate is connections/s, reported under its own id so it
        // is never compared with a keep-alive http_rps.
        if (metrics.http_rps !== undefined) metrics.http_conn_rate = metrics.http_rps;
        delete metrics.http_rps;
      }
    }
  } catch (error) {
    if (error instanceof ToolError) throw error.inScenario(scenario);
    if (output.exitCode !== 0) throw new ToolError(tool, describeExit(output), scenario);
    throw new ToolError(tool, `unreadable output (${errorMessage(error)})`, scenario);
  }
  if (output.exitCode !== 0) throw new ToolError(tool, describeExit(output), scenario);

  if (output.cpu) {
    metrics.cpu_busy_percent = output.cpu.busyPercent;
    metrics.cpu_softirq_percent = output.cpu.softirqPercent;
    if (output.cpu.foreignPercent !== undefined) metrics.foreign_cpu_percent = output.cpu.foreignPercent;
    if (output.cpu.stealPercent !== undefined) metrics.cpu_steal_percent = output.cpu.stealPercent;
    const perGbit = bitsMoved === undefined ? null : cpuSecondsPerGbit(output.cpu.busySeconds, bitsMoved);
    if (perGbit !== null) metrics.cpu_seconds_per_gbit = perGbit;
  }
  const sample: Sample = {
    metrics,
    startedAt: output.startedAt,
    durationS: durationS !== null && durationS > 0 ? durationS : output.durationS,
    ...(notes ? { notes } : {}),
  };
  return {
    sample,
    ...(rps !== undefined ? { rps } : {}),
    ...(bitsMoved !== undefined ? { bitsMoved } : {}),
  };
}

/** "timed out after 33 s and was killed", with the tool's last stderr line when it printed one. */
function describeTimeout(invocation: ToolInvocation, output: ToolOutput): string {
  const seconds = Math.round(invocation.timeoutMs / 100) / 10;
  const marker = `${invocation.tool} timed out after`;
  const own = output.stderr
    .split('\n')
    .map((line) => (line.startsWith(marker) ? (line.split('; it printed: ')[1] ?? '') : line).trim())
    .filter((line) => line !== '')
    .at(-1);
  return `timed out after ${seconds} s and was killed (no result within the sample's duration plus grace)${own ? `; it printed: ${own}` : ''}`;
}

/** The tool's own words for a failed run: the last stderr line, else the exit code. */
function describeExit(output: ToolOutput): string {
  const lines = output.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const last = lines.at(-1);
  return last ?? `exited with code ${output.exitCode} and printed nothing`;
}
