import { UserError } from '../errors.js';
import type { MetricValues } from '../metrics.js';
import { parseIperf3 } from './iperf3.js';
import { parseWrk } from './wrk.js';

export { parseIperf3, type Iperf3Parsed } from './iperf3.js';
export { parseWrk, type WrkParsed, type WrkSocketErrors } from './wrk.js';
export { parseProcStat, cpuUsageBetween, cpuSecondsPerGbit, type CpuTimes } from './proc-stat.js';
export { timeToMs, siCount } from './units.js';

/** Tools whose saved output `cni-perf-gate parse --tool …` reads. */
export const PARSEABLE_TOOLS = ['iperf3', 'wrk'] as const;

/** A tool `parseToolOutput` understands. */
export type ParseableTool = (typeof PARSEABLE_TOOLS)[number];

/** The metrics one saved tool output holds, as `cni-perf-gate parse` prints them. */
export interface ParsedToolOutput {
  readonly tool: string;
  readonly metrics: MetricValues;
}

/**
 * Parses saved output of `tool` (iperf3 `-J` JSON, or wrk's text with its stderr appended).
 * Accepts any string so the CLI can pass `--tool` unchecked: an unknown tool is a UserError;
 * an output that reports an error is a ToolError with the tool's own message.
 */
export function parseToolOutput(tool: ParseableTool | string, text: string): ParsedToolOutput {
  switch (tool) {
    case 'iperf3':
      return { tool, metrics: parseIperf3(text).metrics };
    case 'wrk':
      return { tool, metrics: parseWrk(text).metrics };
    default:
      throw new UserError(`unknown --tool "${tool}": parse understands ${PARSEABLE_TOOLS.join(' and ')}`);
  }
}
