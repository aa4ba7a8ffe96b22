import { UserError } from '../errors.js';

/**
 * Parses the per-CPU table of `/proc/net/stat/nf_conntrack` (a header line starting with
 * `entries`, then one row of hexadecimal columns per CPU) into each column summed over CPUs.
 * `entries` is the same table-wide gauge on every row, so it is taken once, not summed.
 * The table may follow other text (the lab reads it in one `cat` after snmp and netstat);
 * returns null when the text holds no such table (no nf_conntrack in the kernel or the namespace).
 */
export function parseNfConntrackStat(text: string): Readonly<Record<string, number>> | null {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => /^entries\s/.test(line));
  if (at < 0) return null;
  const names = lines[at]!.trim().split(/\s+/);
  const sums: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  const rows = lines.slice(at + 1).filter((line) => line.trim() !== '');
  if (rows.length === 0) throw new UserError('/proc/net/stat/nf_conntrack text has a header but no rows');
  for (const row of rows) {
    const values = row.trim().split(/\s+/);
    if (values.length !== names.length || values.some((v) => !/^[0-9a-f]+$/i.test(v))) {
      throw new UserError(
        `/proc/net/stat/nf_conntrack row is not ${names.length} hex columns: "${row.trim()}"`,
      );
    }
    names.forEach((name, i) => {
      const value = parseInt(values[i]!, 16);
      sums[name] = name === 'entries' ? value : sums[name]! + value;
    });
  }
  return sums;
}
