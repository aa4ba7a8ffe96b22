import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import {
  cpuSecondsPerGbit,
  cpuUsageBetween,
  parseProcStat,
  type CpuTimes,
} from '../../../src/core/parsers/proc-stat.js';
import { fixtureText } from './fixture.js';

const before = fixtureText('proc-stat/before.txt');
const after = fixtureText('proc-stat/after.txt');

/** The test's own reading: the numeric columns of every line whose first token starts with "cpu". */
function cpuRows(text: string): { name: string; ticks: number[] }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('cpu'))
    .map((line) => {
      const [name = '', ...rest] = line.trim().split(/\s+/);
      return { name, ticks: rest.map(Number) };
    });
}

const NAMES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

describe('parseProcStat on real /proc/stat', () => {
  it.each([
    ['before.txt', before],
    ['after.txt', after],
  ])('%s: the aggregate line and the CPU count', (_name, text) => {
    const times = parseProcStat(text);
    const [aggregate, ...perCpu] = cpuRows(text);
    expect(aggregate?.name).toBe('cpu');
    NAMES.forEach((name, i) => expect(times[name]).toBe(aggregate?.ticks[i]));
    expect(times.cpuCount).toBe(perCpu.length);
    expect(perCpu.map((row) => row.name)).toEqual(perCpu.map((_row, i) => `cpu${i}`));
    // The kernel's aggregate is the per-CPU sum (each CPU's ticks rounded separately).
    NAMES.forEach((name, i) => {
      const sum = perCpu.reduce((total, row) => total + (row.ticks[i] ?? 0), 0);
      expect(Math.abs(times[name] - sum)).toBeLessThanOrEqual(times.cpuCount);
    });
  });
});

describe('cpuUsageBetween on the real before/after pair', () => {
  const usage = cpuUsageBetween(parseProcStat(before), parseProcStat(after), 100);
  const [b, a] = [cpuRows(before)[0]?.ticks ?? [], cpuRows(after)[0]?.ticks ?? []];
  const delta = (i: number): number => (a[i] ?? 0) - (b[i] ?? 0);
  const total = [0, 1, 2, 3, 4, 5, 6, 7].reduce((sum, i) => sum + delta(i), 0);
  const busy = total - delta(3) - delta(4);

  it('matches the tick deltas', () => {
    expect(usage.busySeconds).toBeCloseTo(busy / 100, 12);
    expect(usage.busyPercent).toBeCloseTo((busy / total) * 100, 12);
    expect(usage.softirqPercent).toBeCloseTo((delta(6) / total) * 100, 12);
  });

  it('saw the 0.5 s busy loop of gen-fixtures.sh', () => {
    expect(usage.busySeconds).toBeGreaterThanOrEqual(0.4);
    expect(usage.busyPercent).toBeGreaterThan(0);
    expect(usage.busyPercent).toBeLessThanOrEqual(100);
  });

  it('scales busy seconds by the clock tick rate', () => {
    const at250 = cpuUsageBetween(parseProcStat(before), parseProcStat(after), 250);
    expect(at250.busySeconds).toBeCloseTo(busy / 250, 12);
    expect(at250.busyPercent).toBe(usage.busyPercent);
  });
});

describe('cpuUsageBetween and parseProcStat errors', () => {
  it('counters going backwards (swapped readings)', () => {
    expect(() => cpuUsageBetween(parseProcStat(after), parseProcStat(before))).toThrow(/went backwards/);
  });

  it('no time between readings', () => {
    const same = parseProcStat(before);
    expect(() => cpuUsageBetween(same, same)).toThrow(UserError);
    expect(() => cpuUsageBetween(same, same)).toThrow(/no CPU time passed/);
  });

  it('a bad tick rate', () => {
    expect(() => cpuUsageBetween(parseProcStat(before), parseProcStat(after), 0)).toThrow(/positive/);
  });

  it('text without cpu lines, or with broken ones', () => {
    expect(() => parseProcStat('')).toThrow(/no aggregate "cpu" line/);
    expect(() => parseProcStat('cpu  1 2 x 4\ncpu0 1 2 3 4')).toThrow(/tick counts/);
    expect(() => parseProcStat('cpu  1 2 3\ncpu0 1 2 3')).toThrow(/tick counts/);
    expect(() => parseProcStat('cpu  1 2 3 4\nintr 5')).toThrow(/cpuN/);
  });

  it('an old kernel with only four columns (inline: the fixture has ten)', () => {
    const times: CpuTimes = parseProcStat('cpu  10 20 30 40\ncpu0 10 20 30 40\n');
    expect(times).toMatchObject({
      user: 10,
      nice: 20,
      system: 30,
      idle: 40,
      iowait: 0,
      steal: 0,
      cpuCount: 1,
    });
  });

  it('iowait is idle time, softirq is busy time (inline: the fixture pair has no iowait change)', () => {
    const t0 = parseProcStat('cpu  0 0 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0');
    const t1 = parseProcStat('cpu  100 0 0 50 40 0 10 0\ncpu0 50 0 0 25 20 0 5 0\ncpu1 50 0 0 25 20 0 5 0');
    expect(t1.cpuCount).toBe(2);
    expect(cpuUsageBetween(t0, t1)).toEqual({ busyPercent: 55, softirqPercent: 5, busySeconds: 1.1 });
  });

  it('guest time is inside user/nice and not counted twice (inline)', () => {
    const t0 = parseProcStat('cpu  0 0 0 0 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0');
    const t1 = parseProcStat('cpu  50 0 0 50 0 0 0 0 50 0\ncpu0 50 0 0 50 0 0 0 0 50 0');
    expect(cpuUsageBetween(t0, t1)).toEqual({ busyPercent: 50, softirqPercent: 0, busySeconds: 0.5 });
  });
});

describe('cpuSecondsPerGbit', () => {
  it('divides busy seconds by Gbit moved', () => {
    expect(cpuSecondsPerGbit(1, 1e9)).toBe(1);
    expect(cpuSecondsPerGbit(0.5, 2e10)).toBeCloseTo(0.025, 15);
    expect(cpuSecondsPerGbit(0, 1e9)).toBe(0);
  });

  it('is null when nothing moved or an input is not a number', () => {
    expect(cpuSecondsPerGbit(1, 0)).toBeNull();
    expect(cpuSecondsPerGbit(1, -5)).toBeNull();
    expect(cpuSecondsPerGbit(Number.NaN, 1e9)).toBeNull();
    expect(cpuSecondsPerGbit(-1, 1e9)).toBeNull();
    expect(cpuSecondsPerGbit(1, Number.POSITIVE_INFINITY)).toBeNull();
  });
});
