import { errorMessage } from '../core/errors.js';
import { hostCounters, namespaceCounters } from '../core/diagnostics/reading.js';
import { HOST_SCOPE, type CounterReading, type CounterValues } from '../core/diagnostics/types.js';

/** The file reads kernel counters need (the lab's and the Kubernetes platform's deps provide them). */
export interface ProcFiles {
  readFile(path: string): Promise<string>;
  listDir(path: string): Promise<string[]>;
}

/** True when this kernel keeps conntrack statistics (the nf_conntrack module is loaded). */
export async function hasConntrackStats(files: ProcFiles): Promise<boolean> {
  return (await files.listDir('/proc/net/stat').catch(() => [] as string[])).includes('nf_conntrack');
}

/**
 * The counters of the network namespace process `pid` is in, from
 * `/proc/<pid>/net/{snmp,netstat,stat/nf_conntrack}`: file reads, no process started. `label`
 * names the namespace in errors.
 */
export async function netNamespaceCounters(
  files: ProcFiles,
  pid: number,
  conntrack: boolean,
  label: string,
): Promise<CounterValues> {
  const net = `/proc/${pid}/net`;
  const texts = await Promise.all([
    files.readFile(`${net}/snmp`),
    files.readFile(`${net}/netstat`),
    conntrack ? files.readFile(`${net}/stat/nf_conntrack`) : '',
  ]);
  try {
    return namespaceCounters(texts.join('\n'));
  } catch (error) {
    throw new Error(`${label}: ${errorMessage(error)}`);
  }
}

/** The machine's softnet and softirq counters (every namespace's packets, and anything else). */
export async function machineNetCounters(files: ProcFiles): Promise<CounterValues> {
  const [softnet, softirqs] = await Promise.all([
    files.readFile('/proc/net/softnet_stat'),
    files.readFile('/proc/softirqs'),
  ]);
  return hostCounters(softnet, softirqs);
}

/**
 * One reading of the machine's counters (`host`) and of each scope's network namespace, read
 * concurrently; `readScope` gets whether the kernel keeps conntrack statistics. The lab and the
 * Kubernetes platform differ only in how a scope's namespace is reached.
 */
export async function readScopedCounters<S extends { readonly scope: string }>(
  files: ProcFiles,
  scopes: readonly S[],
  readScope: (scope: S, conntrack: boolean) => Promise<CounterValues>,
): Promise<CounterReading> {
  const conntrack = await hasConntrackStats(files);
  const [host, ...values] = await Promise.all([
    machineNetCounters(files),
    ...scopes.map((s) => readScope(s, conntrack)),
  ]);
  const read: Record<string, CounterValues> = { [HOST_SCOPE]: host! };
  scopes.forEach((s, i) => (read[s.scope] = values[i]!));
  return { scopes: read };
}
