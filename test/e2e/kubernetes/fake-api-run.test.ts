import { afterEach, describe, expect, it } from 'vitest';
import { parseIperf3 } from '../../../src/core/parsers/iperf3.js';
import { parseWrk } from '../../../src/core/parsers/wrk.js';
import { createKubernetesPlatform, type KubernetesPlatform } from '../../../src/platform/kubernetes/index.js';
import { DEFAULT_IMAGES } from '../../../src/platform/kubernetes/versions.js';
import { startFakeKubeApi, type FakeKubeApi } from '../../helpers/fake-kube-api.js';
import { QUICK_SUITE, testDeps, testPort } from './support.js';

let fake: FakeKubeApi | undefined;
let platform: KubernetesPlatform | undefined;

afterEach(async () => {
  await platform?.teardown().catch(() => undefined);
  platform = undefined;
  if (fake) {
    await fake.stop();
    expect(fake.liveResources()).toBe(0);
  }
  fake = undefined;
});

function makePlatform(api: FakeKubeApi, runId: string): KubernetesPlatform {
  const port = testPort();
  return createKubernetesPlatform(
    {
      runId,
      cluster: { mode: 'existing', kubeconfigPath: api.kubeconfigPath },
      cni: { kind: 'preset', preset: 'flannel-vxlan' },
      ports: { iperf3: port, http: port + 1 },
      timeouts: { cniReadyMs: 5_000, podStartSlackMs: 10_000, namespaceDeleteMs: 5_000 },
    },
    testDeps(),
  );
}

describe('kubernetes platform against the fake API server (real client-node, real iperf3/wrk)', () => {
  it('runs iperf3 pod-to-pod across nodes, parses real metrics, and deletes the namespace', async () => {
    fake = await startFakeKubeApi({ runTools: true, nodesNotReadyUntilCni: true });
    platform = makePlatform(fake, 'e2e-iperf');
    await platform.prepare(QUICK_SUITE);
    expect(fake.namespaces()).toContain('cpg-e2e-iperf');
    expect(
      fake.requests.some((r) =>
        r.startsWith('PATCH /apis/apps/v1/namespaces/kube-flannel/daemonsets/kube-flannel-ds'),
      ),
    ).toBe(true);

    const placement = await platform.place('pod-to-pod-cross-node');
    const endpoint = await placement.startServer('iperf3');
    const output = await placement.runClient({
      tool: 'iperf3',
      args: ['-c', endpoint.address, '-p', String(endpoint.port), '-J', '-t', '1'],
      timeoutMs: 20_000,
    });
    expect(output.exitCode).toBe(0);
    expect(output.cpu).toBeUndefined();
    // An existing cluster's nodes are not containers here: no counters, and the placement says why.
    expect(placement.readCounters).toBeUndefined();
    expect(placement.countersUnavailable).toMatch(
      /existing cluster's nodes are not containers on this machine/,
    );
    const parsed = parseIperf3(output.stdout);
    expect(parsed.metrics.tcp_throughput_bps).toBeGreaterThan(1e6);
    console.log(
      `fake-API pod-to-pod iperf3: ${((parsed.metrics.tcp_throughput_bps ?? 0) / 1e9).toFixed(2)} Gbit/s in ${output.durationS}s`,
    );

    const pods = fake.history.filter((h) => h.namespace === 'cpg-e2e-iperf');
    const server = pods.find((p) => p.labels['app.kubernetes.io/component'] === 'server');
    const client = pods.find((p) => p.labels['app.kubernetes.io/component'] === 'client');
    expect(server?.node).toBeDefined();
    expect(client?.node).toBeDefined();
    expect(server?.node).not.toBe(client?.node);
    expect(server?.labels['app.kubernetes.io/instance']).toBe('e2e-iperf');

    const env = await platform.environment();
    expect(env.kubernetes?.version).toBe('v1.33.1');
    expect(env.kubernetes?.cni).toEqual({ name: 'flannel', version: 'v0.25.5' });
    expect(env.kubernetes?.architecture).toBe('amd64');
    expect(env.tools.wrk).toBe(DEFAULT_IMAGES.wrk);
    expect(env.cpus).toBeGreaterThan(0);
    expect(platform.subject()).toMatchObject({ platform: 'kubernetes', datapath: 'flannel-vxlan' });

    await placement.release();
    expect(fake.pods('cpg-e2e-iperf')).toHaveLength(0);
    await platform.teardown();
    expect(fake.namespaces()).not.toContain('cpg-e2e-iperf');
    await platform.teardown(); // idempotent
  });

  it('runs wrk with a Lua file through a NodePort on a node without the server pod', async () => {
    fake = await startFakeKubeApi({ runTools: true, workers: 3 });
    platform = makePlatform(fake, 'e2e-wrk');
    await platform.prepare(QUICK_SUITE);
    const placement = await platform.place('nodeport-via-other-node');
    const endpoint = await placement.startServer('http');
    const output = await placement.runClient({
      tool: 'wrk',
      args: [
        '-t1',
        '-c4',
        '-d1s',
        '--latency',
        '-s',
        '@file:pace.lua',
        `http://${endpoint.address}:${endpoint.port}/`,
      ],
      files: [{ name: 'pace.lua', content: 'function delay() return 1 end\n' }],
      timeoutMs: 20_000,
    });
    expect(output.stderr).toBe('');
    expect(output.exitCode).toBe(0);
    expect(parseWrk(output.stdout).metrics.http_rps).toBeGreaterThan(0);
    const serverNode = fake.history.find((h) => h.labels['app.kubernetes.io/component'] === 'server')?.node;
    expect(endpoint.address).not.toBe(
      `127.0.100.${['cpg-control-plane', 'cpg-worker', 'cpg-worker2', 'cpg-worker3'].indexOf(serverNode ?? '') + 1}`,
    );
    await platform.teardown();
    expect(fake.namespaces()).not.toContain('cpg-e2e-wrk');
  });

  it('returns a failed client as exit code + log tail, and still deletes the namespace', async () => {
    fake = await startFakeKubeApi({ runTools: true });
    platform = makePlatform(fake, 'e2e-fail');
    await platform.prepare(QUICK_SUITE);
    const placement = await platform.place('pod-to-service-cross-node');
    const endpoint = await placement.startServer('iperf3');
    expect(endpoint.address.startsWith('127.0.200.')).toBe(true);
    const viaService = await placement.runClient({
      tool: 'iperf3',
      args: ['-c', endpoint.address, '-p', String(endpoint.port), '-J', '-t', '1'],
      timeoutMs: 20_000,
    });
    expect(parseIperf3(viaService.stdout).metrics.tcp_throughput_bps).toBeGreaterThan(1e6);
    fake.faults.failClient = {
      exitCode: 1,
      log: 'iperf3: error - unable to connect to server: Connection refused\n',
    };
    const output = await placement.runClient({
      tool: 'iperf3',
      args: ['-c', endpoint.address, '-J'],
      timeoutMs: 5_000,
    });
    expect(output.exitCode).toBe(1);
    expect(output.stdout).toContain('Connection refused');
    expect(output.stderr).toMatch(/client pod cpg-e2e-fail\/.* Failed .*exit 1.*Connection refused/);
    await platform.teardown();
    expect(fake.namespaces()).not.toContain('cpg-e2e-fail');
  });
});
