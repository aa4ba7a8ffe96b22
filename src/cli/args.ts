import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../core/errors.js';

/** The option table of one command, as `node:util` parseArgs takes it. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Flags that ask for a command's help text. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/**
 * `--flag -1` → `--flag=-1` for string options, so a negative number reaches the flag's own
 * validation (which names the valid range) instead of parseArgs' "argument is ambiguous".
 */
function joinNegativeValues(argv: readonly string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg === '--') return [...out, ...argv.slice(i)];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/**
 * Parses a command's arguments strictly (unknown options and missing values are errors).
 * Errors become one-line UserErrors: `<command>: <what is wrong>; see cni-perf-gate <command> --help`.
 */
export function parseCommandArgs<T extends OptionSpec>(
  command: string,
  argv: readonly string[],
  options: T,
): {
  values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
} {
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    // node's first sentence only ("Unknown option '--x'. To specify a positional …" is noise here).
    const message =
      error instanceof Error
        ? (error.message.split('\n')[0] ?? '').split('. ')[0]?.replace(/\.$/, '')
        : String(error);
    throw new UserError(`${command}: ${message}; see cni-perf-gate ${command} --help`);
  }
}

/**
 * Rejects a wrong number of positional arguments with the command's usage line. A last name that
 * ends in `...` (e.g. `FILE|DIR...`) takes one or more arguments.
 */
export function expectPositionals(
  command: string,
  positionals: readonly string[],
  names: readonly string[],
  usage: string,
): void {
  const variadic = names.at(-1)?.endsWith('...') ?? false;
  if (positionals.length === names.length || (variadic && positionals.length > names.length)) return;
  const shown = names.map((name) => name.replace(/\.\.\.$/, ''));
  const problem =
    positionals.length < names.length
      ? `missing ${shown.slice(positionals.length).join(' and ')}`
      : `unexpected argument ${JSON.stringify(positionals[names.length])}`;
  throw new UserError(`${command}: ${problem}; usage: ${usage}`);
}
