/** `cleanup` without root: one clear line (not EACCES); failed `ip netns del` is reported, not ignored. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../src/adapters/exec.js';
import { createCleanupCommand } from '../../../src/cli/commands/cleanup.js';
import { ToolError } from '../../../src/core/errors.js';
import { createNodeLabDeps, type LabDeps } from '../../../src/platform/lab/index.js';
import { destroyNamespace } from '../../../src/platform/lab/netns.js';
import { memoryIo } from '../../helpers/memory-io.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'cpg-cleanup-home-'));
chmodSync(home, 0o777);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const result = (exitCode: number, stdout = '', stderr = ''): ExecResult => ({
  exitCode,
  stdout,
  stderr,
  timedOut: false,
});

describe('cleanup needs root and says so', () => {
  it('as a user who is not root, without sudo: one line saying it needs root, exit 2', () => {
    const r = spawnSync(
      '/usr/bin/setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        '--import',
        'tsx',
        join(REPO, 'src/cli/index.ts'),
        'cleanup',
      ],
      { cwd: REPO, encoding: 'utf8', env: { PATH: '/nonexistent', HOME: home }, timeout: 60_000 },
    );
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'cni-perf-gate: the lab creates network namespaces and needs root (running as uid 65534), and sudo is not installed: run as root\n',
    );
    expect(r.status).toBe(2);
  });

  it('without the capabilities (no elevation possible): the lab privileges error, before touching anything', async () => {
    const touched: string[] = [];
    const real = createNodeLabDeps();
    const deps: LabDeps = {
      ...real,
      privileges: async () => ({ uid: 1000, capEff: 0n }),
      exec: {
        run: async (command, args) => {
          touched.push([command, ...args].join(' '));
          return result(0);
        },
      },
    };
    const io = memoryIo('/');
    await expect(createCleanupCommand(() => deps).run([], io)).rejects.toThrow(
      /needs root .*uid 1000.*run as root: sudo npx cni-perf-gate cleanup$/,
    );
    expect(touched).toEqual([]);
  });

  it("a namespace that `ip netns del` could not remove is an error with ip's message", async () => {
    const real = createNodeLabDeps();
    const deps: LabDeps = {
      ...real,
      exec: {
        run: async (command, args) => {
          const line = [command, ...args].join(' ');
          if (line === 'ip netns list') return result(0, 'cpg-zz123-n0 (id: 7)\n');
          if (line.startsWith('ip netns pids')) return result(0);
          if (line === 'ip netns del cpg-zz123-n0')
            return result(
              1,
              '',
              'Cannot remove namespace file "/run/netns/cpg-zz123-n0": Permission denied\n',
            );
          throw new Error(`unexpected command ${line}`);
        },
      },
    };
    const error = await destroyNamespace(deps, 'cpg-zz123-n0').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as Error).message).toBe(
      'ip failed: ip netns del cpg-zz123-n0: Cannot remove namespace file "/run/netns/cpg-zz123-n0": Permission denied',
    );
  });
});
