import { UserError } from '../errors.js';

/** CPU time spent while the tool ran (whole machine / node, all CPUs). */
export interface CpuUsage {
  /** Busy (non-idle, non-iowait) share of all CPUs, percent. */
  readonly busyPercent: number;
  /** softirq share of all CPUs, percent. */
  readonly softirqPercent: number;
  /** Busy CPU seconds summed over CPUs. */
  readonly busySeconds: number;
  /**
   * CPU used by processes outside the run, percent of all CPUs (present when the platform can tell
   * them apart; then busy* is the run's own cost: machine busy minus steal minus this).
   */
  readonly foreignPercent?: number;
  /** Hypervisor steal, percent of all CPUs. */
  readonly stealPercent?: number;
}

/**
 * The aggregate `cpu` line of /proc/stat, in clock ticks summed over all CPUs, plus the number
 * of CPUs (`cpuN` lines). Columns an old kernel does not print are 0.
 */
export interface CpuTimes {
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly idle: number;
  readonly iowait: number;
  readonly irq: number;
  readonly softirq: number;
  readonly steal: number;
  /** Already included in `user` by the kernel; kept for completeness, not added to totals. */
  readonly guest: number;
  /** Already included in `nice` by the kernel; kept for completeness, not added to totals. */
  readonly guestNice: number;
  readonly cpuCount: number;
}

const COLUMNS = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softirq',
  'steal',
  'guest',
  'guestNice',
] as const;

/** Parses the text of /proc/stat. Throws UserError when it has no usable `cpu` line. */
export function parseProcStat(text: string): CpuTimes {
  const lines = text.split('\n');
  const aggregate = lines.find((line) => /^cpu\s/.test(line));
  if (!aggregate) throw new UserError('/proc/stat text has no aggregate "cpu" line');
  const fields = aggregate.trim().split(/\s+/).slice(1);
  if (fields.length < 4 || fields.some((field) => !/^\d+$/.test(field))) {
    throw new UserError(`/proc/stat "cpu" line is not 4 or more tick counts: "${aggregate.trim()}"`);
  }
  const cpuCount = lines.filter((line) => /^cpu\d+\s/.test(line)).length;
  if (cpuCount === 0) throw new UserError('/proc/stat text has no per-CPU "cpuN" lines');
  const value = (index: number): number => Number(fields[index] ?? 0);
  const times = Object.fromEntries(COLUMNS.map((name, index) => [name, value(index)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  return { ...times, cpuCount };
}

/** All ticks of a reading (guest time is already inside user/nice, so it is not added again). */
function totalTicks(t: CpuTimes): number {
  return t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;
}

/** Ticks spent doing work: everything but idle and iowait. */
function busyTicks(t: CpuTimes): number {
  return totalTicks(t) - t.idle - t.iowait;
}

/**
 * CPU use between two /proc/stat readings of the same machine: busy (non-idle, non-iowait)
 * and softirq shares of all CPUs in percent, and busy CPU-seconds summed over CPUs.
 * `clockTicksPerSecond` is USER_HZ (`getconf CLK_TCK`, 100 on Linux).
 * Throws UserError when the counters went backwards or no time passed between the readings.
 */
export function cpuUsageBetween(before: CpuTimes, after: CpuTimes, clockTicksPerSecond = 100): CpuUsage {
  if (!(clockTicksPerSecond > 0)) {
    throw new UserError(`clock ticks per second must be positive, got ${clockTicksPerSecond}`);
  }
  const total = totalTicks(after) - totalTicks(before);
  const busy = busyTicks(after) - busyTicks(before);
  const softirq = after.softirq - before.softirq;
  if (total < 0 || busy < 0 || softirq < 0) {
    throw new UserError(
      '/proc/stat counters went backwards between the two readings (not the same machine, or it rebooted)',
    );
  }
  if (total === 0) {
    throw new UserError('no CPU time passed between the two /proc/stat readings (interval too short)');
  }
  return {
    busyPercent: (busy * 100) / total,
    softirqPercent: (softirq * 100) / total,
    busySeconds: busy / clockTicksPerSecond,
  };
}

/**
 * CPU busy seconds per Gbit moved (the `cpu_seconds_per_gbit` metric); null when nothing
 * was moved or an input is not a finite non-negative number.
 */
export function cpuSecondsPerGbit(busySeconds: number, bitsMoved: number): number | null {
  if (!Number.isFinite(busySeconds) || busySeconds < 0) return null;
  if (!Number.isFinite(bitsMoved) || bitsMoved <= 0) return null;
  return busySeconds / (bitsMoved / 1e9);
}
