import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { parseNfConntrackStat } from '../../../src/core/parsers/proc-net-conntrack.js';
import { parseSoftnetStat } from '../../../src/core/parsers/proc-net-softnet.js';
import { parseProcNetSnmp } from '../../../src/core/parsers/proc-net-snmp.js';
import { parseSoftirqs } from '../../../src/core/parsers/proc-softirqs.js';
import { fixtureText } from './fixture.js';

// Real captures (scripts/gen-proc-net-fixtures.sh): `cat /proc/net/snmp /proc/net/netstat
// /proc/net/stat/nf_conntrack` inside a client and a router namespace around a 1 s iperf3 run,
// and the machine's softnet_stat and softirqs.
const client = {
  before: fixtureText('proc-net/client-netns.before.txt'),
  after: fixtureText('proc-net/client-netns.after.txt'),
};
const router = {
  before: fixtureText('proc-net/router-netns.before.txt'),
  after: fixtureText('proc-net/router-netns.after.txt'),
};
const softnet = fixtureText('proc-net/softnet_stat.after.txt');
const softirqs = fixtureText('proc-net/softirqs.after.txt');

/** The test's own reading of a `Prefix: names` / `Prefix: values` pair. */
function row(text: string, prefix: string): Record<string, string> {
  const lines = text.split('\n').filter((line) => line.startsWith(`${prefix}: `));
  const names = lines[0]!.split(/\s+/).slice(1);
  const values = lines[1]!.split(/\s+/).slice(1);
  return Object.fromEntries(names.map((name, i) => [name, values[i]!]));
}

describe('parseProcNetSnmp on real /proc/net/snmp + netstat', () => {
  it('keys every counter <Prefix>.<Name>, as the kernel prints it', () => {
    const counters = parseProcNetSnmp(client.after);
    for (const prefix of ['Ip', 'Icmp', 'Tcp', 'Udp', 'TcpExt', 'IpExt']) {
      for (const [name, value] of Object.entries(row(client.after, prefix))) {
        expect(counters[`${prefix}.${name}`], `${prefix}.${name}`).toBe(Number(value));
      }
    }
    expect(counters['Tcp.MaxConn']).toBe(-1); // a signed value
  });

  it('sees the iperf3 run: the client sent more than a GB in segments and forwarded nothing', () => {
    const [b, a] = [parseProcNetSnmp(client.before), parseProcNetSnmp(client.after)];
    const sent = JSON.parse(fixtureText('proc-net/iperf3.json')) as { end: { sum_sent: { bytes: number } } };
    const segments = a['Tcp.OutSegs']! - b['Tcp.OutSegs']!;
    // Every data segment carries at most one MSS (1448 bytes at MTU 1500).
    expect(segments).toBeGreaterThan(sent.end.sum_sent.bytes / 1448);
    expect(a['Ip.ForwDatagrams']! - b['Ip.ForwDatagrams']!).toBe(0);
    const [rb, ra] = [parseProcNetSnmp(router.before), parseProcNetSnmp(router.after)];
    expect(ra['Ip.ForwDatagrams']! - rb['Ip.ForwDatagrams']!).toBeGreaterThan(1000);
  });

  it('refuses text without rows, or a header without its value line', () => {
    expect(() => parseProcNetSnmp('')).toThrow(UserError);
    const header = client.after.split('\n')[0]!;
    expect(() => parseProcNetSnmp(header)).toThrow(/header "Ip:" has no matching value line/);
    expect(() => parseProcNetSnmp(`${header}\nIp: 1 2`)).toThrow(/no matching value line/);
    expect(() => parseProcNetSnmp('Ip: Forwarding\nIp: x')).toThrow(/Ip\.Forwarding is "x"/);
  });
});

describe('parseNfConntrackStat on a real /proc/net/stat/nf_conntrack', () => {
  it('sums every column over the CPU rows; entries (a gauge) is taken once', () => {
    const table = router.after.slice(router.after.indexOf('entries'));
    const [header, ...rows] = table.trim().split('\n');
    const names = header!.trim().split(/\s+/);
    const parsed = parseNfConntrackStat(router.after)!;
    expect(Object.keys(parsed)).toEqual(names);
    names.forEach((name, i) => {
      const values = rows.map((r) => parseInt(r.trim().split(/\s+/)[i]!, 16));
      expect(parsed[name]).toBe(name === 'entries' ? values[0] : values.reduce((x, y) => x + y, 0));
    });
    expect(parsed['entries']).toBe(2); // the iperf3 control and data connections
  });

  it('null when the text holds no table (no conntrack), an error on a malformed row', () => {
    expect(parseNfConntrackStat(router.after.slice(0, router.after.indexOf('entries')))).toBeNull();
    expect(() => parseNfConntrackStat('entries found\n')).toThrow(/header but no rows/);
    expect(() => parseNfConntrackStat('entries found\n0000 zz\n')).toThrow(/not 2 hex columns/);
  });
});

describe('parseSoftnetStat on a real /proc/net/softnet_stat', () => {
  it('sums processed, dropped and time_squeeze over the CPU rows', () => {
    const rows = softnet
      .trim()
      .split('\n')
      .map((r) =>
        r
          .trim()
          .split(/\s+/)
          .map((v) => parseInt(v, 16)),
      );
    const sum = (column: number) => rows.reduce((total, r) => total + r[column]!, 0);
    expect(parseSoftnetStat(softnet)).toEqual({
      processed: sum(0),
      dropped: sum(1),
      time_squeeze: sum(2),
      received_rps: sum(9),
      flow_limit_count: sum(10),
      cpus: rows.length,
    });
    expect(rows.length).toBe(2);
  });

  it('refuses empty text and short rows', () => {
    expect(() => parseSoftnetStat('\n')).toThrow(UserError);
    expect(() => parseSoftnetStat('00000001 00000002\n')).toThrow(/11 or more hex columns/);
  });
});

describe('parseSoftirqs on a real /proc/softirqs', () => {
  it('sums each type over the CPUs', () => {
    const parsed = parseSoftirqs(softirqs);
    const netRx = softirqs.split('\n').find((l) => l.trim().startsWith('NET_RX:'))!;
    const expected = netRx
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number)
      .reduce((x, y) => x + y, 0);
    expect(parsed['NET_RX']).toBe(expected);
    expect(Object.keys(parsed)).toEqual([
      'HI',
      'TIMER',
      'NET_TX',
      'NET_RX',
      'BLOCK',
      'IRQ_POLL',
      'TASKLET',
      'SCHED',
      'HRTIMER',
      'RCU',
    ]);
  });

  it('refuses text without the CPU header or with a short row', () => {
    expect(() => parseSoftirqs('NET_RX: 1 2\n')).toThrow(/"CPU0 …" header/);
    expect(() => parseSoftirqs('CPU0 CPU1\nNET_RX: 1\n')).toThrow(/2 counts/);
  });
});
