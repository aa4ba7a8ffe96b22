/**
 * Folded stacks (Brendan Gregg's "collapsed" format as a map): root-first frames joined by `;`,
 * the first frame the command name, kernel frames suffixed `_[k]` → CPU nanoseconds sampled there.
 */
export type FoldedStacks = Readonly<Record<string, number>>;

/**
 * What one kept sample's profile holds (results: `samples[].profile`): kernel CPU per function and
 * the work the sample did; the per-function statistics of a comparison are across these.
 */
export interface SampleProfile {
  /** The sample's work in the scenario's `workUnit` (e.g. GB moved): divides every figure below. */
  readonly work: number;
  /** All CPU nanoseconds sampled during the sample (every CPU, every process). */
  readonly cpuNs: number;
  /** Kernel CPU nanoseconds sampled in total (stacks whose leaf is a kernel frame). */
  readonly kernelTotalNs: number;
  /**
   * Kernel CPU nanoseconds per kernel function, inclusive (the function or anything it called),
   * the `PROFILE_TOP_FUNCTIONS` largest; names without the `_[k]` suffix.
   */
  readonly kernelNs: Readonly<Record<string, number>>;
}

/**
 * A scenario's CPU profile (results: `scenarios[].profile`): system-wide `perf record -e cpu-clock
 * -g` during each kept sample, folded stacks summed. Never gating; it explains a change ("what
 * changed underneath"), drawn as a differential flame graph.
 */
export interface ScenarioProfile {
  /** The recorder's command line, e.g. `perf record -e cpu-clock -a -g -F 999`. */
  readonly recorder: string;
  /** The unit of `work` (`GB` moved, `1k requests`, …). */
  readonly workUnit: string;
  /** Folded stacks summed over the kept samples, pruned to stacks holding ≥ `prunedBelow` of `totalNs`. */
  readonly folded: FoldedStacks;
  /** The pruning share (e.g. 0.0005 = 0.05%). */
  readonly prunedBelow: number;
  /** CPU nanoseconds sampled over the kept samples, before pruning. */
  readonly totalNs: number;
  /** The kept samples' work, summed (normalises the folded stacks per unit of work). */
  readonly work: number;
  /** Kept samples that were profiled. */
  readonly samples: number;
}
