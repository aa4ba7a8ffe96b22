import { access, constants, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';

/** Results files a run has claimed: checked writable, locked against a concurrent run. */
export interface OutputClaim {
  /** Paths (as the user wrote them) that already held a file, which this run will replace. */
  readonly replacing: ReadonlySet<string>;
  /** Removes the lock files (idempotent). */
  release(): Promise<void>;
}

/** Lock files this process holds (a second claim from the same process is refused too). */
const HELD = new Set<string>();

/**
 * `mkdir -p` that fails instead of looping: node's recursive mkdir never returns for a path
 * under /proc (ENOENT from a pseudo file system), so each missing level is made in turn.
 */
export async function makeDirs(path: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    const found = await stat(current).catch(() => undefined);
    if (found) {
      if (!found.isDirectory()) {
        throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      }
      break;
    }
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Whether a process id is alive (signal 0). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
  if (code === 'ENOENT') return 'no such directory';
  if (code === 'ENOTDIR') return 'a parent of this path is not a directory';
  return error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error);
}

/**
 * Before measuring: checks that every results file can be written (its directory is created and
 * a lock file `<file>.lock` holding this pid is created next to it) and refuses a file another
 * live run has claimed, so two runs with the same --out never overwrite each other. A lock left
 * by a dead process is taken over. UserError naming the file otherwise.
 */
export async function claimOutputs(
  paths: readonly string[],
  cwd: string,
  pid: number = process.pid,
  alive: (pid: number) => boolean = pidAlive,
): Promise<OutputClaim> {
  const locks: string[] = [];
  const replacing = new Set<string>();
  const release = async (): Promise<void> => {
    for (const lock of locks.splice(0)) {
      HELD.delete(lock);
      await rm(lock, { force: true });
    }
  };
  try {
    for (const path of paths) {
      const target = resolve(cwd, path);
      const lock = `${target}.lock`;
      try {
        await makeDirs(dirname(target));
      } catch (error) {
        throw new UserError(
          `run: cannot write results file ${path}: ${reason(error)} (checked before measuring)`,
        );
      }
      const existing = await stat(target).catch(() => undefined);
      if (existing?.isDirectory()) {
        throw new UserError(`run: results file ${path} is a directory; pass --out DIR or another file name`);
      }
      if (existing) {
        try {
          await access(target, constants.W_OK);
        } catch (error) {
          throw new UserError(
            `run: cannot write results file ${path}: ${reason(error)} (checked before measuring)`,
          );
        }
        replacing.add(path);
      }
      if (HELD.has(lock)) {
        throw new UserError(
          `run: results file ${path} is being written by another run (pid ${process.pid}, lock ${path}.lock); wait for it or use another --out`,
        );
      }
      HELD.add(lock); // reserved before the first await: a concurrent claim in this process sees it
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await writeFile(lock, `${pid}\n`, { flag: 'wx' });
            locks.push(lock);
            break;
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
              throw new UserError(
                `run: cannot write results file ${path}: ${reason(error)} (checked before measuring)`,
              );
            }
            const owner = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
            if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
              throw new UserError(
                `run: results file ${path} is being written by another run (pid ${owner}, lock ${path}.lock); wait for it or use another --out`,
              );
            }
            await rm(lock, { force: true }); // left by a run that is gone
          }
        }
      } catch (error) {
        if (!locks.includes(lock)) HELD.delete(lock);
        throw error;
      }
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { replacing, release };
}

/**
 * Writes results files; one that still cannot be written (the directory vanished, the disk is
 * full…) is saved under the temp directory instead, and a UserError names where, so a finished
 * measurement is never lost. `log` says which files replaced earlier ones.
 */
export async function writeResultsFiles(
  files: readonly { readonly path: string; readonly content: string }[],
  cwd: string,
  log: (line: string) => void,
  replacing: ReadonlySet<string> = new Set(),
  fallbackDir: string = tmpdir(),
): Promise<void> {
  const failures: string[] = [];
  for (const { path, content } of files) {
    try {
      await writeFile(resolve(cwd, path), content, 'utf8');
      log(`wrote ${path}${replacing.has(path) ? ' (replaced the earlier file)' : ''}`);
    } catch (error) {
      const fallback = join(fallbackDir, `cni-perf-gate-${process.pid}-${Date.now()}-${basename(path)}`);
      try {
        await writeFile(fallback, content, 'utf8');
        failures.push(`${path} (${reason(error)}): saved to ${fallback} instead`);
      } catch (fallbackError) {
        failures.push(`${path} (${reason(error)}), and ${fallback} (${reason(fallbackError)}): results lost`);
      }
    }
  }
  if (failures.length > 0) throw new UserError(`run: cannot write results file ${failures.join('; ')}`);
}
