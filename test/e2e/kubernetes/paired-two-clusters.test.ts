/**
 * A paired Kubernetes run end to end against two fake API servers (one per kind cluster): the real
 * client-node, the real platform factory and paired runner, real iperf3 in the fake pods. kind
 * itself is a recording Exec whose `create cluster` hands out the kubeconfig of one fake.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareResults } from '../../../src/core/compare/engine.js';
import { kindClusterName } from '../../../src/platform/kubernetes/kind/kind-cluster.js';
import type { Exec } from '../../../src/adapters/exec.js';
import { runPairedSuite, type PairedRunRequest } from '../../../src/runner/paired-run.js';
import { startFakeKubeApi, type FakeKubeApi } from '../../helpers/fake-kube-api.js';
import { recordingExec } from '../../unit/kubernetes/recording-exec.js';
import { QUICK_SUITE, testDeps } from './support.js';

const fakes: FakeKubeApi[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const fake of fakes.splice(0)) {
    await fake.stop();
    expect(fake.liveResources()).toBe(0);
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const arg = (args: readonly string[], flag: string) => args[args.indexOf(flag) + 1] ?? '';

/** Two fakes, a kind stand-in that serves cluster i from fake i (by the order the run ids were named). */
async function twoClusters() {
  const base = await startFakeKubeApi({ runTools: true, nodesNotReadyUntilCni: true, addressBlock: 0 });
  const head = await startFakeKubeApi({ runTools: true, nodesNotReadyUntilCni: true, addressBlock: 1 });
  fakes.push(base, head);
  const clusters = new Map<string, FakeKubeApi>(); // kind cluster name → fake
  const sides: FakeKubeApi[] = [base, head];
  const created: { name: string; startMs: number; endMs: number }[] = [];
  const exec = recordingExec(async (command, args) => {
    if (command === 'kind' && args[0] === 'create') {
      const name = arg(args, '--name');
      const fake = clusters.get(name);
      if (!fake) return { exitCode: 1, stderr: `ERROR: unknown cluster ${name}` };
      const startMs = Date.now();
      await new Promise((r) => setTimeout(r, 300)); // node containers booting
      copyFileSync(fake.kubeconfigPath, arg(args, '--kubeconfig'));
      created.push({ name, startMs, endMs: Date.now() });
    }
    return {};
  });
  const onRunId = (_label: string, runId: string): void => {
    const fake = sides[clusters.size];
    if (fake) clusters.set(kindClusterName(runId), fake);
  };
  const makeTempDir = async (): Promise<string> => {
    const dir = mkdtempSync(join(tmpdir(), 'cpg-paired-kind-'));
    dirs.push(dir);
    return dir;
  };
  return { base, head, clusters, created, exec, onRunId, makeTempDir };
}

/** A fixed-n paired run of flannel-host-gw (base) vs flannel-vxlan (head) in the two fake clusters. */
function flannelPair(
  k: Awaited<ReturnType<typeof twoClusters>>,
  exec: Exec,
  pairingId: string,
  pairs: number,
): PairedRunRequest {
  return {
    platform: 'kubernetes',
    suite: { ...QUICK_SUITE, repetitions: pairs },
    base: { kind: 'datapath', datapath: 'flannel-host-gw' },
    head: { kind: 'datapath', datapath: 'flannel-vxlan' },
    adaptive: false,
    pairingId,
    toolVersion: 'test',
    platformRequest: {
      kubernetesDeps: testDeps({ exec, makeTempDir: k.makeTempDir }),
      onRunId: k.onRunId,
    },
  };
}

