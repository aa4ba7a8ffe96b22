/** Counter values by catalogue id (`Ip.InReceives`, `softnet.processed`; see catalogue.ts). */
export type CounterValues = Readonly<Record<string, number>>;

/** The scope of machine-wide counters (`/proc/net/softnet_stat`, `/proc/softirqs`). */
export const HOST_SCOPE = 'host';

/**
 * Cumulative counters read at one instant, by scope: one per network namespace a placement's
 * traffic crosses (`node-0`, `node-1`, the `client` and `server` pods) and {@link HOST_SCOPE}.
 */
export interface CounterReading {
  readonly scopes: Readonly<Record<string, CounterValues>>;
}

/**
 * What the counters did during one sample (results: `samples[].diagnostics.counters`): deltas per
 * scope (zeros left out) and the sample's work, which `compare` divides them by.
 */
export interface SampleCounters {
  /** What the work is measured in: `GB` moved, `1k requests`, `1k connections`. */
  readonly workUnit: string;
  /** The sample's work in `workUnit` (> 0). */
  readonly work: number;
  /** Wall time of the two readings around the sample, in milliseconds (their cost). */
  readonly readCostMs: number;
  /** Scope → counter id → increase during the sample; a counter that did not move is absent. */
  readonly scopes: Readonly<Record<string, CounterValues>>;
}

/**
 * Diagnostics of one sample (results: `samples[].diagnostics`): never gating, they explain a
 * change ("what changed underneath"). Additive to results version 1; more kinds (such as a CPU
 * profile) may join `counters` here.
 */
export interface SampleDiagnostics {
  readonly counters?: SampleCounters;
}
