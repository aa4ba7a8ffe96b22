import { UserError } from '../errors.js';

/** `/proc/net/softnet_stat` summed over CPUs: the machine's packet backlog processing. */
export interface SoftnetTotals {
  /** Packets taken from the per-CPU backlog by NET_RX. */
  readonly processed: number;
  /** Packets dropped because a CPU's backlog was full (netdev_max_backlog). */
  readonly dropped: number;
  /** NET_RX runs that stopped with work left (budget or time used up). */
  readonly time_squeeze: number;
  /** Packets steered to this CPU by RPS (inter-processor interrupts). */
  readonly received_rps: number;
  /** Packets dropped by the flow limit. */
  readonly flow_limit_count: number;
  readonly cpus: number;
}

/** Column index of each counter in a row (kernel 6.x prints 15 hexadecimal columns; older ones 11+). */
const COLUMNS = { processed: 0, dropped: 1, time_squeeze: 2, received_rps: 9, flow_limit_count: 10 } as const;

/**
 * Parses `/proc/net/softnet_stat` (one row of hexadecimal columns per online CPU) into totals over
 * CPUs. Machine-wide: it is not per network namespace. Throws a UserError on a malformed row.
 */
export function parseSoftnetStat(text: string): SoftnetTotals {
  const rows = text.split('\n').filter((line) => line.trim() !== '');
  if (rows.length === 0) throw new UserError('/proc/net/softnet_stat text is empty');
  const totals = { processed: 0, dropped: 0, time_squeeze: 0, received_rps: 0, flow_limit_count: 0 };
  for (const row of rows) {
    const values = row.trim().split(/\s+/);
    if (values.length < 11 || values.some((v) => !/^[0-9a-f]+$/i.test(v))) {
      throw new UserError(`/proc/net/softnet_stat row is not 11 or more hex columns: "${row.trim()}"`);
    }
    for (const [name, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, number][]) {
      totals[name] += parseInt(values[column]!, 16);
    }
  }
  return { ...totals, cpus: rows.length };
}
