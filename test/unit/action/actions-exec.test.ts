import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createActionsExec } from '../../../src/action/actions-exec.js';
import { readFileAtCommit } from '../../../src/action/inputs/git-base.js';

const dir = mkdtempSync(join(tmpdir(), 'cpg-actions-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the code under test writes to process.stdout (the job log) while `work` runs. */
async function jobLog<T>(work: () => Promise<T>): Promise<{ value: T; log: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    return { value: await work(), log: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe("the Action's own subprocesses go through @actions/exec (issue 13 item 11)", () => {
  it('git show of the base conflist: each command line appears in the job log', async () => {
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    writeFileSync(join(dir, 'net.conflist'), '{"cniVersion":"1.0.0"}\n');
    git('add', 'net.conflist');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base');
    const sha = git('rev-parse', 'HEAD');
    const { value, log } = await jobLog(() =>
      readFileAtCommit(createActionsExec(), dir, sha, 'net.conflist'),
    );
    expect(value).toBe('{"cniVersion":"1.0.0"}\n');
    expect(log).toMatch(new RegExp(`\\[command\\]\\S*git -C ${dir} cat-file -e ${sha}\\^\\{commit\\}`));
    expect(log).toMatch(new RegExp(`\\[command\\]\\S*git -C ${dir} show ${sha}:net\\.conflist`));
  });

  it('reports exit codes and a command that cannot start like a shell (127)', async () => {
    const exec = createActionsExec();
    const { value: failed } = await jobLog(() => exec.run('git', ['-C', dir, 'cat-file', '-e', 'nope']));
    expect(failed.exitCode).not.toBe(0);
    const { value: missing } = await jobLog(() => exec.run('cpg-no-such-command', []));
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toContain('cpg-no-such-command');
  });
});
