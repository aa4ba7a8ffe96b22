import { UserError } from '../errors.js';

/**
 * Parses `/proc/softirqs` (a `CPU0 CPU1 …` header, then one row per softirq type, e.g.
 * `NET_RX: 173411528 175067606`) into each type's count summed over CPUs. Machine-wide.
 * Throws a UserError when the header or a row is malformed.
 */
export function parseSoftirqs(text: string): Readonly<Record<string, number>> {
  const [header = '', ...rows] = text.split('\n').filter((line) => line.trim() !== '');
  const cpus = header.trim().split(/\s+/);
  if (cpus.length === 0 || cpus.some((cpu) => !/^CPU\d+$/.test(cpu))) {
    throw new UserError(`/proc/softirqs text does not start with a "CPU0 …" header: "${header.trim()}"`);
  }
  const totals: Record<string, number> = {};
  for (const row of rows) {
    const [label = '', ...values] = row.trim().split(/\s+/);
    if (!label.endsWith(':') || values.length !== cpus.length || values.some((v) => !/^\d+$/.test(v))) {
      throw new UserError(`/proc/softirqs row is not "<TYPE>: " and ${cpus.length} counts: "${row.trim()}"`);
    }
    totals[label.slice(0, -1)] = values.reduce((sum, v) => sum + Number(v), 0);
  }
  return totals;
}
