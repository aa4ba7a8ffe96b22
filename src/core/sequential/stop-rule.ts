import type { ComparisonReport } from '../compare/types.js';
import { METRICS } from '../metrics.js';
import type { StopReason } from '../results/types.js';

/** What the stop rule sees after a look. */
export interface LookState {
  /** The comparison of the samples so far, judged at the plan's per-look α. */
  readonly report: ComparisonReport;
  /** Samples (pairs) per side so far. */
  readonly n: number;
  /** The planned look sizes. */
  readonly looks: readonly number[];
  /** Seconds spent so far on this unit of sampling, and seconds it may still spend (Infinity: no budget). */
  readonly elapsedS: number;
  readonly budgetS: number;
}

/** The stop rule's decision. */
export type LookDecision =
  | { readonly stop: true; readonly reason: StopReason; readonly detail: string }
  | { readonly stop: false; readonly next: number; readonly detail: string };

/**
 * Decides after a look whether to keep sampling:
 * - any metric is a `regression` → stop: the gate fails whatever the other metrics say;
 * - every headline metric (the ones the overall verdict waits on) is settled — regression,
 *   improvement or unchanged, none inconclusive → stop;
 * - the last planned look is reached → stop (`max-repetitions`);
 * - the next stage would not fit in the time left (extrapolated from the time per sample so far)
 *   → stop (`time-budget`);
 * - otherwise sample up to the next planned look.
 */
export function decideAfterLook(state: LookState): LookDecision {
  const { report, n, looks } = state;
  const regressions = report.comparisons.filter((c) => c.verdict === 'regression');
  if (regressions.length > 0) {
    const names = regressions.map((c) => `${c.scenario} ${c.metric}`).join(', ');
    return { stop: true, reason: 'regression', detail: `regression at n = ${n}: ${names}` };
  }
  const gated = report.comparisons.filter((c) => METRICS[c.metric].headline);
  const open = gated.filter((c) => c.verdict === 'inconclusive');
  if (gated.length > 0 && open.length === 0) {
    return { stop: true, reason: 'settled', detail: `every headline metric settled at n = ${n}` };
  }
  const next = looks.find((size) => size > n);
  if (next === undefined) {
    return { stop: true, reason: 'max-repetitions', detail: `reached the last planned look n = ${n}` };
  }
  const perSample = n > 0 ? state.elapsedS / n : 0;
  const needed = perSample * (next - n);
  if (state.elapsedS + needed > state.budgetS) {
    return {
      stop: true,
      reason: 'time-budget',
      detail: `the next look (n = ${next}) needs ≈${Math.round(needed)} s more, over the time budget`,
    };
  }
  const waiting = open.map((c) => `${c.scenario} ${c.metric}`).join(', ');
  return { stop: false, next, detail: `n = ${n}: still open: ${waiting || 'no headline metric yet'}` };
}
