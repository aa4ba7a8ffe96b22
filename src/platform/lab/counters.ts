import { errorMessage } from '../../core/errors.js';
import { hostCounters, namespaceCounters } from '../../core/diagnostics/reading.js';
import { HOST_SCOPE, type CounterReading, type CounterValues } from '../../core/diagnostics/types.js';
import type { NamespaceAnchors } from './counter-anchors.js';
import type { LabDeps } from './deps.js';

/** A network namespace whose counters a placement reads, and the scope name they go under. */
export interface CounterScope {
  /** `node-0`, `client`, `server`: stable across runs of the same topology. */
  readonly scope: string;
  readonly namespace: string;
}

/** One namespace's counters from `/proc/<anchor>/net/{snmp,netstat,stat/nf_conntrack}`. */
async function readNamespace(
  deps: LabDeps,
  anchors: NamespaceAnchors,
  namespace: string,
  conntrack: boolean,
): Promise<CounterValues> {
  const net = `/proc/${await anchors.pidIn(namespace)}/net`;
  const texts = await Promise.all([
    deps.readFile(`${net}/snmp`),
    deps.readFile(`${net}/netstat`),
    conntrack ? deps.readFile(`${net}/stat/nf_conntrack`) : '',
  ]);
  anchors.assertAlive(namespace);
  try {
    return namespaceCounters(texts.join('\n'));
  } catch (error) {
    throw new Error(`${namespace}: ${errorMessage(error)}`);
  }
}

/**
 * Reads the lab's counters now: each scope's namespace through its anchor process (file reads,
 * no process started per reading) and the machine's softnet and softirq counters. The conntrack
 * statistics are read where the kernel has them (the nf_conntrack module is loaded). Throws when
 * any reading fails.
 */
export async function readLabCounters(
  deps: LabDeps,
  anchors: NamespaceAnchors,
  scopes: readonly CounterScope[],
): Promise<CounterReading> {
  const conntrack = (await deps.listDir('/proc/net/stat')).includes('nf_conntrack');
  const [host, ...namespaces] = await Promise.all([
    Promise.all([deps.readFile('/proc/net/softnet_stat'), deps.readFile('/proc/softirqs')]).then(
      ([softnet, softirqs]) => hostCounters(softnet, softirqs),
    ),
    ...scopes.map((s) => readNamespace(deps, anchors, s.namespace, conntrack)),
  ]);
  const read: Record<string, CounterValues> = { [HOST_SCOPE]: host! };
  scopes.forEach((s, i) => (read[s.scope] = namespaces[i]!));
  return { scopes: read };
}
