import { CNI_PLUGINS_PIN } from '../versions.js';

/** A CNI plugins release: version, tarball SHA-256 per architecture, download URL template. */
export interface CniPluginsPin {
  readonly version: string;
  /** `amd64` / `arm64` → lowercase hex SHA-256 of `cni-plugins-linux-<arch>-<version>.tgz`. */
  readonly sha256: Readonly<Record<string, string>>;
  /** `{version}` and `{arch}` are substituted. */
  readonly urlTemplate: string;
  /** Image the installer runs in (needs sh, wget with TLS, sha256sum, tar). */
  readonly installerImage: string;
}

/** `uname -m` spellings of each architecture the pin has a checksum for. */
const UNAME: Readonly<Record<string, string>> = { amd64: 'x86_64', arm64: 'aarch64|arm64' };

/**
 * POSIX shell that installs the pinned `bridge` plugin into `$CNI_BIN_DIR` (default
 * /opt/cni/bin): picks the checksum for this node's architecture, downloads the release
 * tarball, refuses it unless `sha256sum -c` passes, and moves `bridge` into place atomically.
 * A marker file skips the download when this version is already installed.
 */
export function bridgeInstallScript(pin: CniPluginsPin = CNI_PLUGINS_PIN): string {
  const cases = Object.entries(pin.sha256).map(
    ([arch, sum]) => `  ${UNAME[arch] ?? arch}) arch=${arch}; sum=${sum} ;;`,
  );
  const url = pin.urlTemplate.replaceAll('{version}', pin.version).replaceAll('{arch}', '$arch');
  return [
    'set -eu',
    'machine="$(uname -m)"',
    'case "$machine" in',
    ...cases,
    `  *) echo "no pinned CNI plugins ${pin.version} checksum for $machine" >&2; exit 1 ;;`,
    'esac',
    'dest="${CNI_BIN_DIR:-/opt/cni/bin}"',
    `marker="$dest/.cni-perf-gate-bridge-${pin.version}-$arch"`,
    'if [ -x "$dest/bridge" ] && [ -f "$marker" ]; then',
    `  echo "bridge ${pin.version} already installed"; exit 0`,
    'fi',
    'tmp="$(mktemp -d)"',
    `trap 'rm -rf "$tmp"' EXIT`,
    `wget -q -O "$tmp/plugins.tgz" "${url}"`,
    'echo "$sum  $tmp/plugins.tgz" | sha256sum -c -',
    'tar -xzf "$tmp/plugins.tgz" -C "$tmp"',
    'cp "$tmp/bridge" "$dest/.bridge.partial"',
    'chmod 0755 "$dest/.bridge.partial"',
    'mv -f "$dest/.bridge.partial" "$dest/bridge"',
    'touch "$marker"',
    `echo "installed bridge ${pin.version} ($arch) into $dest"`,
    '',
  ].join('\n');
}

/**
 * The init container that runs bridgeInstallScript with the node's CNI binary directory mounted
 * (volume `volumeName` must be a hostPath of /opt/cni/bin).
 */
export function bridgeInstallContainer(volumeName: string, pin: CniPluginsPin = CNI_PLUGINS_PIN) {
  return {
    name: 'install-cni-bridge',
    image: pin.installerImage,
    command: ['sh', '-c', bridgeInstallScript(pin)],
    env: [{ name: 'CNI_BIN_DIR', value: '/opt/cni/bin' }],
    volumeMounts: [{ name: volumeName, mountPath: '/opt/cni/bin' }],
  };
}
