import { afterAll, describe, expect, it } from 'vitest';
import { TOPOLOGY_IDS } from '../../../src/core/scenarios.js';
import {
  createLabPlatform,
  createNodeLabDeps,
  type LabPlatformOptions,
} from '../../../src/platform/lab/index.js';
import { labLeftovers, testRunId } from '../../helpers/lab-leftovers.js';
import { iperfReceivedBps, labTestSuite } from './lab-fixtures.js';

/** pod-to-pod-cross-node throughput per preset, printed at the end for the report. */
const crossNode: Record<string, string> = {};

const BRIDGE_PLACEHOLDER = JSON.stringify({
  cniVersion: '1.0.0',
  name: 'review-me',
  plugins: [
    {
      type: 'bridge',
      bridge: 'cbr0',
      isGateway: true,
      mtu: 1450,
      ipam: { type: 'host-local', ranges: [[{ subnet: '{{podCIDR}}' }]], routes: [{ dst: '0.0.0.0/0' }] },
    },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
});
const PTP_CLUSTER_RANGE = JSON.stringify({
  cniVersion: '0.4.0',
  name: 'calico-like',
  plugins: [
    { type: 'ptp', ipam: { type: 'host-local', subnet: '10.244.0.0/16', routes: [{ dst: '0.0.0.0/0' }] } },
  ],
});

const cases: [string, Omit<LabPlatformOptions, 'runId'>][] = [
  ['host', { datapath: 'host' }],
  ['bridge-hostgw', { datapath: 'bridge-hostgw' }],
  ['bridge-vxlan', { datapath: 'bridge-vxlan' }],
  ['ptp-hostgw', { datapath: 'ptp-hostgw' }],
  ['macvlan', { datapath: 'macvlan' }],
  [
    'custom vxlan ({{podCIDR}})',
    {
      datapath: 'custom',
      conflist: BRIDGE_PLACEHOLDER,
      conflistSource: 'cni/bridge.conflist',
      routing: 'vxlan',
    },
  ],
  [
    'custom host-gw (ranges replaced)',
    {
      datapath: 'custom',
      conflist: PTP_CLUSTER_RANGE,
      conflistSource: 'cni/ptp.conflist',
      routing: 'host-gw',
    },
  ],
];

describe('lab presets: every supported topology carries iperf3 traffic', () => {
  afterAll(() => {
    console.log(`pod-to-pod-cross-node 1 s tcp: ${JSON.stringify(crossNode)}`);
  });

  it.each(cases)('%s', async (label, options) => {
    const runId = testRunId('sm');
    const platform = createLabPlatform({ ...options, runId }, createNodeLabDeps());
    try {
      await platform.prepare(labTestSuite());
      const subject = platform.subject();
      expect(subject.configHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      let placed = 0;
      for (const topology of TOPOLOGY_IDS) {
        const skip = platform.supports(topology);
        if (skip) {
          expect(options.datapath === 'macvlan' && topology === 'pod-to-service-cross-node').toBe(true);
          continue;
        }
        const placement = await platform.place(topology);
        try {
          const endpoint = await placement.startServer('iperf3');
          const out = await placement.runClient({
            tool: 'iperf3',
            args: ['-c', endpoint.address, '-p', String(endpoint.port), '-t', '1', '-J'],
            timeoutMs: 15_000,
          });
          expect(out.exitCode, `${topology}: ${out.stderr}`).toBe(0);
          const bps = iperfReceivedBps(out.stdout);
          expect(bps).toBeGreaterThan(0);
          expect(out.cpu?.busyPercent).toBeGreaterThan(0);
          if (topology === 'pod-to-pod-cross-node') crossNode[label] = `${(bps / 1e9).toFixed(2)} Gbit/s`;
          placed++;
        } finally {
          await placement.release();
        }
      }
      expect(placed).toBeGreaterThanOrEqual(4);
    } finally {
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    }
  });

  it('ipvlan: a clear skip for every topology when the kernel lacks it, and nothing prepared', async () => {
    const runId = testRunId('iv');
    const platform = createLabPlatform({ datapath: 'ipvlan', runId }, createNodeLabDeps());
    try {
      await platform.prepare(labTestSuite());
      const reasons = TOPOLOGY_IDS.map((t) => platform.supports(t));
      if (reasons[0] === null) {
        // This kernel has ipvlan: it must then work like the other presets.
        const placement = await platform.place('pod-to-pod-cross-node');
        const endpoint = await placement.startServer('iperf3');
        const out = await placement.runClient({
          tool: 'iperf3',
          args: ['-c', endpoint.address, '-t', '1', '-J'],
          timeoutMs: 15_000,
        });
        expect(iperfReceivedBps(out.stdout)).toBeGreaterThan(0);
        await placement.release();
      } else {
        for (const reason of reasons)
          expect(reason).toMatch(/^ipvlan is not supported by this kernel \(.+\)$/);
        expect(labLeftovers(runId).filter((l) => l.startsWith('namespace'))).toEqual([]);
        await expect(platform.place('pod-to-pod-cross-node')).rejects.toThrow(/ipvlan is not supported/);
      }
    } finally {
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    }
  });

  it('http: nginx behind a ClusterIP answers wrk from a pod on the other node', async () => {
    const runId = testRunId('ht');
    const platform = createLabPlatform(
      { datapath: 'bridge-hostgw', runId, dummyServices: 200 },
      createNodeLabDeps(),
    );
    try {
      await platform.prepare(labTestSuite({ tests: ['http-max'] }));
      const placement = await platform.place('pod-to-service-cross-node');
      const endpoint = await placement.startServer('http');
      expect(endpoint.address).toMatch(/^198\.19\.128\./);
      const lua = 'wrk.method = "GET"\n';
      const out = await placement.runClient({
        tool: 'wrk',
        args: [
          '-d',
          '1',
          '-c',
          '4',
          '-t',
          '1',
          '-s',
          '@file:get.lua',
          `http://${endpoint.address}:${endpoint.port}/`,
        ],
        files: [{ name: 'get.lua', content: lua }],
        timeoutMs: 15_000,
      });
      expect(out.exitCode, out.stderr).toBe(0);
      expect(Number(/Requests\/sec:\s*([\d.]+)/.exec(out.stdout)?.[1])).toBeGreaterThan(0);
      expect(out.stdout).not.toMatch(/Non-2xx/);
      await placement.release();
    } finally {
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    }
  });
});
