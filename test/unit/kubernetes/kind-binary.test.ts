import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { createHttpDownloader } from '../../../src/platform/kubernetes/kind/downloader.js';
import {
  findOrInstallKind,
  installKind,
  kindPlatformName,
  pinnedKindRelease,
  sha256Hex,
} from '../../../src/platform/kubernetes/kind/kind-binary.js';
import { recordingExec } from './recording-exec.js';

const FAKE_BINARY = Buffer.from('#!/bin/sh\necho "kind v0.0.0-test"\n');
let server: Server;
let base: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kind-bin-test-'));
  server = createServer((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: '/kind-linux-amd64' });
      res.end();
    } else if (req.url === '/kind-linux-amd64') {
      res.writeHead(200, { 'content-length': FAKE_BINARY.length });
      res.end(FAKE_BINARY);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
  expect(existsSync(dir)).toBe(false);
});

describe('kind binary install', () => {
  it('pins v0.29.0 (whose node images include Kubernetes 1.32) with a checksum for linux-amd64 and refuses unknown platforms', () => {
    const release = pinnedKindRelease(kindPlatformName('linux', 'x64'));
    expect(release.url).toBe(
      'https://github.com/kubernetes-sigs/kind/releases/download/v0.29.0/kind-linux-amd64',
    );
    expect(release.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(() => pinnedKindRelease('plan9-mips')).toThrow(UserError);
  });

  it('downloads over real HTTP (following a redirect), checks the SHA-256 and installs executable', async () => {
    const target = join(dir, 'ok');
    const path = await installKind(
      { version: 'v0.0.0', url: `${base}/redirect`, sha256: sha256Hex(FAKE_BINARY) },
      target,
      createHttpDownloader(),
    );
    expect(path).toBe(join(target, 'kind'));
    expect(readFileSync(path)).toEqual(FAKE_BINARY);
    expect(statSync(path).mode & 0o111).not.toBe(0);
  });

  it('refuses a checksum mismatch and installs nothing', async () => {
    const target = join(dir, 'bad');
    const wrong = '0'.repeat(64);
    await expect(
      installKind(
        { version: 'v0.0.0', url: `${base}/kind-linux-amd64`, sha256: wrong },
        target,
        createHttpDownloader(),
      ),
    ).rejects.toThrow(
      new UserError(
        `checksum mismatch for kind v0.0.0 from ${base}/kind-linux-amd64: expected sha256 ${wrong}, got ${sha256Hex(FAKE_BINARY)}; not installed`,
      ),
    );
    expect(existsSync(join(target, 'kind'))).toBe(false);
  });

  it('names the URL when the download fails', async () => {
    await expect(
      installKind(
        { version: 'v0.0.0', url: `${base}/missing`, sha256: '0'.repeat(64) },
        join(dir, 'missing'),
        createHttpDownloader(),
      ),
    ).rejects.toThrow(/could not download kind v0\.0\.0 from .*\/missing: HTTP 404/);
  });

  it('uses kind from PATH when `kind version` works, downloads otherwise', async () => {
    const onPath = recordingExec(() => ({ stdout: 'kind v0.29.0' }));
    const failing = { download: () => Promise.reject(new Error('must not download')) };
    await expect(
      findOrInstallKind({ exec: onPath, downloader: failing, installDir: dir, platform: 'linux-amd64' }),
    ).resolves.toBe('kind');
    expect(onPath.runs.map((r) => [r.command, ...r.args])).toEqual([['kind', 'version']]);

    const missing = recordingExec(() => ({ exitCode: 127, stderr: 'kind: not found' }));
    const served = { download: async () => FAKE_BINARY };
    await expect(
      findOrInstallKind({
        exec: missing,
        downloader: served,
        installDir: join(dir, 'pinned'),
        platform: 'linux-amd64',
      }),
    ).rejects.toThrow(/checksum mismatch for kind v0\.29\.0/);
  });

  it('shares one download between clusters created at once (no two writers of one file)', async () => {
    const missing = recordingExec(() => ({ exitCode: 127, stderr: 'kind: not found' }));
    let downloads = 0;
    const slow = {
      download: async () => {
        downloads++;
        await new Promise((r) => setTimeout(r, 50));
        return FAKE_BINARY;
      },
    };
    const locate = () =>
      findOrInstallKind({
        exec: missing,
        downloader: slow,
        installDir: join(dir, 'shared'),
        platform: 'linux-amd64',
      });
    const outcomes = await Promise.allSettled([locate(), locate()]);
    expect(downloads).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']); // the fake fails the pinned checksum
    await expect(locate()).rejects.toThrow(/checksum mismatch/); // a later call tries again
    expect(downloads).toBe(2);
  });
});
