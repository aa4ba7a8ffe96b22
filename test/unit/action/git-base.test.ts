import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkoutPathAtCommit, readFileAtCommit } from '../../../src/action/inputs/git-base.js';
import { createNodeExec } from '../../../src/adapters/node-exec.js';
import { UserError } from '../../../src/core/errors.js';

const root = mkdtempSync(join(tmpdir(), 'cpg-git-base-'));
const origin = join(root, 'origin');
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-C', cwd, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();

execFileSync('git', ['init', '-q', origin]);
writeFileSync(join(origin, 'cni.conflist'), '{"base": true}\n');
mkdirSync(join(origin, 'cni', 'calico'), { recursive: true });
writeFileSync(join(origin, 'cni', 'calico', 'daemonset.yaml'), 'kind: DaemonSet # base\n');
writeFileSync(join(origin, 'cni', 'calico', 'config.yaml'), 'kind: ConfigMap # base\n');
writeFileSync(join(origin, 'cni', 'calico-extra.yaml'), 'kind: ConfigMap # a sibling, not inside\n');
git(origin, 'add', '.');
git(origin, 'commit', '-qm', 'base');
const baseSha = git(origin, 'rev-parse', 'HEAD');
writeFileSync(join(origin, 'cni.conflist'), '{"head": true}\n');
writeFileSync(join(origin, 'new.conflist'), '{}\n');
writeFileSync(join(origin, 'cni', 'calico', 'daemonset.yaml'), 'kind: DaemonSet # head\n');
writeFileSync(join(origin, 'cni', 'calico', 'added.yaml'), 'kind: Service # head only\n');
git(origin, 'add', '.');
git(origin, 'commit', '-qm', 'head');
// GitHub serves any reachable commit by sha; a local origin has to be told to.
git(origin, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
const shallow = join(root, 'shallow');
execFileSync('git', ['clone', '-q', '--depth=1', `file://${origin}`, shallow]);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  expect(existsSync(root)).toBe(false);
});

describe('readFileAtCommit (mode paired: the base side of cni-config)', () => {
  const exec = createNodeExec();

  it('reads the file as it was at the base commit, fetching that commit into a shallow clone', async () => {
    expect(() => git(shallow, 'cat-file', '-e', `${baseSha}^{commit}`)).toThrow();
    expect(await readFileAtCommit(exec, shallow, baseSha, 'cni.conflist')).toBe('{"base": true}\n');
    expect(await readFileAtCommit(exec, origin, baseSha, './cni.conflist')).toBe('{"base": true}\n');
  });

  it('says plainly when the file does not exist at the base commit', async () => {
    const error = await readFileAtCommit(exec, origin, baseSha, 'new.conflist').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/new\.conflist does not exist at the PR's base commit/);
  });

  it('fails with a ToolError when the commit cannot be fetched', async () => {
    const error = await readFileAtCommit(exec, shallow, 'f'.repeat(40), 'cni.conflist').catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/cannot fetch the PR's base commit/);
  });
});

describe('checkoutPathAtCommit (mode paired on Kubernetes: the base side of a manifests directory)', () => {
  const exec = createNodeExec();

  it('writes the directory as it was at the base commit (no later files, no siblings), fetching into a shallow clone', async () => {
    const dest = join(root, 'base-dir');
    const path = await checkoutPathAtCommit(exec, shallow, baseSha, 'cni/calico/', dest);
    expect(path).toBe(join(dest, 'cni', 'calico'));
    expect(readdirSync(path).sort()).toEqual(['config.yaml', 'daemonset.yaml']);
    expect(readFileSync(join(path, 'daemonset.yaml'), 'utf8')).toBe('kind: DaemonSet # base\n');
    expect(existsSync(join(dest, 'cni', 'calico-extra.yaml'))).toBe(false);
  });

  it('writes a single file too, and refuses a path the base commit does not have', async () => {
    const dest = join(root, 'base-file');
    const path = await checkoutPathAtCommit(exec, origin, baseSha, './cni.conflist', dest);
    expect(readFileSync(path, 'utf8')).toBe('{"base": true}\n');
    const error = await checkoutPathAtCommit(exec, origin, baseSha, 'new.conflist', dest).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/new\.conflist does not exist at the PR's base commit/);
  });
});
