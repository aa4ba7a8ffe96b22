import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ELEVATED_ENV, rerunAsRootIfNeeded, type Elevation } from '../../../src/cli/elevate.js';
import { UserError } from '../../../src/core/errors.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cpg-elevate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fake(uid: number | undefined, probe: 'ok' | 'missing' | 'password') {
  const reruns: { commandLine: readonly string[]; env: Readonly<Record<string, string>> }[] = [];
  const elevation: Elevation = {
    uid,
    probe: () => probe,
    rerun: async (commandLine, env) => {
      reruns.push({ commandLine, env });
      return 1;
    },
  };
  return { elevation, reruns };
}

describe('lab commands re-run themselves as root with sudo -n', () => {
  it('root, or already the re-run: nothing to do', async () => {
    for (const [uid, env] of [
      [0, {}],
      [1000, { [ELEVATED_ENV]: '1' }],
      [undefined, {}],
    ] as const) {
      const { elevation, reruns } = fake(uid, 'ok');
      await expect(rerunAsRootIfNeeded(elevation, ['run'], env, () => undefined)).resolves.toBeUndefined();
      expect(reruns).toEqual([]);
    }
  });

  it('not root: re-runs the same command line under sudo, keeping PATH and CNI_PATH, returning its exit code', async () => {
    const { elevation, reruns } = fake(1000, 'ok');
    const lines: string[] = [];
    const code = await rerunAsRootIfNeeded(
      elevation,
      ['run', '--quick'],
      { PATH: '/usr/bin:/bin', CNI_PATH: '/opt/cni/bin', SECRET: 'x' },
      (line) => lines.push(line),
    );
    expect(code).toBe(1);
    expect(reruns).toEqual([
      {
        commandLine: ['run', '--quick'],
        env: { [ELEVATED_ENV]: '1', PATH: '/usr/bin:/bin', CNI_PATH: '/opt/cni/bin' },
      },
    ]);
    expect(lines).toEqual(['run: the lab needs root: re-running as root with sudo -n']);
  });

  it('no sudo, or sudo wants a password: one UserError saying what to do', async () => {
    await expect(
      rerunAsRootIfNeeded(fake(1000, 'missing').elevation, ['run'], {}, () => undefined),
    ).rejects.toThrow(
      new UserError(
        'the lab creates network namespaces and needs root (running as uid 1000), and sudo is not installed: run as root',
      ),
    );
    await expect(
      rerunAsRootIfNeeded(fake(1000, 'password').elevation, ['run'], {}, () => undefined),
    ).rejects.toThrow(
      /sudo -n needs a password: run `sudo -v` first \(\.\/scripts\/setup\.sh does\), or run as root$/,
    );
  });

  it('for real: `cni-perf-gate run` as a user who is not root execs itself through sudo -n', () => {
    const log = join(dir, 'sudo.log');
    writeFileSync(
      join(dir, 'sudo'),
      `#!/bin/sh\n[ "$*" = "-n true" ] && exit 0\nprintf '%s\\n' "$@" > ${log}\nexit 7\n`,
    );
    chmodSync(join(dir, 'sudo'), 0o755);
    chmodSync(dir, 0o777);
    const path = `${dir}:/usr/bin:/bin`;
    const r = spawnSync(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        '--import',
        'tsx',
        join(REPO, 'src/cli/index.ts'),
        'run',
        '--quick',
        '--datapath',
        'host',
      ],
      { cwd: REPO, encoding: 'utf8', env: { PATH: path, HOME: dir }, timeout: 60_000 },
    );
    expect(r.stderr).toContain('run: the lab needs root: re-running as root with sudo -n');
    expect(r.status).toBe(7);
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      '-n',
      '--',
      'env',
      `${ELEVATED_ENV}=1`,
      `PATH=${path}`,
      process.execPath,
      '--import',
      'tsx',
      join(REPO, 'src/cli/index.ts'),
      'run',
      '--quick',
      '--datapath',
      'host',
    ]);
  });
});
