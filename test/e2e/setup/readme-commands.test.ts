import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = new URL('../../../', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = (tag: string) => {
  const dir = mkdtempSync(join(tmpdir(), `cpg-${tag}-`));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const which = (name: string) =>
  execFileSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();

describe("the README's two commands", () => {
  it('need no sudo: setup elevates itself, the lab re-runs itself through sudo -n', () => {
    const printed = execFileSync(join(REPO, '.ci/readme-commands'), ['--print'], { encoding: 'utf8' });
    const commands = printed.trim().split('\n');
    expect(commands).toEqual([
      './scripts/setup.sh && npx cni-perf-gate run --quick --datapath host,bridge-hostgw,bridge-vxlan',
      './scripts/setup.sh && npm test',
    ]);
    for (const command of commands) expect(command).not.toMatch(/\bsudo\b/);
  });
});

describe('scripts/setup.sh elevates itself only when needed', () => {
  /**
   * A PATH holding only fakes and the few real tools the script uses: `id` reports `uid`,
   * dpkg-query says iperf3 is missing, apt-get / debconf-set-selections / npm / sudo log their
   * arguments to `log` (sudo then runs the rest, as sudo does).
   */
  function fakePath(uid: number, withSudo: boolean): { path: string; log: string } {
    const bin = tempDir('setup-bin');
    const log = join(bin, 'log');
    writeFileSync(log, '');
    for (const tool of ['bash', 'env', 'grep', 'dirname', 'cat']) symlinkSync(which(tool), join(bin, tool));
    const fake = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!${which('bash')}\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    fake('id', `echo ${uid}`);
    fake('dpkg-query', `[ "\${@: -1}" = iperf3 ] || echo 'install ok installed'`);
    for (const name of ['apt-get', 'debconf-set-selections', 'npm']) {
      fake(name, `echo "${name} $*" >> ${log}`);
    }
    if (withSudo) fake('sudo', `echo "sudo $*" >> ${log}\n[ "$1" = -v ] && exit 0\nexec "$@"`);
    return { path: bin, log };
  }
  /** Runs a copy of setup.sh in a scratch repo (node_modules up to date, bpf/build.sh a stub). */
  const setup = (uid: number, withSudo: boolean) => {
    const { path, log } = fakePath(uid, withSudo);
    const repo = tempDir('setup-repo');
    for (const dir of ['scripts', 'bpf', 'node_modules']) mkdirSync(join(repo, dir));
    copyFileSync(join(REPO, 'scripts/setup.sh'), join(repo, 'scripts/setup.sh'));
    writeFileSync(join(repo, 'bpf/build.sh'), `echo "bpf/build.sh" >> ${log}\n`);
    writeFileSync(join(repo, 'package-lock.json'), '{}');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(repo, 'package-lock.json'), old, old);
    writeFileSync(join(repo, 'node_modules/.package-lock.json'), '{}');
    const result = spawnSync(which('bash'), [join(repo, 'scripts/setup.sh')], {
      encoding: 'utf8',
      env: { PATH: path, HOME: path },
    });
    const calls = readFileSync(log, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    return { ...result, calls };
  };

  it('as root: installs directly, never calls sudo (machines without sudo)', () => {
    const r = setup(0, false);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      'apt-get update -qq',
      'debconf-set-selections',
      'apt-get install -y -qq --no-install-recommends iperf3',
      'bpf/build.sh',
    ]);
  });

  it('as a user with sudo: elevates the package install only, then caches sudo for the lab', () => {
    const r = setup(1000, true);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([
      'sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq',
      'apt-get update -qq',
      'sudo debconf-set-selections',
      'debconf-set-selections',
      'sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iperf3',
      'apt-get install -y -qq --no-install-recommends iperf3',
      'bpf/build.sh',
      'sudo -v',
    ]);
  });

  it('as a user without sudo: one clear error, nothing installed', () => {
    const r = setup(1000, false);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'setup: installing Debian packages needs root, and sudo is not installed: run this script as root',
    );
    expect(r.calls).toEqual([]);
  });
});

describe('npm test (scripts/test.mjs)', () => {
  it('as root runs vitest directly (no sudo needed)', () => {
    const r = spawnSync(
      process.execPath,
      [join(REPO, 'scripts/test.mjs'), 'test/no-such-file', '--passWithNoTests'],
      { cwd: REPO, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' }, timeout: 60_000 },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No test files found');
  });

  it('as a user who is not root re-runs itself through sudo -n, keeping PATH', () => {
    const bin = tempDir('test-bin');
    const log = join(bin, 'log');
    writeFileSync(join(bin, 'sudo'), `#!/bin/sh\nprintf '%s ' "$@" > ${log}\n`);
    chmodSync(join(bin, 'sudo'), 0o755);
    chmodSync(bin, 0o777);
    const path = `${bin}:/usr/bin:/bin`;
    const r = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        join(REPO, 'scripts/test.mjs'),
        'x',
      ],
      { encoding: 'utf8', env: { PATH: path }, timeout: 60_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(log, 'utf8').trim()).toBe(
      `-n env PATH=${path} ${process.execPath} ${join(REPO, 'node_modules/vitest/vitest.mjs')} run x`,
    );
  });
});
