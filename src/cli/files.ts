import { readFile, stat, writeFile } from 'node:fs/promises';
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
    const absolute = resolve(cwd, path);
    await expectRegularFile(absolute, path, what);
    return await readFile(absolute, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read ${what} ${path}: ${describeFsError(error)}`);
  }
}

/** What a non-regular file is, in words. */
function kindOf(info: Awaited<ReturnType<typeof stat>>): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Refuses anything but a regular file (after symlinks): reading a FIFO or a device would block or
 * never end. Throws a one-line UserError; other stat failures propagate.
 */
export async function expectRegularFile(absolute: string, path: string, what: string): Promise<void> {
  const info = await stat(absolute);
  if (info.isDirectory()) throw new UserError(`cannot read ${what} ${path}: is a directory, expected a file`);
  if (!info.isFile()) {
    throw new UserError(
      `cannot read ${what} ${path}: it is ${kindOf(info)}, not a regular file; pass a file`,
    );
  }
}

/**
 * Refuses an output path that names one of the inputs (also through a symlink or a hard link):
 * writing the report there would replace the file it was computed from.
 */
export async function refuseOutputOverInput(
  out: string,
  inputs: readonly string[],
  cwd: string,
  flag = '--out',
): Promise<void> {
  const target = resolve(cwd, out);
  const outInfo = await stat(target).catch(() => null);
  for (const input of inputs) {
    const absolute = resolve(cwd, input);
    const same =
      absolute === target ||
      (outInfo !== null &&
        (await stat(absolute).then(
          (info) => info.dev === outInfo.dev && info.ino === outInfo.ino,
          () => false,
        )));
    if (same) {
      throw new UserError(
        `${flag} ${out} is the input ${input}: writing the report there would replace it; choose another file`,
      );
    }
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
