import { isMetricId, METRIC_IDS, METRICS } from '../metrics.js';
import type { MetricId } from '../metrics.js';
import type { ResultsFile, ScenarioResult } from '../results/types.js';
import type { ScenarioId } from '../scenarios.js';
import { UserError } from '../errors.js';
import { detectPairing, sameRun } from './pairing.js';
import {
  checkControl,
  hasControl,
  hasPodScenarios,
  isControlScenario,
  withControlRatios,
} from './control.js';
import { diffEnvironments } from './environment-diff.js';
import { catalogueHeadline, decideOverall, isHeadline } from './gate.js';
import { checkInterference, withoutFewDisturbed, withoutFewDisturbedPairs } from './interference.js';
import type { MetricAnalysis } from './metric-analysis.js';
import { analyseMetric } from './metric-analysis.js';
import { resolveCompareOptions } from './options.js';
import type {
  CompareOptions,
  ComparisonReport,
  MetricComparison,
  ControlCheck,
  InterferenceCheck,
  MetricVerdict,
  UnmatchedMetric,
  VerdictCounts,
} from './types.js';
import { explainUnderneath } from './underneath.js';
import { judgeAnalyses } from './judge-analyses.js';
import { withMachineShareCpuUnjudged } from './work-share.js';

/** One line per side whose scenarios could not record kernel counters, with the platform's reason. */
function countersUnavailableNotes(base: ResultsFile, head: ResultsFile): string[] {
  return (
    [
      ['base', base],
      ['head', head],
    ] as const
  ).flatMap(([side, file]) => {
    const reason = file.scenarios.find((s) => s.countersUnavailable !== undefined)?.countersUnavailable;
    return reason === undefined
      ? []
      : [`${side} has no kernel counters, so "what changed underneath" cannot be shown for it: ${reason}`];
  });
}

/** Labels for the two sides in reports; default `base` and `head`. */
export interface CompareLabels {
  readonly base?: string;
  readonly head?: string;
}

type Side = 'base' | 'head';

/** Indexes a file's scenarios by id (first occurrence wins; duplicates and skips become warnings). */
function indexScenarios(file: ResultsFile, side: Side, warnings: string[]): Map<string, ScenarioResult> {
  const byId = new Map<string, ScenarioResult>();
  for (const scenario of file.scenarios) {
    if (byId.has(scenario.id)) {
      warnings.push(`${side}: scenario ${scenario.id} appears more than once; only the first is compared`);
      continue;
    }
    byId.set(scenario.id, scenario);
    if (scenario.skipped !== undefined)
      warnings.push(`${side}: scenario ${scenario.id} was skipped: ${scenario.skipped}`);
  }
  return byId;
}

/** Per metric id, the finite values of every sample (in order) and by sample index. */
interface MetricColumns {
  readonly values: Map<MetricId, number[]>;
  readonly bySample: Map<MetricId, (number | undefined)[]>;
}

function columns(scenario: ScenarioResult | undefined, side: Side, warnings: string[]): MetricColumns {
  const values = new Map<MetricId, number[]>();
  const bySample = new Map<MetricId, (number | undefined)[]>();
  const unknown = new Set<string>();
  const samples = scenario?.samples ?? [];
  samples.forEach((sample, index) => {
    for (const [id, value] of Object.entries(sample.metrics ?? {})) {
      if (!isMetricId(id)) {
        unknown.add(id);
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        warnings.push(`${side}: ${scenario?.id} sample ${index + 1} has a non-finite ${id}; ignored`);
        continue;
      }
      if (!values.has(id)) {
        values.set(id, []);
        bySample.set(id, new Array<number | undefined>(samples.length).fill(undefined));
      }
      values.get(id)!.push(value);
      bySample.get(id)![index] = value;
    }
  });
  for (const id of [...unknown].sort())
    warnings.push(`${side}: ${scenario?.id} has unknown metric ${id}; ignored`);
  return { values, bySample };
}

