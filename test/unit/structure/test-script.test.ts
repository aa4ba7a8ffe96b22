/** `npm test` before scripts/setup.sh: one line per missing tool, naming the setup script (issue 21 item 11). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../scripts/test.mjs', import.meta.url));

it('names each missing tool and the setup script, runs no test, exits 2', () => {
  // A PATH holding only node: iperf3 and wrk (in /usr/bin) cannot be found.
  const bin = mkdtempSync(join(tmpdir(), 'cpg-path-'));
  try {
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = spawnSync(process.execPath, [script], { env: { PATH: bin }, encoding: 'utf8' });
    expect(result.status).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toContain('npm test: missing iperf3 (Debian package iperf3): run ./scripts/setup.sh first');
    expect(lines).toContain('npm test: missing wrk (Debian package wrk): run ./scripts/setup.sh first');
    expect(result.stderr).not.toMatch(/ENOENT|\n\s+at /);
    expect(result.stdout).toBe('');
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
