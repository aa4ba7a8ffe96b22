import type { MetricId } from '../metrics.js';
import type { ScenarioId } from '../scenarios.js';

/** One side of a counter: how many samples, and the counter's median per unit of work. */
export interface CounterSide {
  /** Samples with counters (pairs when compared paired). */
  readonly n: number;
  /** Median of the per-sample counts per unit of work. */
  readonly median: number;
  /** Mean count per sample (what decides whether a counter is ~0). */
  readonly perSample: number;
}

/** One kernel counter per unit of work, base vs head, in one scenario (never gating). */
export interface CounterChange {
  /** Where it was read: `node-0`, `client`, `server` (network namespaces) or `host` (machine-wide). */
  readonly scope: string;
  /** The kernel's name, e.g. `IpExt.InNoECTPkts`, `softnet.time_squeeze`. */
  readonly counter: string;
  /** What one count is. */
  readonly label: string;
  readonly base: CounterSide;
  readonly head: CounterSide;
  /** head/base of the medians per unit of work (paired: of the per-pair ratios); null when base is 0. */
  readonly ratio: number | null;
  readonly ci: readonly [number, number] | null;
  /** One-sided p in the direction the counter moved, before correction. */
  readonly p: number | null;
  /** Holm-adjusted within the diagnostics family of that direction. */
  readonly pAdjusted: number | null;
  readonly paired: boolean;
  /** Significant after Holm and moved by at least the material change: the report names it. */
  readonly moved: boolean;
}

/** "What changed underneath" one headline scenario that regressed, improved or stayed open. */
export interface ScenarioUnderneath {
  readonly scenario: ScenarioId;
  /**
   * Why it is explained: a headline metric regressed; else one improved; else one could not be
   * cleared (`inconclusive`: gate open). Scenarios whose headline metrics were all cleared are not.
   */
  readonly verdict: 'regression' | 'improvement' | 'inconclusive';
  /** The headline metrics with that verdict. */
  readonly metrics: readonly MetricId[];
  /** What the counters are divided by (`GB`, `1k requests`, `1k connections`); null without counters. */
  readonly workUnit: string | null;
  readonly paired: boolean;
  /** Every counter tested, the moved ones first (largest change first). */
  readonly counters: readonly CounterChange[];
  /** Counters left out: under one count per sample on both sides (~0). */
  readonly negligible: number;
  /** Why nothing could be said or nothing moved, when so. */
  readonly note: string | null;
}

/** The diagnostics section of a comparison: per explained scenario, the counters that moved. */
export interface UnderneathReport {
  /** Family-wise level of the Holm correction (the comparison's α). */
  readonly alpha: number;
  /** Smallest change (percent) a counter must show to be named. */
  readonly materialPct: number;
  /** Counters tested per direction (the Holm family's size). */
  readonly familySize: number;
  readonly scenarios: readonly ScenarioUnderneath[];
}
