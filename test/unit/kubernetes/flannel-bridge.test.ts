import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1DaemonSet } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bridgeInstallScript,
  type CniPluginsPin,
} from '../../../src/platform/kubernetes/cni/bridge-installer.js';
import { flannelObjects } from '../../../src/platform/kubernetes/cni/flannel-manifest.js';
import { CNI_PLUGINS_PIN } from '../../../src/platform/kubernetes/versions.js';
import { validateK8s } from './validate-k8s.js';

const dir = mkdtempSync(join(tmpdir(), 'cpg-bridge-test-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(existsSync(dir)).toBe(false);
});

const daemonSet = (backend: 'vxlan' | 'host-gw') =>
  flannelObjects('10.244.0.0/16', backend).find((o) => o.kind === 'DaemonSet') as V1DaemonSet;

describe('flannel presets install the pinned bridge plugin (kind nodes lack it)', () => {
  for (const backend of ['vxlan', 'host-gw'] as const) {
    it(`${backend}: an init container installs bridge into the node's /opt/cni/bin before flannel's conflist`, () => {
      const ds = daemonSet(backend);
      validateK8s(ds);
      const spec = ds.spec?.template.spec;
      const names = spec?.initContainers?.map((c) => c.name);
      expect(names).toEqual(['install-cni-plugin', 'install-cni-bridge', 'install-cni']);
      const init = spec?.initContainers?.find((c) => c.name === 'install-cni-bridge');
      expect(init?.image).toBe(CNI_PLUGINS_PIN.installerImage);
      const mount = init?.volumeMounts?.find((m) => m.mountPath === '/opt/cni/bin');
      const volume = spec?.volumes?.find((v) => v.name === mount?.name);
      expect(volume?.hostPath?.path).toBe('/opt/cni/bin');
      const script = init?.command?.at(-1) ?? '';
      expect(init?.command?.slice(0, 2)).toEqual(['sh', '-c']);
      for (const [arch, sum] of Object.entries(CNI_PLUGINS_PIN.sha256)) {
        expect(sum).toMatch(/^[0-9a-f]{64}$/);
        expect(script).toContain(`arch=${arch}; sum=${sum}`);
      }
      expect(script).toContain(
        `https://github.com/containernetworking/plugins/releases/download/${CNI_PLUGINS_PIN.version}/cni-plugins-linux-$arch-${CNI_PLUGINS_PIN.version}.tgz`,
      );
      expect(script).toContain('sha256sum -c -');
    });
  }
});

describe('the bridge install script (run with sh, a local tarball behind a fake wget)', () => {
  // A release-like tarball: ./bridge plus another plugin.
  const src = join(dir, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'bridge'), '#!/bin/sh\necho fake bridge\n');
  writeFileSync(join(src, 'host-local'), '#!/bin/sh\n');
  const tarball = join(dir, 'plugins.tgz');
  execFileSync('tar', ['-czf', tarball, '-C', src, './bridge', './host-local']);
  const sum = createHash('sha256').update(readFileSync(tarball)).digest('hex');
  const machine = execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim();
  const arch = machine === 'aarch64' || machine === 'arm64' ? 'arm64' : 'amd64';

  // A `wget` that logs its URL and serves the local tarball, first on PATH.
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  const wgetLog = join(dir, 'wget.log');
  writeFileSync(
    join(bin, 'wget'),
    `#!/bin/sh\nout=""\nwhile [ $# -gt 0 ]; do case "$1" in -O) out="$2"; shift 2;; -q) shift;; *) echo "$1" >> ${wgetLog}; shift;; esac; done\ncp ${tarball} "$out"\n`,
  );
  chmodSync(join(bin, 'wget'), 0o755);

  const pin = (checksum: string): CniPluginsPin => ({ ...CNI_PLUGINS_PIN, sha256: { [arch]: checksum } });
  const run = (script: string, target: string) =>
    spawnSync('sh', ['-c', script], {
      encoding: 'utf8',
      env: { PATH: `${bin}:/usr/bin:/bin`, CNI_BIN_DIR: target },
    });

  it('downloads the pinned URL for this architecture, verifies it and installs an executable bridge', () => {
    const target = join(dir, 'ok');
    mkdirSync(target);
    const result = run(bridgeInstallScript(pin(sum)), target);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(join(target, 'bridge'), 'utf8')).toContain('fake bridge');
    expect(statSync(join(target, 'bridge')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(target, 'host-local'))).toBe(false);
    expect(readFileSync(wgetLog, 'utf8').trim()).toBe(
      `https://github.com/containernetworking/plugins/releases/download/${CNI_PLUGINS_PIN.version}/cni-plugins-linux-${arch}-${CNI_PLUGINS_PIN.version}.tgz`,
    );
    // Idempotent: a second run finds the marker and does not download again.
    rmSync(wgetLog);
    const again = run(bridgeInstallScript(pin(sum)), target);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already installed');
    expect(existsSync(wgetLog)).toBe(false);
  });

  it('refuses a tarball whose checksum does not match and installs nothing', () => {
    const target = join(dir, 'bad');
    mkdirSync(target);
    const result = run(bridgeInstallScript(pin('0'.repeat(64))), target);
    expect(result.status).not.toBe(0);
    expect(existsSync(join(target, 'bridge'))).toBe(false);
    expect(existsSync(join(target, '.bridge.partial'))).toBe(false);
  });

  it('fails clearly on an architecture without a pinned checksum', () => {
    const target = join(dir, 'arch');
    mkdirSync(target);
    const other = arch === 'amd64' ? 'arm64' : 'amd64';
    const result = run(bridgeInstallScript({ ...CNI_PLUGINS_PIN, sha256: { [other]: sum } }), target);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `no pinned CNI plugins ${CNI_PLUGINS_PIN.version} checksum for ${machine}`,
    );
    expect(existsSync(join(target, 'bridge'))).toBe(false);
  });
});
