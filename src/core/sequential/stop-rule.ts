import type { ComparisonReport, MetricComparison } from '../compare/types.js';
import { clearIfUnchanged, settleEstimate, type SettleEstimate } from '../compare/settle.js';
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

const label = (c: MetricComparison): string => `${c.scenario} ${c.metric}`;

/**
 * Futility stops only when an open metric needs more than this many times the last reachable look
 * (bench:gate: the projection from few pairs overstates what they need by up to about that much).
 */
export const FUTILITY_MARGIN = 2;

/**
 * The last planned look after n that fits the time budget, extrapolated from the time per sample so
 * far (n itself when not even the next one fits).
 */
export function reachableLook(state: Pick<LookState, 'n' | 'looks' | 'elapsedS' | 'budgetS'>): number {
  const { n, looks, elapsedS, budgetS } = state;
  const perSample = n > 0 ? elapsedS / n : 0;
  let reach = n;
  for (const look of looks) if (look > n && elapsedS + perSample * (look - n) <= budgetS) reach = look;
  return reach;
}

/**
 * True futility: at the spread seen (settleEstimate, the estimate of the settle hint), no look up to
 * `reach` × `margin` can settle the verdict — some open metric cannot be cleared by then (so no `pass`) and no
 * open metric can be flagged by then (so no `regression`). A metric without an estimate could still
 * settle. Returns the sentence saying why, or null when sampling on could still settle it.
 */
export function futility(open: readonly MetricComparison[], reach: number, margin = 1): string | null {
  // Clearing is projected at the more hopeful of the estimate seen and no change at all: a point
  // estimate a few pairs old is itself about one spread off.
  const estimates = open.map((c) => {
    const e = settleEstimate(c);
    return [c, e && { ...e, clear: Math.min(e.clear, clearIfUnchanged(c)) }] as const;
  });
  const limit = reach * margin;
  const canClear = (e: SettleEstimate | null): boolean => e === null || e.clear <= limit;
  const canRegress = (e: SettleEstimate | null): boolean => e === null || e.regress <= limit;
  if (estimates.some(([, e]) => canRegress(e))) return null;
  const stuck = estimates.filter(([, e]) => !canClear(e));
  if (stuck.length === 0) return null;
  const worst = stuck.sort((a, b) => b[1]!.clear - a[1]!.clear)[0]!;
  const needs = Number.isFinite(worst[1]!.clear)
    ? `about ${worst[1]!.clear} pairs to clear even if it had not changed`
    : 'more than any number of pairs to clear (it has no bound to project)';
  const beyond = margin > 1 ? `more than ${margin}× the last look` : 'beyond the last look';
  return `at the spread seen ${label(worst[0])} needs ${needs}, ${beyond} the budget allows (n = ${reach}), and no open metric could be flagged by then`;
}

/**
 * Decides after a look whether to keep sampling. Only the gating (headline) metrics decide:
 * - any is a `regression` → stop (`regression`): the gate fails whatever the others say;
 * - every one is settled (gateStatus: regression, or cleared at the verdict's own one-sided bound,
 *   the one that makes `pass`) → stop (`settled`);
 * - the last planned look is reached → stop (`max-repetitions`);
 * - the next look would not fit in the time left (extrapolated from the time per sample so far)
 *   → stop (`time-budget`);
 * - from the second look on, only when the time budget (not the plan) will end sampling before the
 *   last planned look, and at the spread seen no look the budget still allows can settle the verdict
 *   with room to spare (futility): an open metric would need more than FUTILITY_MARGIN × the last
 *   reachable look to clear, even if it had not changed, and none could be flagged by then → stop
 *   (`futile`);
 * - otherwise sample up to the next planned look.
 * So no stop leaves the verdict `inconclusive` while a planned look inside the budget could still
 * settle it. While the budget allows the whole plan, sampling runs to the last look: projected from
 * the spread of few pairs, futility gave up on A/A trials that cleared by the last look and saved no
 * median time (bench:gate, docs/gate-quality.md).
 */
export function decideAfterLook(state: LookState): LookDecision {
  const { report, n, looks } = state;
  const gated = report.comparisons.filter((c) => c.gating);
  const regressions = gated.filter((c) => c.gate === 'regression');
  if (regressions.length > 0) {
    const names = regressions.map(label).join(', ');
    return { stop: true, reason: 'regression', detail: `regression at n = ${n}: ${names}` };
  }
  const open = gated.filter((c) => c.gate === 'open');
  if (gated.length > 0 && open.length === 0) {
    return { stop: true, reason: 'settled', detail: `every headline metric settled at n = ${n}` };
  }
  const next = looks.find((size) => size > n);
  if (next === undefined) {
    return { stop: true, reason: 'max-repetitions', detail: `reached the last planned look n = ${n}` };
  }
  const reach = reachableLook(state);
  if (reach < next) {
    const perSample = n > 0 ? state.elapsedS / n : 0;
    return {
      stop: true,
      reason: 'time-budget',
      detail: `the next look (n = ${next}) needs ≈${Math.round(perSample * (next - n))} s more, over the time budget`,
    };
  }
  // Futility waits for the second look (the spread seen at the first, the fewest pairs, is the
  // least reliable), acts only when the budget cuts the plan short, and asks for twice the reachable
  // look: projecting a bootstrap bound of the median by √n from ≤ 24 pairs overstates the pairs
  // needed (A/A trials given up at 14 pairs as needing 39–49 cleared by 32: docs/gate-quality.md).
  const last = looks[looks.length - 1] ?? n;
  const budgetBinds = reach < last;
  const futile = budgetBinds && n > (looks[0] ?? 0) ? futility(open, reach, FUTILITY_MARGIN) : null;
  if (futile !== null) return { stop: true, reason: 'futile', detail: `n = ${n}: ${futile}` };
  const waiting = open.map(label).join(', ');
  return { stop: false, next, detail: `n = ${n}: still open: ${waiting || 'no headline metric yet'}` };
}
