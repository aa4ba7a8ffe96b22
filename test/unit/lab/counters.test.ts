import { describe, expect, it } from 'vitest';
import type { BackgroundProcess, ExecResult } from '../../../src/adapters/exec.js';
import { createNamespaceAnchors } from '../../../src/platform/lab/counter-anchors.js';
import { readLabCounters } from '../../../src/platform/lab/counters.js';
import type { LabDeps } from '../../../src/platform/lab/deps.js';
import { fixtureText } from '../parsers/fixture.js';

/** The real capture split back into its three files (the kernel prints conntrack from "entries"). */
const captured = fixtureText('proc-net/router-netns.after.txt');
const conntrack = captured.slice(captured.indexOf('entries'));
const snmpAndNetstat = captured.slice(0, captured.indexOf('entries'));
const netstatAt = snmpAndNetstat.indexOf('TcpExt:');
const NET_FILES: Record<string, string> = {
  snmp: snmpAndNetstat.slice(0, netstatAt),
  netstat: snmpAndNetstat.slice(netstatAt),
  'stat/nf_conntrack': conntrack,
};

/**
 * A fake lab for the counter readers: each spawned anchor gets a pid and shows `ip` as its command
 * for `startsAfter` polls, then `sleep`; its /proc/<pid>/net files are the real capture.
 */
function fakeLab(options: { conntrack?: boolean; startsAfter?: number; neverStarts?: boolean } = {}) {
  let clock = 0;
  let nextPid = 100;
  const spawned: string[] = [];
  const read: string[] = [];
  /** Counter files read before their anchor ran `sleep` (still outside its namespace). */
  const early: string[] = [];
  const anchors = new Map<number, { polls: number; exit: () => void; stopped: boolean }>();
  const deps = {
    spawner: {
      start(command: string, args: readonly string[]): BackgroundProcess {
        const pid = nextPid++;
        spawned.push(`${pid}: ${[command, ...args].join(' ')}`);
        let exit!: (r: ExecResult) => void;
        const exited = new Promise<ExecResult>((resolve) => (exit = resolve));
        const done = () => exit({ exitCode: 0, stdout: '', stderr: '', timedOut: false });
        anchors.set(pid, { polls: 0, exit: done, stopped: false });
        return {
          pid,
          exited,
          stop: async () => {
            anchors.get(pid)!.stopped = true;
            done();
            await exited;
          },
        };
      },
    },
    async readFile(path: string): Promise<string> {
      read.push(path);
      if (path === '/proc/net/softnet_stat') return fixtureText('proc-net/softnet_stat.after.txt');
      if (path === '/proc/softirqs') return fixtureText('proc-net/softirqs.after.txt');
      const m = /^\/proc\/(\d+)\/(comm|net\/(.+))$/.exec(path);
      const anchor = m ? anchors.get(Number(m[1])) : undefined;
      if (!m || !anchor) throw new Error(`ENOENT: ${path}`);
      if (m[2] === 'comm') {
        anchor.polls++;
        return !options.neverStarts && anchor.polls > (options.startsAfter ?? 0) ? 'sleep\n' : 'ip\n';
      }
      if (anchor.polls <= (options.startsAfter ?? 0)) early.push(path);
      return NET_FILES[m[3]!]!;
    },
    listDir: async (path: string) =>
      path === '/proc/net/stat'
        ? options.conntrack === false
          ? ['rt_cache']
          : ['nf_conntrack', 'rt_cache']
        : [],
    sleep: async (ms: number) => void (clock += ms),
    now: () => clock,
  } as unknown as LabDeps;
  return { deps, spawned, read, early, anchors };
}

const SCOPES = [
  { scope: 'node-0', namespace: 'cpg-t-node-0' },
  { scope: 'client', namespace: 'cpg-t-pod-1' },
];

describe('lab counter readings', () => {
  it('reads each namespace through one anchor started inside it, once, and the host files', async () => {
    const lab = fakeLab({ startsAfter: 2 });
    const anchors = createNamespaceAnchors(lab.deps);
    const first = await readLabCounters(lab.deps, anchors, SCOPES);
    const second = await readLabCounters(lab.deps, anchors, SCOPES);
    expect(lab.spawned).toEqual([
      '100: ip netns exec cpg-t-node-0 sleep infinity',
      '101: ip netns exec cpg-t-pod-1 sleep infinity',
    ]);
    expect(Object.keys(first.scopes).sort()).toEqual(['client', 'host', 'node-0']);
    expect(first.scopes['node-0']!['Ip.ForwDatagrams']).toBeGreaterThan(0);
    expect(first.scopes['node-0']!['conntrack.found']).toBe(0);
    expect(first.scopes['host']!['softirqs.NET_RX']).toBeGreaterThan(0);
    expect(second).toEqual(first);
    // No counters were read before the anchor ran `sleep` (inside its namespace).
    expect(lab.early).toEqual([]);
    expect(lab.read.filter((p) => /^\/proc\/\d+\/net\//.test(p))).toHaveLength(2 * 2 * 3);
    await anchors.stop();
    expect([...lab.anchors.values()].every((a) => a.stopped)).toBe(true);
    await expect(readLabCounters(lab.deps, anchors, SCOPES)).rejects.toThrow(/released/);
  });

  it('leaves conntrack out where the kernel has none', async () => {
    const lab = fakeLab({ conntrack: false });
    const reading = await readLabCounters(lab.deps, createNamespaceAnchors(lab.deps), SCOPES);
    expect(lab.read.some((p) => p.endsWith('nf_conntrack'))).toBe(false);
    expect(Object.keys(reading.scopes['client']!).some((id) => id.startsWith('conntrack.'))).toBe(false);
  });

  it('an anchor that exited is replaced at the next reading', async () => {
    const lab = fakeLab();
    const anchors = createNamespaceAnchors(lab.deps);
    await readLabCounters(lab.deps, anchors, SCOPES);
    lab.anchors.get(100)!.exit();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(readLabCounters(lab.deps, anchors, SCOPES)).resolves.toBeDefined();
    expect(lab.spawned.at(-1)).toBe('102: ip netns exec cpg-t-node-0 sleep infinity');
  });

  it('gives up on an anchor that never enters its namespace', async () => {
    const lab = fakeLab({ neverStarts: true });
    await expect(readLabCounters(lab.deps, createNamespaceAnchors(lab.deps), SCOPES)).rejects.toThrow(
      /counter reader in cpg-t-(node-0|pod-1) did not start within 3000 ms/,
    );
  });
});