describe('run --paired on Kubernetes: two kind clusters (fake API servers)', () => {
  it('creates both clusters concurrently, deploys each CNI, interleaves the client pods, tears both down', async () => {
    const k = await twoClusters();
    const [baseFile, headFile] = await runPairedSuite(flannelPair(k, k.exec, 'kind-pair-1', 4));

    // Both clusters: created at the same time (the second began before the first was up).
    expect(k.created).toHaveLength(2);
    const [first, second] = [...k.created].sort((a, b) => a.startMs - b.startMs);
    expect(second!.startMs).toBeLessThan(first!.endMs);
    // Each with its own CNI: the host-gw preset on the base cluster, VXLAN on the head's.
    const flannelConfig = (fake: FakeKubeApi) =>
      fake.requests.filter((r) => r.startsWith('PATCH /api/v1/namespaces/kube-flannel/configmaps/'));
    expect(flannelConfig(k.base).length).toBeGreaterThan(0);
    expect(flannelConfig(k.head).length).toBeGreaterThan(0);
    expect(baseFile.subject).toMatchObject({ platform: 'kubernetes', datapath: 'flannel-host-gw' });
    expect(headFile.subject).toMatchObject({ platform: 'kubernetes', datapath: 'flannel-vxlan' });
    expect(baseFile.subject.configHash).not.toBe(headFile.subject.configHash);

    // Client pods alternate between the clusters in ABBA order: never three in a row on one side.
    const clients = [k.base, k.head]
      .flatMap((fake, side) =>
        fake.history
          .filter((h) => h.labels['app.kubernetes.io/component'] === 'client')
          .map((h) => ({ side, at: h.createdAtMs })),
      )
      .sort((a, b) => a.at - b.at)
      .map((c) => (c.side === 0 ? 'A' : 'B'))
      .join('');
    expect(clients).toMatch(/^[AB]+$/);
    expect(clients).not.toMatch(/AAA|BBB/);
    expect(clients.replace(/B/g, '').length).toBe(clients.replace(/A/g, '').length);

    // The pairing: both files carry it, the comparison is paired over 4 pairs.
    expect(baseFile.pairing?.id).toBe('kind-pair-1');
    expect(headFile.pairing?.id).toBe('kind-pair-1');
    const tcp = (file: typeof baseFile) =>
      file.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/tcp-stream')?.samples ?? [];
    expect(tcp(baseFile)).toHaveLength(4);
    expect(tcp(headFile)).toHaveLength(4);
    const report = compareResults(baseFile, headFile);
    const row = report.comparisons.find(
      (c) => c.scenario === 'pod-to-pod-cross-node/tcp-stream' && c.metric === 'tcp_throughput_bps',
    );
    expect(row?.base.n).toBe(4);
    expect(row?.tested).toBe(true);
    expect(report.warnings.join('\n')).not.toMatch(/environment differs/); // the CNI is the subject
    expect(report.options.paired).toBe(true);
    expect(report.environment.match).toBe(true);

    // Both torn down: every namespace of the run gone, both kind clusters deleted.
    for (const [name, fake] of k.clusters) {
      expect(fake.namespaces().filter((n) => n.startsWith('cpg-'))).toEqual([]);
      expect(
        k.exec.runs.some(
          (r) => r.command === 'kind' && r.args[0] === 'delete' && arg(r.args, '--name') === name,
        ),
      ).toBe(true);
    }
    expect(k.clusters.size).toBe(2);
  });

  it('tears down both clusters when one of them fails to come up', async () => {
    const k = await twoClusters();
    const failing = recordingExec(async (command, args) => {
      if (command === 'kind' && args[0] === 'create' && k.clusters.get(arg(args, '--name')) === k.head) {
        return { exitCode: 1, stderr: 'ERROR: failed to create cluster: node(s) already exist' };
      }
      return k.exec.run(command, args);
    });
    const run = runPairedSuite(flannelPair(k, failing, 'kind-pair-2', 3));
    await expect(run).rejects.toThrow(/create cluster cpg-\S+ exited 1: ERROR: failed to create cluster/);
    const deleted = failing.runs
      .filter((r) => r.command === 'kind' && r.args[0] === 'delete')
      .map((r) => arg(r.args, '--name'));
    expect(new Set(deleted)).toEqual(new Set(k.clusters.keys()));
    expect(k.base.namespaces().filter((n) => n.startsWith('cpg-'))).toEqual([]);
    for (const dir of dirs) expect(existsSync(join(dir, 'kubeconfig'))).toBe(false);
  });
});

