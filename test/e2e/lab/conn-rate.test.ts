import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUITE } from '../../../src/core/suite/profiles.js';
import { createLabPlatform, createNodeLabDeps } from '../../../src/platform/lab/index.js';
import { connRateInvocation } from '../../../src/runner/invocations.js';
import { toSample } from '../../../src/runner/sample.js';
import { labLeftovers, testRunId } from '../../helpers/lab-leftovers.js';
import { labTestSuite } from './lab-fixtures.js';

/** Tcp ActiveOpens (connect() calls that sent a SYN) of a namespace, from /proc/net/snmp. */
function activeOpens(namespace: string): number {
  const lines = execFileSync('ip', ['netns', 'exec', namespace, 'cat', '/proc/net/snmp'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((l) => l.startsWith('Tcp:'));
  const [names, values] = lines.map((l) => l.trim().split(/\s+/));
  return Number(values![names!.indexOf('ActiveOpens')]);
}

function timeWait(namespace: string): number {
  const out = execFileSync('ip', ['netns', 'exec', namespace, 'ss', '-Htan', 'state', 'time-wait'], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l.trim() !== '').length;
}

describe('http-conn-rate on the wire', () => {
  it('opens one TCP connection per request through the ClusterIP, and the server closes first', async () => {
    const runId = testRunId('cr');
    const platform = createLabPlatform({ datapath: 'bridge-hostgw', runId }, createNodeLabDeps());
    const suite = labTestSuite({ tests: ['http-conn-rate'], dummyServices: 0 });
    try {
      await platform.prepare(suite);
      const placement = await platform.place('pod-to-service-cross-node');
      const endpoint = await placement.startServer('http');
      const pods = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
        .split('\n')
        .map((l) => l.split(' ')[0]!)
        .filter((n) => n.startsWith(`cpg-${runId}-p`));
      expect(pods).toHaveLength(2);
      const before = new Map(pods.map((p) => [p, activeOpens(p)]));
      const invocation = connRateInvocation({ ...DEFAULT_SUITE, http: suite.http }, endpoint, 2);
      const output = await placement.runClient(invocation);
      const { sample } = toSample(
        'pod-to-service-cross-node/http-conn-rate',
        'http-conn-rate',
        invocation,
        output,
      );
      const requests = Math.round(sample.metrics.http_conn_rate! * sample.durationS);
      const opened = pods.map((p) => activeOpens(p) - before.get(p)!);
      // Only the client connects; it opened one connection per request, plus at most the ones
      // still open when wrk stopped.
      const client = opened.indexOf(Math.max(...opened));
      expect(opened[1 - client]).toBe(0);
      expect(opened[client]).toBeGreaterThanOrEqual(requests * 0.98);
      expect(opened[client]).toBeLessThanOrEqual(requests * 1.02 + suite.http.connections + 1);
      // nginx closes after answering a Connection: close request, so TIME_WAIT piles up on the server.
      expect(timeWait(pods[1 - client]!)).toBeGreaterThan(timeWait(pods[client]!));
      console.log(
        `http-conn-rate wire check: ${requests} requests, ${opened[client]} SYNs from the client, TIME_WAIT server ${timeWait(pods[1 - client]!)} / client ${timeWait(pods[client]!)}`,
      );
      await placement.release();
    } finally {
      await platform.teardown();
      expect(labLeftovers(runId)).toEqual([]);
    }
  }, 90_000);
});
