import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';

/** Resolves an input path against the workspace. */
export function resolveInputPath(workspace: string, path: string): string {
  return isAbsolute(path) ? path : resolve(workspace, path);
}

/** Reads a file named by an input; a missing/unreadable file is a UserError naming the input. */
export async function readInputFile(inputName: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : `cannot be read (${code ?? 'error'})`;
    throw new UserError(
      `input '${inputName}': file '${path}' ${why}; check the path (relative paths start at the workspace)`,
    );
  }
}

/** A UserError naming the input unless `path` (shown as `shown`) exists: a file or a directory (CNI manifests). */
export async function expectInputPath(inputName: string, path: string, shown: string): Promise<void> {
  await stat(path).catch(() => {
    throw new UserError(`input '${inputName}': ${shown} does not exist in the checkout; check the path`);
  });
}

/** Writes a text file, creating its directory. */
export async function writeTextFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
}
