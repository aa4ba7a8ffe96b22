import { parseNfConntrackStat } from '../parsers/proc-net-conntrack.js';
import { parseSoftnetStat } from '../parsers/proc-net-softnet.js';
import { parseProcNetSnmp } from '../parsers/proc-net-snmp.js';
import { parseSoftirqs } from '../parsers/proc-softirqs.js';
import { HOST_COUNTERS, NAMESPACE_COUNTERS, type CounterInfo } from './catalogue.js';
import type { CounterValues } from './types.js';

/** The catalogue's counters out of everything parsed (ids the kernel does not print are absent). */
function pick(catalogue: readonly CounterInfo[], parsed: Readonly<Record<string, number>>): CounterValues {
  const values: Record<string, number> = {};
  for (const { id } of catalogue) {
    const value = parsed[id];
    if (value !== undefined) values[id] = value;
  }
  return values;
}

/**
 * A namespace's counters from the text of `cat /proc/net/snmp /proc/net/netstat
 * /proc/net/stat/nf_conntrack` run inside it (the conntrack table may be missing: no conntrack
 * there). Throws a UserError when the text is not that.
 */
export function namespaceCounters(text: string): CounterValues {
  const snmp = parseProcNetSnmp(text);
  const conntrack = parseNfConntrackStat(text) ?? {};
  const prefixed = Object.fromEntries(Object.entries(conntrack).map(([k, v]) => [`conntrack.${k}`, v]));
  return pick(NAMESPACE_COUNTERS, { ...snmp, ...prefixed });
}

/** The machine's counters from the text of `/proc/net/softnet_stat` and `/proc/softirqs`. */
export function hostCounters(softnetStat: string, softirqs: string): CounterValues {
  const softnet = parseSoftnetStat(softnetStat);
  const irqs = parseSoftirqs(softirqs);
  const parsed: Record<string, number> = {};
  for (const [name, value] of Object.entries(softnet)) if (name !== 'cpus') parsed[`softnet.${name}`] = value;
  for (const [name, value] of Object.entries(irqs)) parsed[`softirqs.${name}`] = value;
  return pick(HOST_COUNTERS, parsed);
}
