import { UserError } from '../../core/errors.js';
import { PARSEABLE_TOOLS, parseToolOutput } from '../../core/parsers/index.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { readInputFile } from '../files.js';

const USAGE = 'cni-perf-gate parse --tool iperf3|wrk FILE';

const HELP = `Usage: ${USAGE}

Parses one saved tool output and prints the metrics it holds, in the units of the
metric catalogue, as JSON: { "tool": "iperf3", "metrics": { "tcp_throughput_bps": 9.4e9, ... } }

  FILE            iperf3 -J output, or wrk --latency output (stdout, stderr appended)
  --tool TOOL     iperf3 or wrk (required)
  -h, --help      show this help

Exit status: 0 parsed; 2 bad usage, unreadable file, or an output that reports an error
(the tool's own message is printed, e.g. iperf3's "error" field or wrk's "unable to connect").
`;

/** `cni-perf-gate parse`: one saved iperf3/wrk output → `{ tool, metrics }` JSON on stdout. */
export const parseCommand: CliCommand = {
  name: 'parse',
  summary: 'parse a saved iperf3 or wrk output and print its metrics as JSON',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('parse', argv, { tool: { type: 'string' } });
    expectPositionals('parse', positionals, ['FILE'], USAGE);
    const tool = values.tool;
    if (tool === undefined)
      throw new UserError(`parse: --tool is required (${PARSEABLE_TOOLS.join(' or ')}); usage: ${USAGE}`);
    if (!(PARSEABLE_TOOLS as readonly string[]).includes(tool)) {
      throw new UserError(`parse: unknown --tool "${tool}"; expected ${PARSEABLE_TOOLS.join(' or ')}`);
    }
    const file = positionals[0] as string;
    const text = await readInputFile(file, io.cwd, `${tool} output`);
    let parsed;
    try {
      parsed = parseToolOutput(tool, text);
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`${file}: ${error.message}`, { cause: error });
      throw error;
    }
    io.stdout(`${JSON.stringify({ tool: parsed.tool, metrics: parsed.metrics }, null, 2)}\n`);
    return 0;
  },
};
