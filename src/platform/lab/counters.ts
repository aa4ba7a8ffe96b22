import type { CounterReading, CounterValues } from '../../core/diagnostics/types.js';
import type { NamespaceAnchors } from './counter-anchors.js';
import type { LabDeps } from './deps.js';
import { netNamespaceCounters, readScopedCounters } from '../net-counters.js';

/** A network namespace whose counters a placement reads, and the scope name they go under. */
export interface CounterScope {
  /** `node-0`, `client`, `server`: stable across runs of the same topology. */
  readonly scope: string;
  readonly namespace: string;
}

/** One namespace's counters through its anchor process (which must still be alive after the reads). */
async function readNamespace(
  deps: LabDeps,
  anchors: NamespaceAnchors,
  namespace: string,
  conntrack: boolean,
): Promise<CounterValues> {
  const values = await netNamespaceCounters(deps, await anchors.pidIn(namespace), conntrack, namespace);
  anchors.assertAlive(namespace);
  return values;
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
  return readScopedCounters(deps, scopes, (s, conntrack) =>
    readNamespace(deps, anchors, s.namespace, conntrack),
  );
}
