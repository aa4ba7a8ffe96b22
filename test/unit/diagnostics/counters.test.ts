import { describe, expect, it } from 'vitest';
import { HOST_COUNTERS, NAMESPACE_COUNTERS, counterInfo } from '../../../src/core/diagnostics/catalogue.js';
import { counterDeltas, sampleCountersOf } from '../../../src/core/diagnostics/deltas.js';
import { hostCounters, namespaceCounters } from '../../../src/core/diagnostics/reading.js';
import { parseProcNetSnmp } from '../../../src/core/parsers/proc-net-snmp.js';
import { fixtureText } from '../parsers/fixture.js';

const text = (name: string) => fixtureText(`proc-net/${name}`);

describe('namespace and host counters from real readings', () => {
  it('keeps exactly the catalogue counters the kernel printed, with their values', () => {
    const counters = namespaceCounters(text('router-netns.after.txt'));
    const all = parseProcNetSnmp(text('router-netns.after.txt'));
    for (const { id } of NAMESPACE_COUNTERS.filter((c) => !c.id.startsWith('conntrack.')))
      expect(counters[id], id).toBe(all[id]);
    expect(counters['conntrack.found']).toBe(0);
    expect(counters['conntrack.entries']).toBeUndefined(); // a gauge
    expect(counters['Tcp.CurrEstab']).toBeUndefined(); // a gauge
    expect(counters['Tcp.RtoMin']).toBeUndefined(); // a setting
  });

  it('reads the namespace files without conntrack (no table in the text)', () => {
    const full = text('router-netns.after.txt');
    const counters = namespaceCounters(full.slice(0, full.indexOf('entries')));
    expect(Object.keys(counters).some((id) => id.startsWith('conntrack.'))).toBe(false);
    expect(counters['Ip.ForwDatagrams']).toBeGreaterThan(0);
  });

  it('host: softnet and softirq counters of the machine', () => {
    const host = hostCounters(text('softnet_stat.after.txt'), text('softirqs.after.txt'));
    expect(Object.keys(host).sort()).toEqual(HOST_COUNTERS.map((c) => c.id).sort());
    expect(host['softirqs.NET_RX']).toBeGreaterThan(host['softirqs.NET_TX']!);
  });
});

describe('counterDeltas', () => {
  it('real readings around a 1 s iperf3 run: the increases, zeros left out', () => {
    const reading = (when: string) => ({
      scopes: {
        client: namespaceCounters(text(`client-netns.${when}.txt`)),
        router: namespaceCounters(text(`router-netns.${when}.txt`)),
        host: hostCounters(text(`softnet_stat.${when}.txt`), text(`softirqs.${when}.txt`)),
      },
    });
    const deltas = counterDeltas(reading('before'), reading('after'));
    const before = parseProcNetSnmp(text('router-netns.before.txt'));
    const after = parseProcNetSnmp(text('router-netns.after.txt'));
    expect(deltas['router']!['Ip.ForwDatagrams']).toBe(
      after['Ip.ForwDatagrams']! - before['Ip.ForwDatagrams']!,
    );
    expect(deltas['router']!['Tcp.OutSegs']).toBeUndefined(); // the router sent no TCP of its own
    expect(deltas['client']!['Tcp.OutSegs']).toBeGreaterThan(100_000);
    expect(deltas['host']!['softnet.processed']).toBeGreaterThan(0);
    for (const scope of Object.values(deltas))
      for (const value of Object.values(scope)) expect(value).toBeGreaterThan(0);
  });

  it('32-bit counters wrap modulo 2^32; 64-bit ones that went backwards (reset) are dropped', () => {
    expect(counterInfo('softnet.processed')?.wraps32).toBe(true);
    expect(counterInfo('Ip.InReceives')?.wraps32).toBeUndefined();
    const deltas = counterDeltas(
      {
        scopes: {
          host: { 'softnet.processed': 2 ** 32 - 10 },
          'node-0': { 'Ip.InReceives': 500, 'Tcp.InSegs': 7 },
        },
      },
      { scopes: { host: { 'softnet.processed': 5 }, 'node-0': { 'Ip.InReceives': 100, 'Tcp.InSegs': 9 } } },
    );
    expect(deltas).toEqual({ host: { 'softnet.processed': 15 }, 'node-0': { 'Tcp.InSegs': 2 } });
  });

  it('only scopes and counters read both times, and only catalogue counters', () => {
    const deltas = counterDeltas(
      { scopes: { a: { 'Tcp.InSegs': 1, 'Tcp.Bogus': 1 }, gone: { 'Tcp.InSegs': 1 } } },
      { scopes: { a: { 'Tcp.InSegs': 3, 'Tcp.Bogus': 5, 'Tcp.OutSegs': 9 }, fresh: { 'Tcp.InSegs': 4 } } },
    );
    expect(deltas).toEqual({ a: { 'Tcp.InSegs': 2 } });
  });
});

describe('sampleCountersOf', () => {
  const scopes = { client: { 'Tcp.OutSegs': 1000 } };
  it('records the deltas with the work and the reading cost (0.1 ms resolution)', () => {
    expect(sampleCountersOf(scopes, { unit: 'GB', amount: 2.5 }, 7.26)).toEqual({
      workUnit: 'GB',
      work: 2.5,
      readCostMs: 7.3,
      scopes,
    });
  });
  it('null without a positive, finite amount of work', () => {
    for (const amount of [null, 0, -1, Number.NaN, Infinity])
      expect(sampleCountersOf(scopes, { unit: 'GB', amount }, 1)).toBeNull();
  });
});