/**
 * Kernel counters of kind nodes: `docker inspect` (faked) hands out, per node name, the pid of a
 * real process parked in a network namespace this test makes (UDP on its loopback keeps its
 * counters moving); the platform reads /proc/<pid>/net of it. Root only (ip netns).
 */
describe.skipIf(process.getuid?.() !== 0)(
  'kind node counters (diagnostics) through the node containers',
  () => {
    const namespaces: string[] = [];
    const processes: ChildProcess[] = [];
    afterEach(() => {
      for (const p of processes.splice(0)) p.kill('SIGKILL');
      for (const ns of namespaces.splice(0)) spawnSync('ip', ['netns', 'delete', ns]);
      expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).not.toMatch(/cpg-kc\d/);
    });

    /** A netns with lo up and a process sending on its loopback; its pid stands for a kind node's. */
    function fakeNode(name: string): number {
      spawnSync('ip', ['netns', 'add', name]);
      namespaces.push(name);
      spawnSync('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
      // A UDP datagram to a closed loopback port every 20 ms: IP in and out, and an ICMP reply.
      const send =
        "const d = require('dgram').createSocket('udp4'); setInterval(() => d.send('x', 9, '127.0.0.1'), 20);";
      const p = spawn('ip', ['netns', 'exec', name, process.execPath, '-e', send], { stdio: 'ignore' });
      processes.push(p);
      return p.pid!;
    }

    it('records per-node counters (node-0, node-1, host) for every sample of both clusters', async () => {
      const tag = Math.floor(Math.random() * 1e6);
      const pids = new Map([
        ['cpg-worker', fakeNode(`cpg-kc${tag}-a`)],
        ['cpg-worker2', fakeNode(`cpg-kc${tag}-b`)],
      ]);
      const k = await twoClusters();
      const inspected: string[] = [];
      const exec: Exec = {
        run: (command, args, options) => {
          if (command === 'docker' && args[0] === 'inspect') {
            const node = args[args.length - 1]!;
            inspected.push(node);
            const pid = pids.get(node);
            return Promise.resolve(
              pid === undefined
                ? { exitCode: 1, stdout: '', stderr: `Error: No such object: ${node}`, timedOut: false }
                : { exitCode: 0, stdout: `${pid}\n`, stderr: '', timedOut: false },
            );
          }
          return k.exec.run(command, args, options);
        },
      };
      const request = flannelPair(k, exec, 'kind-counters', 4);
      const procFiles = {
        readFile: (path: string) => readFile(path, 'utf8'),
        listDir: (path: string) => readdir(path),
      };
      const [baseFile, headFile] = await runPairedSuite({
        ...request,
        platformRequest: {
          ...request.platformRequest,
          kubernetesDeps: testDeps({ exec, makeTempDir: k.makeTempDir, procFiles }),
        },
      });
      // Each node's pid looked up once per cluster, not per sample.
      expect(inspected.filter((n) => n === 'cpg-worker').length).toBeLessThanOrEqual(2);
      for (const file of [baseFile, headFile]) {
        const tcp = file.scenarios.find((s) => s.id === 'pod-to-pod-cross-node/tcp-stream')!;
        expect(tcp.countersUnavailable).toBeUndefined();
        expect(tcp.samples).toHaveLength(4);
        for (const sample of tcp.samples) {
          const counters = sample.diagnostics?.counters;
          expect(counters?.workUnit).toBe('GB');
          expect(Object.keys(counters?.scopes ?? {}).sort()).toEqual(['host', 'node-0', 'node-1']);
          if (process.env['DBG']) console.log(JSON.stringify(counters));
          // The datagrams moved the nodes' own counters (their namespaces, not this machine's).
          expect(counters!.scopes['node-0']!['Ip.InReceives']).toBeGreaterThan(0);
          expect(counters!.scopes['node-1']!['Ip.OutRequests']).toBeGreaterThan(0);
        }
      }
    }, 120_000);
  },
);
