import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeExec } from '../../../src/adapters/node-exec.js';
import { gitSource, workflowRunUrl } from '../../../src/cli/git-source.js';

let dir: string;
let repo: string;
let commit: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpg-git-source-'));
  repo = join(dir, 'repo');
  const run = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.invalid',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.invalid',
      },
    })
      .toString()
      .trim();
  run('init', '-q', '-b', 'main', repo);
  run('-C', repo, 'commit', '-q', '--allow-empty', '-m', 'one');
  commit = run('-C', repo, 'rev-parse', 'HEAD');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('gitSource', () => {
  it('names the commit and ref of the work tree', async () => {
    expect(await gitSource(createNodeExec(), repo, {})).toEqual({ commit, ref: 'refs/heads/main' });
  });

  it('adds the workflow run inside GitHub Actions', async () => {
    const env = {
      GITHUB_REPOSITORY: 'acme/cni',
      GITHUB_RUN_ID: '77',
      GITHUB_SERVER_URL: 'https://github.com/',
    };
    expect(await gitSource(createNodeExec(), repo, env)).toEqual({
      commit,
      ref: 'refs/heads/main',
      repository: 'acme/cni',
      runUrl: 'https://github.com/acme/cni/actions/runs/77',
    });
  });

  it('is undefined outside a repository and without a workflow', async () => {
    expect(await gitSource(createNodeExec(), dir, {})).toBeUndefined();
  });

  it('is undefined when git is missing', async () => {
    const missing = { run: () => Promise.reject(new Error('spawn git ENOENT')) };
    expect(await gitSource(missing, repo, {})).toBeUndefined();
  });
});

describe('workflowRunUrl', () => {
  it('needs a well-formed repository and run id', () => {
    expect(workflowRunUrl({ GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '1' })).toBe(
      'https://github.com/a/b/actions/runs/1',
    );
    expect(workflowRunUrl({ GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: 'x' })).toBeNull();
    expect(workflowRunUrl({ GITHUB_REPOSITORY: 'a b', GITHUB_RUN_ID: '1' })).toBeNull();
  });
});
