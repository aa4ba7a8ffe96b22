import type { Exec } from '../adapters/exec.js';
import type { Source } from '../core/results/types.js';

type Env = Readonly<Record<string, string | undefined>>;

async function git(exec: Exec, cwd: string, args: readonly string[]): Promise<string | null> {
  try {
    const result = await exec.run('git', args, { cwd, timeoutMs: 5000 });
    const out = result.stdout.trim();
    return result.exitCode === 0 && out !== '' ? out : null;
  } catch {
    return null; // no git binary: provenance is optional
  }
}

/** The workflow run URL when running inside GitHub Actions (GITHUB_* variables), else null. */
export function workflowRunUrl(env: Env): string | null {
  const server = (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '');
  const repository = env['GITHUB_REPOSITORY'];
  const runId = env['GITHUB_RUN_ID'];
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository) || !runId || !/^\d+$/.test(runId)) return null;
  return `${server}/${repository}/actions/runs/${runId}`;
}

/**
 * Provenance for results written by the CLI: the commit and ref of the git work tree `cwd` is in
 * (nothing when it is not one, or git is missing), and the workflow run when GITHUB_* says the CLI
 * runs inside GitHub Actions. No remote URL is read (it may hold credentials). Undefined when
 * nothing is known.
 */
export async function gitSource(exec: Exec, cwd: string, env: Env): Promise<Source | undefined> {
  const commit = await git(exec, cwd, ['rev-parse', '--verify', '-q', 'HEAD']);
  const ref = commit ? await git(exec, cwd, ['symbolic-ref', '-q', 'HEAD']) : null;
  const runUrl = workflowRunUrl(env);
  const repository = runUrl ? env['GITHUB_REPOSITORY'] : undefined;
  const source: Source = {
    ...(commit && /^[0-9a-f]{7,64}$/.test(commit) ? { commit } : {}),
    ...(ref ? { ref } : env['GITHUB_REF'] && commit ? { ref: env['GITHUB_REF'] } : {}),
    ...(repository ? { repository } : {}),
    ...(runUrl ? { runUrl } : {}),
  };
  return Object.keys(source).length > 0 ? source : undefined;
}
