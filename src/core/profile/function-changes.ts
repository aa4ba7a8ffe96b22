import { kernelFrames } from './fold.js';
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

/**
 * Share of a function's change that one function it calls must carry for the caller to be left
 * out of the lists in favour of that callee.
 */
export const PASS_THROUGH_SHARE = 0.9;

interface Tally {
  readonly base: Map<string, number>;
  readonly head: Map<string, number>;
  /** Caller → callee → change (head − base, per unit of work) of the stacks where the caller calls it. */
  readonly through: Map<string, Map<string, number>>;
}

function checkedWork(work: number, side: string): number {
  if (!(Number.isFinite(work) && work > 0)) {
    throw new RangeError(`${side} work must be a positive number to normalise by, got ${work}`);
  }
  return work;
}

const add = <K>(map: Map<K, number>, key: K, value: number): void => {
  map.set(key, (map.get(key) ?? 0) + value);
};

/** Adds one side's stacks, divided by its work, to the tally (`sign` +1 for head, −1 for base). */
function tallySide(tally: Tally, folded: FoldedStacks, work: number, sign: 1 | -1): void {
  const inclusive = sign > 0 ? tally.head : tally.base;
  for (const [stack, ns] of Object.entries(folded)) {
    if (!(Number.isFinite(ns) && ns > 0)) continue;
    const perWork = ns / work;
    const functions = [...new Set(kernelFrames(stack))];
    functions.forEach((caller, i) => {
      add(inclusive, caller, perWork);
      let callees = tally.through.get(caller);
      if (!callees) tally.through.set(caller, (callees = new Map()));
      for (const callee of functions.slice(i + 1)) add(callees, callee, sign * perWork);
    });
  }
}

/** True when one callee carries at least PASS_THROUGH_SHARE of the caller's change. */
function passesThrough(change: FunctionChange, callees: ReadonlyMap<string, number> | undefined): boolean {
  for (const delta of callees?.values() ?? []) {
    if (
      Math.sign(delta) === Math.sign(change.delta) &&
      Math.abs(delta) >= PASS_THROUGH_SHARE * Math.abs(change.delta)
    ) {
      return true;
    }
  }
  return false;
}

const byMagnitude = (a: FunctionChange, b: FunctionChange): number =>
  Math.abs(b.delta) - Math.abs(a.delta) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The `n` kernel functions whose inclusive CPU per unit of work (the function or anything it
 * called; each side's folded stacks divided by the work that side did) grew most from base to
 * head, and the `n` that shrank most, ranked by the change in nanoseconds per unit of work. A
 * function whose change is carried (≥ {@link PASS_THROUGH_SHARE}) by one function it calls is left
 * out in favour of that callee: `do_syscall_64` grows whenever the `tcp_sendmsg` below it does, and
 * naming it would explain nothing. Throws a RangeError when a side's work is not a positive number.
 */
export function topFunctionChanges(
  base: FoldedStacks,
  head: FoldedStacks,
  baseWork: number,
  headWork: number,
  n: number,
): FunctionChanges {
  const tally: Tally = { base: new Map(), head: new Map(), through: new Map() };
  tallySide(tally, base, checkedWork(baseWork, 'base'), -1);
  tallySide(tally, head, checkedWork(headWork, 'head'), 1);
  const changes = [...new Set([...tally.base.keys(), ...tally.head.keys()])]
    .map((name): FunctionChange => {
      const b = tally.base.get(name) ?? 0;
      const h = tally.head.get(name) ?? 0;
      return { name, base: b, head: h, delta: h - b, ratio: b > 0 ? h / b : null };
    })
    .filter((change) => change.delta !== 0 && !passesThrough(change, tally.through.get(change.name)));
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
