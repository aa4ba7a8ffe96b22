import type { Exec } from '../../adapters/exec.js';
import type { CounterReading } from '../../core/diagnostics/types.js';
import { netNamespaceCounters, readScopedCounters, type ProcFiles } from '../net-counters.js';

/** A node whose counters a placement reads, and the scope name they go under (`node-0`, …). */
export interface NodeScope {
  readonly scope: string;
  readonly node: string;
}

/** Reads the kernel counters of a kind cluster's nodes. */
export interface NodeCounterSource {
  read(scopes: readonly NodeScope[]): Promise<CounterReading>;
}

/**
 * Why an existing cluster has no kernel counters: its nodes are not containers of this machine, so
 * their network namespaces are out of reach (kind clusters this tool creates are).
 */
export const EXISTING_CLUSTER_NO_COUNTERS =
  "an existing cluster's nodes are not containers on this machine, so their network namespaces' kernel counters cannot be read (kind clusters this tool creates are read)";

/**
 * Kernel counters of kind nodes: kind nodes are containers sharing this machine's kernel, so each
 * node's network namespace is `/proc/<pid>/net` of its container's init process
 * (`docker inspect -f {{.State.Pid}} <node>`, looked up once per node), plus the machine's softnet
 * and softirq counters. File reads only; throws when a lookup or read fails.
 */
export function kindNodeCounters(deps: {
  readonly exec: Exec;
  readonly files: ProcFiles;
}): NodeCounterSource {
  const pids = new Map<string, Promise<number>>();
  const pidOf = (node: string): Promise<number> => {
    const known = pids.get(node);
    if (known) return known;
    const lookup = deps.exec
      .run('docker', ['inspect', '-f', '{{.State.Pid}}', node], { timeoutMs: 15_000 })
      .then((r) => {
        const pid = Number.parseInt(r.stdout.trim(), 10);
        if (r.exitCode !== 0 || !(pid > 0)) {
          const why = r.stderr.trim().split('\n')[0] || `pid "${r.stdout.trim()}"`;
          throw new Error(`docker inspect ${node} gave no running container (${why})`);
        }
        return pid;
      });
    lookup.catch(() => pids.delete(node));
    pids.set(node, lookup);
    return lookup;
  };
  return {
    read: (scopes) =>
      readScopedCounters(deps.files, scopes, async (s, conntrack) =>
        netNamespaceCounters(deps.files, await pidOf(s.node), conntrack, `kind node ${s.node}`),
      ),
  };
}
