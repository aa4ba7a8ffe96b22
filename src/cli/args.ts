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
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]?.replace(/\.$/, '') : String(error);
    throw new UserError(`${command}: ${message}; see cni-perf-gate ${command} --help`);
  }
}

/** Rejects a wrong number of positional arguments with the command's usage line. */
export function expectPositionals(
  command: string,
  positionals: readonly string[],
  names: readonly string[],
  usage: string,
): void {
  if (positionals.length === names.length) return;
  const problem =
    positionals.length < names.length
      ? `missing ${names.slice(positionals.length).join(' and ')}`
      : `unexpected argument ${JSON.stringify(positionals[names.length])}`;
  throw new UserError(`${command}: ${problem}; usage: ${usage}`);
}
