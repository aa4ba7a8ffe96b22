import { UserError } from '../errors.js';

/** Counters keyed `<Prefix>.<Name>`, e.g. `Ip.InReceives`, `TcpExt.TCPTimeouts`. */
export type SnmpCounters = Readonly<Record<string, number>>;

const ROW = /^([A-Za-z][A-Za-z0-9]*):\s/;

/**
 * Parses `/proc/net/snmp` or `/proc/net/netstat` (one format: per protocol a header line
 * `Tcp: RtoAlgorithm RtoMin …` followed by a value line `Tcp: 1 200 …`) into counters keyed
 * `<Prefix>.<Name>`. Lines that do not start with `<Prefix>:` are skipped, so the text may be
 * several files read in one `cat` (the lab reads snmp, netstat and nf_conntrack together).
 * Throws a UserError when a header has no value line of the same length or no row is found.
 */
export function parseProcNetSnmp(text: string): SnmpCounters {
  const rows = text.split('\n').filter((line) => ROW.test(line));
  if (rows.length === 0) throw new UserError('/proc/net/snmp text has no "<Protocol>:" rows');
  const counters: Record<string, number> = {};
  for (let i = 0; i < rows.length; i += 2) {
    const [prefix = '', ...names] = rows[i]!.trim().split(/\s+/);
    const values = rows[i + 1]?.trim().split(/\s+/) ?? [];
    if (values[0] !== prefix || values.length !== names.length + 1) {
      throw new UserError(`/proc/net/snmp text: header "${prefix}" has no matching value line`);
    }
    names.forEach((name, j) => {
      const value = values[j + 1]!;
      if (!/^-?\d+$/.test(value)) {
        throw new UserError(
          `/proc/net/snmp text: ${prefix.slice(0, -1)}.${name} is "${value}", not a number`,
        );
      }
      counters[`${prefix.slice(0, -1)}.${name}`] = Number(value);
    });
  }
  return counters;
}
