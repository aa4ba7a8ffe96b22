import { createHash } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exec } from '../../../adapters/exec.js';
import { UserError, errorMessage } from '../../../core/errors.js';
import { KIND_RELEASE } from '../versions.js';
import type { Downloader } from './downloader.js';

/** A kind release to install: version, where to get it, and the checksum it must have. */
export interface KindRelease {
  readonly version: string;
  readonly url: string;
  readonly sha256: string;
}

/** The pinned release for `platform` (`linux-amd64`, `linux-arm64`); UserError when none is pinned. */
export function pinnedKindRelease(platform: string): KindRelease {
  const sha256 = KIND_RELEASE.sha256[platform];
  if (!sha256) {
    throw new UserError(
      `no pinned kind checksum for ${platform}; put kind ${KIND_RELEASE.version} on PATH yourself`,
    );
  }
  const url = KIND_RELEASE.urlTemplate
    .replace('{version}', KIND_RELEASE.version)
    .replace('{platform}', platform);
  return { version: KIND_RELEASE.version, url, sha256 };
}

/** `linux-amd64` style name of this machine, as kind names its release assets. */
export function kindPlatformName(platform: string, arch: string): string {
  const cpu = arch === 'x64' ? 'amd64' : arch;
  return `${platform}-${cpu}`;
}

/** Lowercase hex SHA-256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Downloads a kind release into `dir` and checks its SHA-256 before making it executable.
 * A mismatch leaves nothing installed and throws UserError with both digests.
 */
export async function installKind(
  release: KindRelease,
  dir: string,
  downloader: Downloader,
): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await downloader.download(release.url);
  } catch (error) {
    throw new UserError(
      `could not download kind ${release.version} from ${release.url}: ${errorMessage(error)}; put kind on PATH instead`,
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== release.sha256.toLowerCase()) {
    throw new UserError(
      `checksum mismatch for kind ${release.version} from ${release.url}: expected sha256 ${release.sha256}, got ${actual}; not installed`,
    );
  }
  await mkdir(dir, { recursive: true });
  const target = join(dir, 'kind');
  // Unique per call: two clusters created at once may both install; each rename is atomic.
  const partial = `${target}.${process.pid}-${Math.random().toString(36).slice(2, 8)}.partial`;
  await writeFile(partial, bytes);
  await chmod(partial, 0o755);
  await rename(partial, target);
  return target;
}

/** How to find or install kind. */
export interface KindLocatorDeps {
  readonly exec: Exec;
  readonly downloader: Downloader;
  /** Where a downloaded kind goes (e.g. a tool cache directory). */
  readonly installDir: string;
  /** `linux-amd64` etc. */
  readonly platform: string;
}

/** Installs in flight, per target directory: clusters created concurrently share one download. */
const installing = new Map<string, Promise<string>>();

/** `kind` when it runs from PATH (`kind version` exits 0), else the path of a verified download. */
export async function findOrInstallKind(deps: KindLocatorDeps): Promise<string> {
  const probe = await deps.exec.run('kind', ['version'], { timeoutMs: 15_000 }).catch(() => undefined);
  if (probe && probe.exitCode === 0) return 'kind';
  const key = `${deps.installDir}\0${deps.platform}`;
  const pending = installing.get(key);
  if (pending) return pending;
  const install = installKind(pinnedKindRelease(deps.platform), deps.installDir, deps.downloader).finally(
    () => installing.delete(key),
  );
  installing.set(key, install);
  return install;
}
