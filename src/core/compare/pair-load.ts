import type { Sample } from '../results/types.js';
import type { InterferenceTolerance } from '../suite/types.js';

/**
 * Why a sample cannot be trusted on its own under a tolerance ("foreign CPU 48.2% > 10%"), or null
 * when it can (or when the platform could not measure interference: nothing to judge by).
 */
export function sampleDisturbance(sample: Sample, tolerance: InterferenceTolerance): string | null {
  const reasons: string[] = [];
  const foreign = sample.metrics.foreign_cpu_percent;
  if (foreign !== undefined && foreign > tolerance.maxForeignCpuPercent)
    reasons.push(`foreign CPU ${foreign.toFixed(1)}% > ${tolerance.maxForeignCpuPercent}%`);
  const steal = sample.metrics.cpu_steal_percent;
  if (steal !== undefined && steal > tolerance.maxStealPercent)
    reasons.push(`CPU steal ${steal.toFixed(1)}% > ${tolerance.maxStealPercent}%`);
  return reasons.length > 0 ? reasons.join(', ') : null;
}

/**
 * How interference touched one pair of a paired run:
 * - `quiet`: neither sample saw more than the tolerance;
 * - `shared`: at least one did, but both saw foreign CPU and steal within the tolerance of each
 *   other (a steady co-tenant loads A and B alike, and the pair's ratio cancels it): kept, the load
 *   noted in `note`;
 * - `one-sided`: one side saw load the other did not (beyond the tolerance): the pair's ratio
 *   carries the load, so the pair is re-taken (or kept marked disturbed when the budget is spent).
 */
export type PairLoad =
  | { readonly kind: 'quiet' }
  | { readonly kind: 'shared'; readonly note: string }
  | { readonly kind: 'one-sided'; readonly why: string };

const figure = (v: number | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Judges one pair (the samples of both sides, in either order) under the suite's tolerance. */
export function pairLoad(a: Sample, b: Sample, tolerance: InterferenceTolerance): PairLoad {
  const whyA = sampleDisturbance(a, tolerance);
  const whyB = sampleDisturbance(b, tolerance);
  if (whyA === null && whyB === null) return { kind: 'quiet' };
  const fa = figure(a.metrics.foreign_cpu_percent);
  const fb = figure(b.metrics.foreign_cpu_percent);
  const sa = figure(a.metrics.cpu_steal_percent);
  const sb = figure(b.metrics.cpu_steal_percent);
  const foreignGap = Math.abs(fa - fb);
  const stealGap = Math.abs(sa - sb);
  if (foreignGap <= tolerance.maxForeignCpuPercent && stealGap <= tolerance.maxStealPercent) {
    const steal = Math.max(sa, sb) > 0 ? `, steal ${sa.toFixed(0)}% / ${sb.toFixed(0)}%` : '';
    return {
      kind: 'shared',
      note: `load on both sides: foreign CPU ${fa.toFixed(0)}% / ${fb.toFixed(0)}%${steal}`,
    };
  }
  const gaps: string[] = [];
  if (foreignGap > tolerance.maxForeignCpuPercent)
    gaps.push(`foreign CPU ${fa.toFixed(1)}% vs ${fb.toFixed(1)}%`);
  if (stealGap > tolerance.maxStealPercent) gaps.push(`CPU steal ${sa.toFixed(1)}% vs ${sb.toFixed(1)}%`);
  return {
    kind: 'one-sided',
    why: `${gaps.join(', ')} (one side loaded, more than ${tolerance.maxForeignCpuPercent} points apart)`,
  };
}
