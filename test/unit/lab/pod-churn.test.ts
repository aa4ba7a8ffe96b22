import { describe, expect, it } from 'vitest';
import type { BackgroundProcess, ExecOptions, ExecResult } from '../../../src/adapters/exec.js';
import { parseConflist } from '../../../src/core/cni/conflist.js';
import { podChurnMetrics } from '../../../src/core/pod-churn.js';
import type { LabDeps } from '../../../src/platform/lab/deps.js';
import { churnPods, parseProbeOutput, type PodChurnContext } from '../../../src/platform/lab/pod-churn.js';

const CONFLIST = parseConflist(
  JSON.stringify({ cniVersion: '0.4.0', name: 'fake', plugins: [{ type: 'bridge' }, { type: 'portmap' }] }),
  'test',
);

/**
 * A fake lab: `ip netns add/del` tracked, plugin ADD answers with an address after `addMs` of the
 * fake clock, the connect probe "connects" `connectAfterAddMs` after its pod's ADD finished (or
 * fails for the pod numbers in `probeFails`).
 */
function fakeLab(options: { probeFails?: number[]; addFails?: number[] } = {}) {
  let clock = 1_000_000;
  const namespaces = new Set<string>();
  const calls: string[] = [];
  const addDone = new Map<string, number>();
  const files = new Set<string>();
  const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '', timedOut: false });
  const deps = {
    exec: {
      async run(command: string, args: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
        if (command === 'ip' && args[0] === 'netns' && args[1] === 'add') namespaces.add(args[2]!);
        if (command === 'ip' && args[0] === 'netns' && args[1] === 'del') namespaces.delete(args[2]!);
        if (command === 'ip' && args[0] === 'netns' && args[1] === 'pids') return ok('');
        const cni = opts?.env?.['CNI_COMMAND'];
        if (cni) {
          const pod = opts!.env!['CNI_CONTAINERID']!;
          calls.push(`${cni} ${pod} ${args.at(-1)}`);
          if (cni === 'ADD') {
            clock += 7;
            if (options.addFails?.includes(Number(pod.split('-p')[1])))
              return { exitCode: 1, stdout: '{"code":11,"msg":"no"}', stderr: '', timedOut: false };
            addDone.set(pod, clock);
            return ok(
              JSON.stringify({ cniVersion: '0.4.0', ips: [{ address: '198.18.0.5/24', version: '4' }] }),
            );
          }
          if (cni === 'DEL') clock += 3;
        }
        return ok();
      },
    },
    spawner: {
      start(_command: string, args: readonly string[]): BackgroundProcess {
        const pod = args[2]!;
        files.add(`${pod}.ready`);
        const exited = (async (): Promise<ExecResult> => {
          while (!addDone.has(pod) && namespaces.has(pod)) await new Promise((r) => setTimeout(r, 1));
          const n = Number(pod.split('-p')[1]);
          if (options.probeFails?.includes(n))
            return {
              exitCode: 3,
              stdout: '{"attempts":9,"error":"connect ENETUNREACH"}\n',
              stderr: '',
              timedOut: false,
            };
          return ok(`${JSON.stringify({ connectedAt: addDone.get(pod)! + 2.5, attempts: 4 })}\n`);
        })();
        return { pid: 1, exited, stop: async () => void namespaces.delete(`stopped:${pod}`) };
      },
    },
    listDir: async () => [...files],
    mkdir: async () => undefined,
    remove: async (path: string) => void files.delete(path.slice(path.lastIndexOf('/') + 1)),
    sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    now: () => clock,
  } as unknown as LabDeps;
  let next = 0;
  const ctx: PodChurnContext = {
    deps,
    cni: {
      nodeNamespace: 'cpg-t-n0',
      conflist: CONFLIST,
      plugins: new Map([
        ['bridge', '/b'],
        ['portmap', '/p'],
      ]),
      cniPath: '/x',
    },
    node: 0,
    podNamespace: () => `cpg-t-p${next++}`,
    dir: '/run/x/churn',
    wrap: (line) => line,
    nodeBinary: 'node',
  };
  return { ctx, namespaces, calls };
}

const target = { address: '198.18.1.2', port: 8080 };

describe('lab pod churn', () => {
  it('times ADD, DEL and ADD start → first connect for every pod, then removes each pod', async () => {
    const { ctx, namespaces, calls } = fakeLab();
    const out = await churnPods(ctx, { pods: 5, parallel: 1, target, connectTimeoutMs: 1000 });
    expect(out.pods).toHaveLength(5);
    for (const pod of out.pods) {
      expect(pod.addMs).toBe(14); // two plugins × 7 ms of the fake clock
      expect(pod.delMs).toBe(6);
      expect(pod.setupMs).toBe(16.5); // ADD chain + 2.5 ms to the connect
    }
    expect([...namespaces]).toEqual([]);
    // DEL in reverse plugin order, once per pod.
    expect(calls.filter((c) => c.startsWith('DEL'))).toHaveLength(10);
    expect(calls.filter((c) => c.startsWith('DEL cpg-t-p0'))).toEqual(['DEL cpg-t-p0 /p', 'DEL cpg-t-p0 /b']);
  });

  it('deletes every pod (CNI DEL + namespace) when a pod never connects, and names the failure', async () => {
    const { ctx, namespaces, calls } = fakeLab({ probeFails: [1] });
    await expect(churnPods(ctx, { pods: 4, parallel: 2, target, connectTimeoutMs: 1000 })).rejects.toThrow(
      /pod-churn connect probe failed: pod 198\.18\.0\.5 → 198\.18\.1\.2:8080: no connect after 9 attempts/,
    );
    expect([...namespaces]).toEqual([]);
    const added = new Set(calls.filter((c) => c.startsWith('ADD')).map((c) => c.split(' ')[1]));
    const deleted = new Set(calls.filter((c) => c.startsWith('DEL')).map((c) => c.split(' ')[1]));
    expect(deleted).toEqual(added);
  });

  it('removes the namespace of a pod whose ADD failed', async () => {
    const { ctx, namespaces } = fakeLab({ addFails: [0] });
    await expect(churnPods(ctx, { pods: 1, parallel: 1, target, connectTimeoutMs: 1000 })).rejects.toThrow(
      /bridge/,
    );
    expect([...namespaces]).toEqual([]);
  });

  it('reads the probe output', () => {
    expect(parseProbeOutput('{"connectedAt":12.5,"attempts":3}\n')).toEqual({ connectedAt: 12.5 });
    expect(parseProbeOutput('{"attempts":2,"error":"x"}')).toEqual({
      error: 'no connect after 2 attempts (x)',
    });
    expect(parseProbeOutput('')).toEqual({ error: 'unreadable probe output: (none)' });
  });
});

describe('podChurnMetrics', () => {
  it('gives p50 and p95 of setup, and the ADD/DEL medians only when every pod has them', () => {
    const pods = [10, 20, 30, 40, 100].map((setupMs, i) => ({ setupMs, addMs: i + 1, delMs: 2 * (i + 1) }));
    expect(podChurnMetrics(pods)).toEqual({
      pod_setup_p50_ms: 30,
      pod_setup_p95_ms: 88,
      cni_add_p50_ms: 3,
      cni_del_p50_ms: 6,
    });
    expect(podChurnMetrics([{ setupMs: 5 }, { setupMs: 7, addMs: 1 }])).toEqual({
      pod_setup_p50_ms: 6,
      pod_setup_p95_ms: 6.9,
    });
    expect(podChurnMetrics([])).toEqual({});
  });
});
