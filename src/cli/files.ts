import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, expected a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a parent of this path is not a directory';
    default:
      return error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error);
  }
}

/**
 * Reads a UTF-8 file named on the command line (relative to `cwd`).
 * Failures are one-line UserErrors: `<what> <path>: no such file`.
 */
export async function readInputFile(path: string, cwd: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${what} ${path}: ${describeFsError(error)}`);
  }
}

/** Writes a UTF-8 output file named on the command line (relative to `cwd`). */
export async function writeOutputFile(
  path: string,
  cwd: string,
  content: string,
  what: string,
): Promise<void> {
  try {
    await writeFile(resolve(cwd, path), content, 'utf8');
  } catch (error) {
    throw new UserError(`cannot write ${what} ${path}: ${describeFsError(error)}`);
  }
}
