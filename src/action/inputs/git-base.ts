import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Exec, ExecResult } from '../../adapters/exec.js';
import { ToolError, UserError } from '../../core/errors.js';

/**
 * The text of `path` (relative to the repository root `workspace`) at commit `sha`, read with
 * `git show` — fetching just that commit (`git fetch --depth=1 origin <sha>`) when the shallow
 * checkout does not have it. A file missing at that commit is a UserError naming both.
 */
export async function readFileAtCommit(
  exec: Exec,
  workspace: string,
  sha: string,
  path: string,
): Promise<string> {
  const git = gitIn(exec, workspace);
  await ensureCommit(git, sha);
  const spec = `${sha}:${path.replace(/^\.\//, '')}`;
  const exists = await git(['cat-file', '-e', spec]);
  if (exists.exitCode !== 0) throw missingAtBase(path, sha);
  return showBlob(git, spec);
}

/**
 * Writes `path` (a file or a directory, relative to the repository root `workspace`) as it was at
 * commit `sha` under `destDir` (same relative layout) and returns the written path — the base
 * side of Kubernetes manifests in mode `paired`. Fetches the commit like {@link readFileAtCommit};
 * a path missing at that commit is a UserError naming both.
 */
export async function checkoutPathAtCommit(
  exec: Exec,
  workspace: string,
  sha: string,
  path: string,
  destDir: string,
): Promise<string> {
  const git = gitIn(exec, workspace);
  await ensureCommit(git, sha);
  const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
  const listed = await git(['ls-tree', '-r', '-z', '--full-name', '--name-only', sha, '--', clean]);
  if (listed.exitCode !== 0) {
    throw new ToolError('git', `git ls-tree ${sha} ${clean} failed: ${firstLine(listed.stderr)}`);
  }
  const files = listed.stdout.split('\0').filter((f) => f === clean || f.startsWith(`${clean}/`));
  if (files.length === 0) throw missingAtBase(path, sha);
  for (const file of files) {
    const target = join(destDir, file);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, await showBlob(git, `${sha}:${file}`));
  }
  return join(destDir, clean);
}

type Git = (args: string[]) => Promise<ExecResult>;

function gitIn(exec: Exec, workspace: string): Git {
  return (args) => exec.run('git', ['-C', workspace, ...args], { timeoutMs: 120_000 });
}

/** Makes sure commit `sha` is present, fetching just it (`--depth=1`) into a shallow checkout. */
async function ensureCommit(git: Git, sha: string): Promise<void> {
  const has = await git(['cat-file', '-e', `${sha}^{commit}`]);
  if (has.exitCode === 127) throw new ToolError('git', 'git is not installed on this runner');
  if (has.exitCode === 0) return;
  const fetched = await git(['fetch', '--no-tags', '--depth=1', 'origin', sha]);
  if (fetched.exitCode !== 0) {
    const detail = (fetched.stderr.trim().split('\n').pop() ?? '') || `exit code ${fetched.exitCode}`;
    throw new ToolError('git', `cannot fetch the PR's base commit ${sha} from origin: ${detail}`);
  }
}

async function showBlob(git: Git, spec: string): Promise<string> {
  const shown = await git(['show', spec]);
  if (shown.exitCode !== 0) throw new ToolError('git', `git show ${spec} failed: ${firstLine(shown.stderr)}`);
  return shown.stdout;
}

function missingAtBase(path: string, sha: string): UserError {
  return new UserError(
    `input 'cni-config': ${path} does not exist at the PR's base commit ${sha.slice(0, 12)}; mode 'paired' needs it on both sides (use mode 'gate' for a new file)`,
  );
}

const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';