function alignPairs(
  base: readonly (number | undefined)[],
  head: readonly (number | undefined)[],
): { base: number[]; head: number[] } {
  const pairs = { base: [] as number[], head: [] as number[] };
  const n = Math.min(base.length, head.length);
  for (let i = 0; i < n; i++) {
    if (base[i] !== undefined && head[i] !== undefined) {
      pairs.base.push(base[i]!);
      pairs.head.push(head[i]!);
    }
  }
  return pairs;
}

/**
 * Options the files themselves decide when the caller left them open: `paired` when both files are
 * the two sides of one paired run (same pairing id), and, when both were sampled adaptively with
 * the same plan, the level and families their stop rule judged at: each scenario its own Holm
 * family at the per-scenario look α (plans that record it), else the per-look α over all together.
 */
function automaticOptions(
  base: ResultsFile,
  head: ResultsFile,
  options: Partial<CompareOptions> | undefined,
  warnings: string[],
): Partial<CompareOptions> {
  const auto: { paired?: boolean; alpha?: number; familyPerScenario?: boolean } = {};
  if (options?.paired === undefined) {
    const detection = detectPairing(base, head);
    if (detection.note) warnings.push(detection.note);
    if (detection.paired) auto.paired = true;
  }
  const bs = base.sampling;
  const hs = head.sampling;
  const perScenario = bs?.alphaPerScenarioLook;
  if (
    options?.alpha === undefined &&
    options?.familyPerScenario === undefined &&
    bs &&
    hs &&
    perScenario !== undefined &&
    perScenario === hs.alphaPerScenarioLook
  ) {
    auto.alpha = perScenario;
    auto.familyPerScenario = true;
    const scenarios = Math.round(bs.alphaPerLook / perScenario);
    warnings.push(
      `sampled adaptively (${bs.looks.length} planned looks, ${scenarios} scenarios): each scenario judged on its own at the α its looks used, ${bs.alpha}/(${bs.looks.length}·${scenarios}) = ${Number(perScenario.toPrecision(3))}`,
    );
  } else if (options?.alpha === undefined && bs && hs && bs.alphaPerLook === hs.alphaPerLook) {
    auto.alpha = bs.alphaPerLook;
    warnings.push(
      `sampled adaptively (${bs.looks.length} planned looks): judged at the per-look α = ${bs.alpha}/${bs.looks.length} = ${Number(bs.alphaPerLook.toPrecision(3))}`,
    );
  }
  for (const scenario of head.scenarios) {
    const s = scenario.sampling;
    if (s) {
      warnings.push(
        `${scenario.id}: ${s.n} ${base.pairing ? 'pairs' : 'samples'} taken adaptively, stopped: ${s.stopReason} (looks at n = ${s.looks.join(', ')})`,
      );
    }
  }
  return auto;
}

/**
 * Compares a baseline (`base`) with a candidate (`head`) results file per scenario × metric and
 * decides an overall verdict (README "Statistics (the gate)"). Pure and deterministic: the same inputs give
 * a byte-identical `JSON.stringify` of the report. Invalid options throw a UserError.
 */
