import type { Exec } from '../../adapters/exec.js';
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
  const git = (args: string[]) => exec.run('git', ['-C', workspace, ...args], { timeoutMs: 120_000 });
  const spec = `${sha}:${path.replace(/^\.\//, '')}`;
  const has = await git(['cat-file', '-e', `${sha}^{commit}`]);
  if (has.exitCode === 127) throw new ToolError('git', 'git is not installed on this runner');
  if (has.exitCode !== 0) {
    const fetched = await git(['fetch', '--no-tags', '--depth=1', 'origin', sha]);
    if (fetched.exitCode !== 0) {
      const detail = (fetched.stderr.trim().split('\n').pop() ?? '') || `exit code ${fetched.exitCode}`;
      throw new ToolError('git', `cannot fetch the PR's base commit ${sha} from origin: ${detail}`);
    }
  }
  const exists = await git(['cat-file', '-e', spec]);
  if (exists.exitCode !== 0) {
    throw new UserError(
      `input 'cni-config': ${path} does not exist at the PR's base commit ${sha.slice(0, 12)}; mode 'paired' needs the file on both sides (use mode 'gate' for a new file)`,
    );
  }
  const shown = await git(['show', spec]);
  if (shown.exitCode !== 0) {
    throw new ToolError('git', `git show ${spec} failed: ${shown.stderr.trim().split('\n')[0] ?? ''}`);
  }
  return shown.stdout;
}
