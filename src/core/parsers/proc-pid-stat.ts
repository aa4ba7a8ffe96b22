/** CPU facts of one process from `/proc/<pid>/stat` (times in clock ticks). */
export interface ProcessTimes {
  readonly pid: number;
  readonly ppid: number;
  /** True for kernel threads (PF_KTHREAD): softirq and network work the run itself causes. */
  readonly kernelThread: boolean;
  /** utime + stime of the process itself. */
  readonly ownTicks: number;
  /** cutime + cstime: CPU of children it has waited for (short-lived helpers end up here). */
  readonly childTicks: number;
  /** Start time in ticks after boot: tells a reused pid from the same process. */
  readonly startTicks: number;
  /** Nice value (−20…19). */
  readonly nice: number;
}

/** PF_KTHREAD in the `flags` field (include/linux/sched.h). */
const PF_KTHREAD = 0x00200000;

/**
 * Parses the text of `/proc/<pid>/stat`. The command name (field 2) is in parentheses and may
 * itself hold spaces and parentheses, so fields are counted from the last `)`. Returns null when
 * the text is not such a line (the process may have exited mid-read).
 */
export function parseProcPidStat(text: string): ProcessTimes | null {
  const close = text.lastIndexOf(')');
  const open = text.indexOf('(');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // Fields after the name, numbered from 3 (state) as in proc(5).
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const field = (n: number): number => Number(rest[n - 3]);
  const values = [field(4), field(9), field(14), field(15), field(16), field(17), field(22), field(19)];
  if (!Number.isInteger(pid) || values.some((v) => !Number.isFinite(v))) return null;
  const [ppid, flags, utime, stime, cutime, cstime, start, nice] = values as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    pid,
    ppid,
    kernelThread: (flags & PF_KTHREAD) !== 0,
    ownTicks: utime + stime,
    childTicks: cutime + cstime,
    startTicks: start,
    nice,
  };
}
