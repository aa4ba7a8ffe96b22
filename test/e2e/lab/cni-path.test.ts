import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { createPlatforms } from '../../../src/platform/factory.js';
import { createLabPlatform, createNodeLabDeps } from '../../../src/platform/lab/index.js';
import { memoryIo } from '../../helpers/memory-io.js';
import { labLeftovers, testRunId } from '../../helpers/lab-leftovers.js';
import { labTestSuite, tempDir } from './lab-fixtures.js';

const saved = process.env['CNI_PATH'];
afterEach(() => {
  if (saved === undefined) delete process.env['CNI_PATH'];
  else process.env['CNI_PATH'] = saved;
});

describe('lab CNI_PATH', () => {
  it('is honoured: an empty CNI_PATH directory is an error naming it, nothing is measured', async () => {
    const runId = testRunId('ce');
    const empty = tempDir('cni-empty');
    try {
      process.env['CNI_PATH'] = empty.path;
      const platform = createLabPlatform({ datapath: 'bridge-hostgw', runId }, createNodeLabDeps());
      await expect(platform.prepare(labTestSuite())).rejects.toThrow(
        `CNI plugin "bridge" (used by bridge-hostgw) not found in CNI path ${empty.path} (from CNI_PATH): install containernetworking-plugins (apt-get install containernetworking-plugins) or point --cni-path / CNI_PATH at the directory that holds it`,
      );
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    } finally {
      empty.remove();
    }
  });

  it('plugins only in a CNI_PATH directory are used, and their paths and SHA-256 are recorded', async () => {
    const runId = testRunId('cp');
    const own = tempDir('cni-own');
    try {
      // A plugin that exists nowhere but here: the bridge binary under another name.
      copyFileSync('/usr/lib/cni/bridge', `${own.path}/cpgbridge`);
      copyFileSync('/usr/lib/cni/host-local', `${own.path}/host-local`);
      process.env['CNI_PATH'] = own.path;
      const conflist = JSON.stringify({
        cniVersion: '1.0.0',
        name: 'own',
        plugins: [{ type: 'cpgbridge', bridge: 'cni0', isGateway: true, ipam: { type: 'host-local' } }],
      });
      const platform = createLabPlatform(
        { datapath: 'custom', conflist, conflistSource: 'own.conflist', routing: 'host-gw', runId },
        createNodeLabDeps(),
      );
      try {
        await platform.prepare(labTestSuite());
        const placement = await platform.place('pod-to-pod-same-node');
        await placement.startServer('iperf3');
        await placement.release();
        const cni = platform.subject().cni as {
          cniPath?: string;
          pluginBinaries?: Record<string, { path: string; sha256: string }>;
        };
        expect(cni.cniPath).toBe(own.path);
        const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
        expect(cni.pluginBinaries?.['cpgbridge']).toEqual({
          path: `${own.path}/cpgbridge`,
          sha256: sha('/usr/lib/cni/bridge'),
        });
        for (const binary of Object.values(cni.pluginBinaries ?? {})) {
          expect(binary.path.startsWith(`${own.path}/`)).toBe(true);
          expect(binary.sha256).toBe(sha(binary.path));
        }
      } finally {
        await platform.teardown();
      }
      expect(labLeftovers(runId)).toEqual([]);
    } finally {
      own.remove();
    }
  });

  it('an explicit cniPath option wins over CNI_PATH', async () => {
    const runId = testRunId('co');
    const empty = tempDir('cni-opt');
    try {
      process.env['CNI_PATH'] = '/usr/lib/cni';
      const platform = createLabPlatform(
        { datapath: 'ptp-hostgw', runId, cniPath: empty.path },
        createNodeLabDeps(),
      );
      await expect(platform.prepare(labTestSuite())).rejects.toThrow(
        `not found in CNI path ${empty.path} (from --cni-path / cniPath)`,
      );
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    } finally {
      empty.remove();
    }
  });

  it('run --cni-path DIR reaches the lab (and is refused on kubernetes)', async () => {
    const empty = tempDir('cni-flag');
    try {
      const io = memoryIo(empty.path);
      const code = await main(
        ['run', '--datapath', 'bridge-hostgw', '--quick', '--cni-path', empty.path, '--out', 'r.json'],
        io,
      );
      expect(code).toBe(2);
      expect(io.stderrText()).toContain(
        `CNI plugin "bridge" (used by bridge-hostgw) not found in CNI path ${empty.path} (from --cni-path / cniPath)`,
      );
      // The CLI refuses --cni-path with --platform kubernetes (test/unit/cli/run-flags.test.ts); the factory asserts.
      expect(() => createPlatforms({ platform: 'kubernetes', cniPath: empty.path })).toThrow(
        'internal: platform request: no custom routing, underlay MTU or CNI plugin path on Kubernetes',
      );
    } finally {
      empty.remove();
    }
  });
});