export function compareResults(
  baseFile: ResultsFile,
  headFile: ResultsFile,
  options?: Partial<CompareOptions>,
  labels?: CompareLabels,
): ComparisonReport {
  const warnings: string[] = [];
  const auto = automaticOptions(baseFile, headFile, options, warnings);
  const opts = resolveCompareOptions({ ...options, ...auto });
  const differences = diffEnvironments(baseFile.environment, headFile.environment, {
    kubeProxy: (baseFile.subject.kubeProxy ?? null) !== (headFile.subject.kubeProxy ?? null),
  });
  if (differences.length > 0) {
    const list = differences.map((d) => `${d.field}: ${d.base} → ${d.head}`).join('; ');
    warnings.push(
      opts.strictEnvironment
        ? `environment differs from the baseline (${list}); strict environment: results are incomparable`
        : `environment differs from the baseline (${list}); the comparison may be unfair`,
    );
  }
  const same = sameRun(baseFile, headFile);
  const [keptBase, keptHead] = opts.paired
    ? withoutFewDisturbedPairs(baseFile, headFile)
    : [withoutFewDisturbed(baseFile), withoutFewDisturbed(headFile)];
  const onlyControl = !hasPodScenarios(baseFile) && !hasPodScenarios(headFile);
  const { analyses, unmatched, scenarioIds } = analyseScenarios(
    withControlRatios(keptBase),
    withControlRatios(keptHead),
    { opts, onlyControl, same },
    warnings,
  );
  const control = controlCheckOf(baseFile, headFile, analyses, opts);
  const interference = sameRunInterference(
    checkInterference(baseFile, headFile, new Set(scenarioIds), opts.paired),
    same,
  );
  const comparisons = withMachineShareCpuUnjudged(
    judgeAnalyses(analyses, opts, control, interference, onlyControl),
  );

  const countsByRole = {
    headline: countVerdicts(comparisons.filter((c) => c.gating)),
    informational: countVerdicts(comparisons.filter((c) => !c.gating)),
  };
  const underneath = explainUnderneath(keptBase, keptHead, comparisons, opts);
  warnings.push(...countersUnavailableNotes(baseFile, headFile));
  if (control.summary) warnings.unshift(control.summary);
  const overall = decideOverall(
    comparisons,
    {
      control,
      interference,
      unmatched,
      environmentMatches: differences.length === 0,
      limits: { maxSamples: maxSamplesOf(headFile), paired: opts.paired },
    },
    opts,
  );
  return {
    verdict: overall.verdict,
    verdictReason: overall.reason,
    control,
    interference,
    comparisons,
    unmatched,
    environment: { match: differences.length === 0, differences },
    warnings,
    options: opts,
    base: { label: labels?.base ?? 'base', subject: baseFile.subject, createdAt: baseFile.createdAt },
    head: { label: labels?.head ?? 'head', subject: headFile.subject, createdAt: headFile.createdAt },
    counts: countsByRole.headline,
    countsByRole,
    ...(underneath ? { underneath } : {}),
  };
}

/** The most samples (pairs) per side the head's suite allows (adaptive maximum, else its repetitions). */
function maxSamplesOf(file: ResultsFile): number | null {
  const suite = file.suite as { maxRepetitions?: unknown; repetitions?: unknown };
  const max = typeof suite.maxRepetitions === 'number' ? suite.maxRepetitions : suite.repetitions;
  return typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : null;
}

function countVerdicts(comparisons: readonly MetricComparison[]): VerdictCounts {
  const counts: Record<MetricVerdict, number> = {
    regression: 0,
    improvement: 0,
    unchanged: 0,
    inconclusive: 0,
  };
  for (const c of comparisons) counts[c.verdict]++;
  return counts;
}

/**
 * A run compared with itself: the same samples on both sides, so no runner can differ between
 * them. Whatever interference its samples saw is reported, never held against the verdict.
 */
function sameRunInterference(check: InterferenceCheck, same: boolean): InterferenceCheck {
  return same && check.disturbed ? { ...check, disturbed: false, summary: null } : check;
}

/**
 * Paired comparisons match samples by position, one pair per index: a scenario whose two sides hold
 * different counts cannot be paired without guessing, so it is refused rather than truncated.
 */
function checkPairCounts(
  baseScenarios: ReadonlyMap<string, ScenarioResult>,
  headScenarios: ReadonlyMap<string, ScenarioResult>,
  warnings: string[],
): void {
  const pairs = new Map<string, number>();
  for (const [id, b] of baseScenarios) {
    const h = headScenarios.get(id);
    if (!h || b.samples.length === 0 || h.samples.length === 0) continue;
    if (b.samples.length !== h.samples.length) {
      throw new UserError(
        `cannot compare paired: ${id} has ${b.samples.length} base and ${h.samples.length} head samples, and each pair needs one of each; ` +
          'compare the two unedited files of one paired run, or compare without --paired',
      );
    }
    pairs.set(id, b.samples.length);
  }
  const counts = [...new Set(pairs.values())];
  if (counts.length === 1)
    warnings.push(
      `compared paired: ${counts[0]} pairs in each of ${pairs.size} scenario${pairs.size === 1 ? '' : 's'}`,
    );
  else if (counts.length > 1)
    warnings.push(`compared paired: ${[...pairs].map(([id, n]) => `${n} pairs in ${id}`).join(', ')}`);
}

