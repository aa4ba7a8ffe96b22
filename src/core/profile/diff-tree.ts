import type { FoldedStacks } from './types.js';

/**
 * One frame of a differential flame graph: a call path (root first) with its inclusive CPU per
 * unit of work in the head and in the base profile. Frames exist for the paths the head profile has.
 */
export interface DiffFrame {
  /** The frame as folded (`tcp_sendmsg_[k]`, a command name, `all` for the root). */
  readonly name: string;
  /** 0 for the root (`all`), 1 for commands, then one per call level. */
  readonly depth: number;
  /** Head CPU nanoseconds per unit of work spent in this call path, inclusive of its callees. */
  readonly head: number;
  /** Base CPU nanoseconds per unit of work in the same call path (0 when the base never reached it). */
  readonly base: number;
  /** Callees, sorted by name (the flame graph's order). */
  readonly children: readonly DiffFrame[];
}

/** A differential call tree and the base CPU it cannot show. */
export interface DiffTree {
  readonly root: DiffFrame;
  /**
   * Base CPU nanoseconds per unit of work in call paths the head profile does not have (a
   * head-sized flame graph has no frame to draw them on).
   */
  readonly baseOnly: number;
}

interface Node {
  value: number;
  readonly children: Map<string, Node>;
}

const newNode = (): Node => ({ value: 0, children: new Map() });

function checkedWork(work: number, side: string): number {
  if (!(Number.isFinite(work) && work > 0)) {
    throw new RangeError(`${side} work must be a positive number to normalise by, got ${work}`);
  }
  return work;
}

/** Stacks with a usable weight, split into frames. */
function weightedStacks(folded: FoldedStacks): [string[], number][] {
  return Object.entries(folded)
    .filter(([stack, ns]) => stack !== '' && Number.isFinite(ns) && ns > 0)
    .map(([stack, ns]) => [stack.split(';'), ns]);
}

function headTree(head: FoldedStacks, work: number): Node {
  const root = newNode();
  for (const [frames, ns] of weightedStacks(head)) {
    const perWork = ns / work;
    root.value += perWork;
    let node = root;
    for (const frame of frames) {
      let child = node.children.get(frame);
      if (!child) node.children.set(frame, (child = newNode()));
      child.value += perWork;
      node = child;
    }
  }
  return root;
}

/** Base CPU per unit of work on the head tree's paths; what falls off them is `baseOnly`. */
function baseOnHeadPaths(
  root: Node,
  base: FoldedStacks,
  work: number,
): { values: Map<Node, number>; baseOnly: number; total: number } {
  const values = new Map<Node, number>();
  let baseOnly = 0;
  let total = 0;
  for (const [frames, ns] of weightedStacks(base)) {
    const perWork = ns / work;
    total += perWork;
    let node: Node | undefined = root;
    for (const frame of frames) {
      node = node.children.get(frame);
      if (!node) break;
      values.set(node, (values.get(node) ?? 0) + perWork);
    }
    if (!node) baseOnly += perWork;
  }
  return { values, baseOnly, total };
}

function frameOf(name: string, depth: number, node: Node, base: (n: Node) => number): DiffFrame {
  return {
    name,
    depth,
    head: node.value,
    base: base(node),
    children: [...node.children.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((child) => frameOf(child, depth + 1, node.children.get(child)!, base)),
  };
}

/**
 * The differential call tree of two folded profiles, each normalised by the work its side did
 * (so a side that moved more data is not "grown" for it): the head profile's call paths, each with
 * its inclusive head and base CPU per unit of work. The root `all` holds each side's total.
 * Throws a RangeError when a side's work is not a positive number.
 */
export function diffTree(
  base: FoldedStacks,
  head: FoldedStacks,
  baseWork: number,
  headWork: number,
): DiffTree {
  const root = headTree(head, checkedWork(headWork, 'head'));
  const matched = baseOnHeadPaths(root, base, checkedWork(baseWork, 'base'));
  const baseOf = (node: Node): number => (node === root ? matched.total : (matched.values.get(node) ?? 0));
  return { root: frameOf('all', 0, root, baseOf), baseOnly: matched.baseOnly };
}
