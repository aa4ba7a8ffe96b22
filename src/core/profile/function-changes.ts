import { kernelInclusiveNs } from './fold.js';
import type { FoldedStacks } from './types.js';

/** How one kernel function's inclusive CPU per unit of work moved from base to head. */
export interface FunctionChange {
  /** Kernel function name, without the `_[k]` suffix. */
  readonly name: string;
  /** Base CPU nanoseconds per unit of work in the function or its callees. */
  readonly base: number;
  /** Head CPU nanoseconds per unit of work in the function or its callees. */
  readonly head: number;
  /** `head − base`, nanoseconds per unit of work. */
  readonly delta: number;
  /** `head / base`; null when the base never sampled the function. */
  readonly ratio: number | null;
}

/** The kernel functions that grew and shrank most, largest change first. */
export interface FunctionChanges {
  readonly grown: readonly FunctionChange[];
  readonly shrunk: readonly FunctionChange[];
}

function perWork(folded: FoldedStacks, work: number, side: string): Map<string, number> {
  if (!(Number.isFinite(work) && work > 0)) {
    throw new RangeError(`${side} work must be a positive number to normalise by, got ${work}`);
  }
  const usable = Object.fromEntries(Object.entries(folded).filter(([, ns]) => Number.isFinite(ns) && ns > 0));
  return new Map([...kernelInclusiveNs(usable)].map(([name, ns]) => [name, ns / work]));
}

const byMagnitude = (a: FunctionChange, b: FunctionChange): number =>
  Math.abs(b.delta) - Math.abs(a.delta) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The `n` kernel functions whose inclusive CPU per unit of work grew most from base to head, and
 * the `n` that shrank most (each side's folded stacks divided by the work that side did), ranked
 * by the change in nanoseconds per unit of work. Throws a RangeError when a side's work is not a
 * positive number.
 */
export function topFunctionChanges(
  base: FoldedStacks,
  head: FoldedStacks,
  baseWork: number,
  headWork: number,
  n: number,
): FunctionChanges {
  const before = perWork(base, baseWork, 'base');
  const after = perWork(head, headWork, 'head');
  const changes: FunctionChange[] = [...new Set([...before.keys(), ...after.keys()])].map((name) => {
    const b = before.get(name) ?? 0;
    const h = after.get(name) ?? 0;
    return { name, base: b, head: h, delta: h - b, ratio: b > 0 ? h / b : null };
  });
  const count = Math.max(0, Math.floor(n));
  return {
    grown: changes
      .filter((c) => c.delta > 0)
      .sort(byMagnitude)
      .slice(0, count),
    shrunk: changes
      .filter((c) => c.delta < 0)
      .sort(byMagnitude)
      .slice(0, count),
  };
}
