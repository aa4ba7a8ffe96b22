import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { UserError, errorMessage } from '../core/errors.js';
import type { LoadedResults, SkippedFile } from '../core/history/index.js';
import { parseResultsJson } from '../core/results/parse.js';

/** Results files found under the given paths: parsed ones, and the ones skipped with the reason. */
export interface ResultsInputs {
  readonly loaded: LoadedResults[];
  readonly skipped: SkippedFile[];
}

/** Lists a directory (injectable so tests can make a subdirectory unreadable even as root). */
export type ListDirectory = (
  directory: string,
) => Promise<{ name: string; isDirectory(): boolean; isFile(): boolean }[]>;

const listDirectory: ListDirectory = (directory) => readdir(directory, { withFileTypes: true });

/**
 * `*.json` files under a directory, recursively, in sorted order (downloaded artifacts nest). A
 * subdirectory that cannot be listed is reported in `unreadable` and skipped, as unreadable files are.
 */
async function jsonFilesUnder(
  directory: string,
  list: ListDirectory,
  unreadable: { directory: string; reason: string }[],
): Promise<string[]> {
  let entries;
  try {
    entries = await list(directory);
  } catch (error) {
    unreadable.push({ directory, reason: `cannot list the directory: ${fsReason(error)}` });
    return [];
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...(await jsonFilesUnder(path, list, unreadable)));
    else if (entry.isFile() && entry.name.endsWith('.json')) found.push(path);
  }
  return found;
}

function fsReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : errorMessage(error).split('\n')[0]!;
}

/**
 * Reads every results file named by `paths` (files, or directories searched recursively for
 * `*.json`). A path that does not exist is a UserError (a typo, not data); a file that cannot be
 * parsed as results (corrupt, other schema version, not a results file) is skipped with its reason,
 * so one bad file does not lose the rest. Labels are the paths as given (directory entries joined to the directory as given).
 */
export async function readResultsInputs(
  paths: readonly string[],
  cwd: string,
  list: ListDirectory = listDirectory,
): Promise<ResultsInputs> {
  const files: { absolute: string; label: string }[] = [];
  const unreadable: { directory: string; reason: string }[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let info;
    try {
      info = await stat(absolute);
    } catch {
      throw new UserError(
        `history: ${path}: no such file or directory; name results files or a directory of them`,
      );
    }
    if (info.isDirectory()) {
      const before = unreadable.length;
      const found = await jsonFilesUnder(absolute, list, unreadable);
      for (const u of unreadable.slice(before)) u.directory = join(path, relative(absolute, u.directory));
      if (found.length === 0 && unreadable.length === before)
        throw new UserError(`history: ${path}: the directory holds no *.json results files`);
      files.push(...found.map((file) => ({ absolute: file, label: join(path, relative(absolute, file)) })));
    } else if (!info.isFile()) {
      throw new UserError(
        `history: ${path} is not a regular file or a directory (a named pipe or device would never end); pass results files or a directory of them`,
      );
    } else {
      files.push({ absolute, label: path });
    }
  }
  const loaded: LoadedResults[] = [];
  const skipped: SkippedFile[] = unreadable.map((u) => ({ file: u.directory, reason: u.reason }));
  const seen = new Set<string>();
  for (const { absolute, label } of files) {
    if (seen.has(absolute)) continue;
    seen.add(absolute);
    try {
      const text = await readFile(absolute, 'utf8');
      loaded.push({ file: label, results: parseResultsJson(text, label) });
    } catch (error) {
      const message = errorMessage(error);
      skipped.push({
        file: label,
        reason: message.startsWith(`${label}`) ? message.slice(label.length).replace(/^[:\s]+/, '') : message,
      });
    }
  }
  return { loaded, skipped };
}
