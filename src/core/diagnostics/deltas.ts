import { counterInfo } from './catalogue.js';
import type { CounterReading, CounterValues, SampleCounters } from './types.js';

const TWO_32 = 2 ** 32;

/**
 * One counter's increase between two readings: modulo 2^32 for the kernel's 32-bit counters
 * (a per-CPU count that wrapped), null for a counter that went backwards (it was reset).
 */
function increase(id: string, before: number, after: number): number | null {
  const delta = after - before;
  if (counterInfo(id)?.wraps32) return ((delta % TWO_32) + TWO_32) % TWO_32;
  return delta >= 0 ? delta : null;
}

/**
 * What each counter of each scope did between two readings: scopes and counters present in both,
 * catalogue counters only, zero and reset counters left out.
 */
export function counterDeltas(
  before: CounterReading,
  after: CounterReading,
): Readonly<Record<string, CounterValues>> {
  const scopes: Record<string, CounterValues> = {};
  for (const [scope, end] of Object.entries(after.scopes)) {
    const start = before.scopes[scope];
    if (!start) continue;
    const deltas: Record<string, number> = {};
    for (const [id, value] of Object.entries(end)) {
      const from = start[id];
      if (from === undefined || counterInfo(id) === undefined) continue;
      const delta = increase(id, from, value);
      if (delta !== null && delta > 0) deltas[id] = delta;
    }
    scopes[scope] = deltas;
  }
  return scopes;
}

/**
 * A sample's counters for the results file: the deltas with the work they were done for, or null
 * when the work is unknown or not positive (nothing to divide by).
 */
export function sampleCountersOf(
  deltas: Readonly<Record<string, CounterValues>>,
  work: { readonly unit: string; readonly amount: number | null },
  readCostMs: number,
): SampleCounters | null {
  if (work.amount === null || !Number.isFinite(work.amount) || work.amount <= 0) return null;
  return {
    workUnit: work.unit,
    work: work.amount,
    readCostMs: Math.round(readCostMs * 10) / 10,
    scopes: deltas,
  };
}