/** How the scenarios are analysed: the resolved options, whether only the control was measured, same run. */
interface AnalysisContext {
  readonly opts: CompareOptions;
  readonly onlyControl: boolean;
  readonly same: boolean;
}

/** Every scenario × metric present on both sides, analysed; the ones present on one side only. */
function analyseScenarios(
  base: ResultsFile,
  head: ResultsFile,
  context: AnalysisContext,
  warnings: string[],
): { analyses: MetricAnalysis[]; unmatched: UnmatchedMetric[]; scenarioIds: string[] } {
  const { opts } = context;
  const baseScenarios = indexScenarios(base, 'base', warnings);
  const headScenarios = indexScenarios(head, 'head', warnings);
  if (opts.paired && !context.same) checkPairCounts(baseScenarios, headScenarios, warnings);
  const scenarioIds = [
    ...baseScenarios.keys(),
    ...[...headScenarios.keys()].filter((id) => !baseScenarios.has(id)),
  ];
  const analyses: MetricAnalysis[] = [];
  const unmatched: UnmatchedMetric[] = [];
  for (const id of scenarioIds) {
    const b = columns(baseScenarios.get(id), 'base', warnings);
    const h = columns(headScenarios.get(id), 'head', warnings);
    for (const metric of METRIC_IDS) {
      if (METRICS[metric].interference) continue;
      const bv = b.values.get(metric);
      const hv = h.values.get(metric);
      if (bv && hv) {
        const pairs = opts.paired ? alignPairs(b.bySample.get(metric)!, h.bySample.get(metric)!) : undefined;
        analyses.push(analyseMetric(id as ScenarioId, METRICS[metric], bv, hv, opts, pairs));
      } else if (METRICS[metric].normalizes) {
        // Derived from a control only one side measured: the control check reports it once.
      } else if (bv || hv) {
        const side = bv ? 'base' : 'head';
        const lacking = (side === 'base' ? headScenarios : baseScenarios).get(id);
        unmatched.push({
          scenario: id,
          metric,
          side,
          headline: (context.onlyControl || !isControlScenario(id)) && isHeadline(metric, opts, id),
          ...(lacking?.skipped !== undefined ? { skipped: lacking.skipped } : {}),
          ...(lacking?.unavailable?.[metric] !== undefined
            ? { unavailable: lacking.unavailable[metric] }
            : {}),
        });
      }
    }
  }
  if (analyses.length === 0)
    warnings.push('no scenario × metric is present in both files; nothing was compared');
  return { analyses, unmatched, scenarioIds };
}

/** The control check: which side measured it, and how its headline metrics moved. */
function controlCheckOf(
  base: ResultsFile,
  head: ResultsFile,
  analyses: readonly MetricAnalysis[],
  options: CompareOptions,
): ControlCheck {
  const b = hasControl(base);
  const h = hasControl(head);
  const presence = b && h ? 'both' : b ? 'head-missing' : h ? 'base-missing' : 'none';
  // The control's headline metrics in their test (the p99 of a saturation test is the client's queue).
  const measurements = analyses
    .filter(
      (a) =>
        isControlScenario(a.scenario) &&
        !METRICS[a.info.id].normalizes &&
        catalogueHeadline(a.info.id, a.scenario),
    )
    .map((a) => ({ scenario: a.scenario, metric: a.info.id, ratio: a.ratio, ci: a.ci }));
  const pairs = options.paired ? Math.max(0, ...analyses.filter((a) => a.paired).map((a) => a.nBase)) : 0;
  return checkControl(presence, measurements, {
    tolerancePct: options.controlTolerancePct,
    onDrift: options.onControlDrift,
    normalize: options.normalizeToControl,
    pairs: pairs > 0 ? pairs : null,
  });
}
