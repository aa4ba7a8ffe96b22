import { describe, expect, it } from 'vitest';
import {
  attributeCpu,
  foreignTicks,
  ownProcesses,
  type ProcessSnapshot,
} from '../../../src/core/interference/cpu-attribution.js';
import { parseProcPidStat, type ProcessTimes } from '../../../src/core/parsers/proc-pid-stat.js';
import { parseProcStat } from '../../../src/core/parsers/proc-stat.js';

/** A /proc/<pid>/stat line as the kernel prints it (fields 1–22 that matter, the rest zero). */
function statLine(p: {
  pid: number;
  comm: string;
  ppid: number;
  flags?: number;
  utime: number;
  stime: number;
  cutime?: number;
  cstime?: number;
  nice?: number;
  start?: number;
}): string {
  const f = [
    p.pid,
    `(${p.comm})`,
    'S',
    p.ppid,
    p.pid,
    p.pid,
    0,
    -1,
    p.flags ?? 4194304,
    0,
    0,
    0,
    0,
    p.utime,
    p.stime,
    p.cutime ?? 0,
    p.cstime ?? 0,
    20,
    p.nice ?? 0,
    1,
    0,
    p.start ?? 1000,
    3133440,
  ];
  return `${f.join(' ')} 383 18446744073709551615 0 0 0\n`;
}

function snap(...lines: string[]): ProcessSnapshot {
  const map = new Map<number, ProcessTimes>();
  for (const line of lines) {
    const p = parseProcPidStat(line)!;
    map.set(p.pid, p);
  }
  return map;
}

describe('parseProcPidStat', () => {
  it('reads ppid, flags, times, nice and start, with a command name holding spaces and parentheses', () => {
    const p = parseProcPidStat(
      statLine({
        pid: 42,
        comm: 'we (ird) name',
        ppid: 7,
        utime: 150,
        stime: 30,
        cutime: 5,
        cstime: 2,
        nice: 19,
        start: 999,
      }),
    );
    expect(p).toEqual({
      pid: 42,
      ppid: 7,
      kernelThread: false,
      ownTicks: 180,
      childTicks: 7,
      startTicks: 999,
      nice: 19,
    });
  });

  it('tells kernel threads by PF_KTHREAD and rejects text that is not a stat line', () => {
    expect(
      parseProcPidStat(
        statLine({ pid: 9, comm: 'ksoftirqd/0', ppid: 2, flags: 0x04208040, utime: 0, stime: 80 }),
      )!.kernelThread,
    ).toBe(true);
    expect(parseProcPidStat('')).toBeNull();
    expect(parseProcPidStat('12 (x) R 1 2 3')).toBeNull();
  });

  it("parses this process's own /proc/self/stat", async () => {
    const { readFile } = await import('node:fs/promises');
    const self = parseProcPidStat(await readFile('/proc/self/stat', 'utf8'));
    expect(self?.pid).toBe(process.pid);
    expect(self?.ppid).toBe(process.ppid);
  });
});

describe('foreignTicks', () => {
  const runner = 100;
  const before = snap(
    statLine({ pid: 100, comm: 'node', ppid: 1, utime: 50, stime: 10 }),
    statLine({ pid: 101, comm: 'iperf3', ppid: 100, utime: 0, stime: 0 }),
    statLine({ pid: 200, comm: 'sha256sum', ppid: 1, utime: 1000, stime: 0 }),
    statLine({ pid: 300, comm: 'make', ppid: 1, utime: 10, stime: 0 }),
    statLine({ pid: 301, comm: 'cc1', ppid: 300, utime: 400, stime: 0 }),
    statLine({ pid: 400, comm: 'backup', ppid: 1, utime: 0, stime: 0, nice: 19 }),
    statLine({ pid: 9, comm: 'ksoftirqd/0', ppid: 2, flags: 0x04208040, utime: 0, stime: 5 }),
  );
  const after = snap(
    statLine({ pid: 100, comm: 'node', ppid: 1, utime: 60, stime: 12 }),
    statLine({ pid: 101, comm: 'iperf3', ppid: 100, utime: 80, stime: 90 }),
    statLine({ pid: 102, comm: 'nginx', ppid: 101, utime: 40, stime: 0 }),
    statLine({ pid: 200, comm: 'sha256sum', ppid: 1, utime: 1100, stime: 0 }),
    // cc1 (pid 301) ended and was reaped by make: its whole life (420 ticks) lands in cutime.
    statLine({ pid: 300, comm: 'make', ppid: 1, utime: 12, stime: 0, cutime: 420 }),
    statLine({ pid: 500, comm: 'new', ppid: 1, utime: 7, stime: 3 }),
    statLine({ pid: 400, comm: 'backup', ppid: 1, utime: 90, stime: 0, nice: 19 }),
    statLine({ pid: 9, comm: 'ksoftirqd/0', ppid: 2, flags: 0x04208040, utime: 0, stime: 60 }),
  );

  it('counts user processes outside the runner tree whatever their priority, not the run or kernel threads', () => {
    // sha256sum +100, make +2 own +420 child − 400 cc1 had before, new process 10, nice-19 backup 90.
    expect(foreignTicks(before, after, runner)).toBe(100 + 2 + 20 + 10 + 90);
  });

  it('treats descendants of the runner as its own, even ones started in between', () => {
    expect([...ownProcesses(runner, before, after)].sort((a, b) => a - b)).toEqual([100, 101, 102]);
  });

  it('counts a reused pid as a new process, and the old one through its reaper', () => {
    const init = (cutime: number): string =>
      statLine({ pid: 1, comm: 'init', ppid: 0, utime: 0, stime: 0, cutime });
    const then = snap(init(0), statLine({ pid: 200, comm: 'sha', ppid: 1, utime: 1000, stime: 0 }));
    // The old pid 200 used 5 more ticks, ended and was reaped by init; a new pid 200 used 30.
    const now = snap(
      init(1005),
      statLine({ pid: 200, comm: 'other', ppid: 1, utime: 30, stime: 0, start: 5000 }),
    );
    expect(foreignTicks(then, now, runner)).toBe(35);
  });
});

describe('attributeCpu', () => {
  const stat = (user: number, system: number, idle: number, softirq: number, steal: number): string =>
    `cpu  ${user} 0 ${system} ${idle} 0 0 ${softirq} ${steal} 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\n`;

  it("splits busy time into steal, foreign and the run's own cost (busy % and seconds)", () => {
    // 400 ticks in all over 2 CPUs: 100 idle, 20 steal, 280 busy of which 120 foreign, 160 the run's.
    const a = attributeCpu(
      parseProcStat(stat(0, 0, 0, 0, 0)),
      parseProcStat(stat(200, 40, 100, 40, 20)),
      120,
    )!;
    expect(a.stealPercent).toBeCloseTo(5);
    expect(a.foreignPercent).toBeCloseTo(30);
    expect(a.busyPercent).toBeCloseTo(40);
    expect(a.busySeconds).toBeCloseTo(1.6);
    expect(a.softirqPercent).toBeCloseTo(10);
  });

  it('clamps foreign time to what was busy and refuses an empty interval', () => {
    const same = parseProcStat(stat(10, 10, 10, 0, 0));
    expect(attributeCpu(same, same, 5)).toBeNull();
    const a = attributeCpu(parseProcStat(stat(0, 0, 0, 0, 0)), parseProcStat(stat(50, 0, 50, 0, 0)), 500)!;
    expect(a.foreignPercent).toBe(50);
    expect(a.busyPercent).toBe(0);
  });
});
