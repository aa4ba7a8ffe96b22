import { errorMessage } from '../core/errors.js';
import { hostCounters, namespaceCounters } from '../core/diagnostics/reading.js';
import type { CounterValues } from '../core/diagnostics/types.js';

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
