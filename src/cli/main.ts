import { UserError } from '../core/errors.js';
import { wantsHelp } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import { COMMANDS } from './commands/index.js';
import { CLI_VERSION } from '../version.js';

const PROGRAM = 'cni-perf-gate';

/** The top-level help: usage and one line per command. */
export function usage(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Gates pull requests on Kubernetes CNI performance (iperf3 + wrk, real statistics).',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show this help (or "<command> --help" for a command)',
    '  -v, --version  print the version',
    '',
    'Exit status: 0 ok / no regression, 1 regression (compare), 2 bad input or usage.',
    'Set CNI_PERF_GATE_DEBUG=1 to print stack traces of unexpected errors.',
    '',
  ].join('\n');
}

/** One line for stderr: whitespace (including newlines) folded so the message stays on one line. */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

/** Prints an error as `cni-perf-gate: <message>` (stack only with CNI_PERF_GATE_DEBUG=1) and returns exit 2. */
function reportError(error: unknown, io: CliIo): number {
  const debug = io.env.CNI_PERF_GATE_DEBUG === '1';
  if (error instanceof UserError) {
    io.stderr(`${PROGRAM}: ${oneLine(error.message)}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      `${PROGRAM}: unexpected error: ${oneLine(message)}${debug ? '' : ' (set CNI_PERF_GATE_DEBUG=1 for details)'}\n`,
    );
  }
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return 2;
}

/** The oldest Node.js the CLI supports (package.json `engines`, README). */
export const MIN_NODE_MAJOR = 20;

/** Refuses a Node.js older than MIN_NODE_MAJOR with one line instead of a syntax or API error later. */
export function checkNodeVersion(version: string): void {
  const major = Number(version.split('.')[0]);
  if (!(major >= MIN_NODE_MAJOR)) {
    throw new UserError(
      `Node.js ${version} is too old: cni-perf-gate needs Node.js ${MIN_NODE_MAJOR} or later (the Action runs on node24)`,
    );
  }
}

/**
 * Runs `cni-perf-gate` with `argv` (the arguments after the program name) and resolves to the
 * exit code. Dispatches to the command registry; handles `--help`, `--version`, `help <command>`;
 * an unknown or missing command prints usage to stderr and gives 2. Never throws.
 */
export async function main(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  try {
    checkNodeVersion(process.versions.node);
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr(usage(commands));
      return 2;
    }
    if (first === '--help' || first === '-h') {
      io.stdout(usage(commands));
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.stdout(`${CLI_VERSION}\n`);
      return 0;
    }
    if (first === 'help') {
      const target = rest[0] === undefined ? undefined : commands.find((c) => c.name === rest[0]);
      if (rest[0] !== undefined && !target)
        throw new UserError(`unknown command "${rest[0]}"; run ${PROGRAM} --help`);
      io.stdout(target ? target.help : usage(commands));
      return 0;
    }
    const command = commands.find((c) => c.name === first);
    if (!command) {
      const what = first.startsWith('-') ? 'unknown option' : 'unknown command';
      io.stderr(
        `${PROGRAM}: ${what} "${first}"; commands: ${commands.map((c) => c.name).join(', ')}; see ${PROGRAM} --help\n`,
      );
      return 2;
    }
    if (wantsHelp(rest)) {
      io.stdout(command.help);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}
