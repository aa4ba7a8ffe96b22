import { defaultThresholdPct, METRICS } from '../metrics.js';
import { holmAdjust } from '../stats/holm.js';
import { minDetectableEffectPct } from '../stats/min-detectable-effect.js';
import { gateStatus, gatingRole } from './gate.js';
import type { MetricAnalysis } from './metric-analysis.js';
import type { CompareOptions, ControlCheck, InterferenceCheck, MetricComparison } from './types.js';
import { decideVerdict } from './verdict.js';

/**
 * Verdicts for every analysis. Four families, each Holm-corrected on its own: the one-sided
 * "worse" and "better" tests of the gating metrics (what decides the verdict), and the same of the
 * informational ones (reported only), so informational metrics do not loosen the gate's power —
 * per scenario when `familyPerScenario` (adaptive paired runs, whose looks judge so).
 * A regression in a scenario measured under interference is not blamed on the change.
 */
export function judgeAnalyses(
  analyses: readonly MetricAnalysis[],
  opts: CompareOptions,
  control: ControlCheck,
  interference: InterferenceCheck,
  onlyControl: boolean,
): MetricComparison[] {
  const normalisedKeys = new Set(
    analyses
      .filter((a) => METRICS[a.info.id].normalizes)
      .map((a) => `${a.scenario} ${METRICS[a.info.id].normalizes}`),
  );
  const gating = analyses.map((a) =>
    gatingRole(a, opts, control, onlyControl, (scenario, raw) => normalisedKeys.has(`${scenario} ${raw}`)),
  );
  const disturbed = new Set([
    ...interference.base.disturbedScenarios,
    ...interference.head.disturbedScenarios,
  ]);
  const familyKey = (a: MetricAnalysis, i: number): string =>
    `${gating[i] ? 'gating' : 'informational'}${opts.familyPerScenario ? ` ${a.scenario}` : ''}`;
  const members = new Map<string, MetricAnalysis[]>();
  analyses.forEach((a, i) => members.set(familyKey(a, i), [...(members.get(familyKey(a, i)) ?? []), a]));
  const families = new Map([...members].map(([key, list]) => [key, holmFamily(list)]));
  return analyses.map((a, i) =>
    judgeOne(a, gating[i]!, families.get(familyKey(a, i))!, opts, disturbed.has(a.scenario)),
  );
}

/** One analysis's verdict, p-values, threshold and gate status within its Holm family. */
function judgeOne(
  a: MetricAnalysis,
  gating: boolean,
  family: HolmFamily,
  opts: CompareOptions,
  disturbed: boolean,
): MetricComparison {
  const { pAdjWorse, pAdjBetter } = family.adjusted(a);
  // A threshold set for a raw metric also holds for its `…_vs_host` twin.
  const twin = METRICS[a.info.id].normalizes;
  const thresholdPct =
    opts.thresholds[a.info.id] ??
    (twin ? opts.thresholds[twin] : undefined) ??
    defaultThresholdPct(a.info.id, a.paired);
  const tested = a.nBase >= opts.minSamples && a.nHead >= opts.minSamples;
  const mde = minDetectableEffectPct({
    nBase: a.nBase,
    nHead: a.nHead,
    cvBase: a.spreadBase,
    cvHead: a.spreadHead,
    alpha: opts.alpha / Math.max(1, family.size),
    paired: a.paired,
  });
  const mdePct = Number.isFinite(mde) ? mde : null;
  const decided = decideVerdict({
    analysis: a,
    pAdjWorse,
    pAdjBetter,
    thresholdPct,
    alpha: opts.alpha,
    familySize: family.size,
    minSamples: opts.minSamples,
    mdePct,
  });
  const { verdict, reason } =
    decided.verdict === 'regression' && disturbed
      ? {
          verdict: 'inconclusive' as const,
          reason: `runner disturbed during this scenario, so it is not blamed on the change: ${decided.reason}`,
        }
      : decided;
  const worseIsTested = a.pWorse === null || a.pBetter === null || a.pWorse <= a.pBetter;
  return {
    scenario: a.scenario,
    metric: a.info.id,
    unit: a.info.unit,
    better: a.info.better,
    verdict,
    base: a.base,
    head: a.head,
    ratio: a.ratio,
    ci: a.ci,
    bound: a.bound,
    gating,
    tested,
    gate: gating
      ? gateStatus(verdict, { better: a.info.better, bound: a.bound, thresholdPct, tested })
      : null,
    p: a.pWorse,
    pImprovement: a.pBetter,
    pAdjusted: worseIsTested ? pAdjWorse : pAdjBetter,
    thresholdPct,
    minDetectableEffectPct: mdePct,
    reason,
  };
}

/** A Holm-corrected family of one-sided tests (worse and better directions corrected separately). */
interface HolmFamily {
  readonly size: number;
  adjusted(a: MetricAnalysis): { pAdjWorse: number | null; pAdjBetter: number | null };
}

function holmFamily(members: readonly MetricAnalysis[]): HolmFamily {
  const tested = members.filter((a) => a.tested && a.pWorse !== null && a.pBetter !== null);
  const worse = holmAdjust(tested.map((a) => a.pWorse!));
  const better = holmAdjust(tested.map((a) => a.pBetter!));
  const at = new Map(tested.map((a, i) => [a, i]));
  return {
    size: tested.length,
    adjusted(a) {
      const i = at.get(a);
      return i === undefined
        ? { pAdjWorse: null, pAdjBetter: null }
        : { pAdjWorse: worse[i]!, pAdjBetter: better[i]! };
    },
  };
}
