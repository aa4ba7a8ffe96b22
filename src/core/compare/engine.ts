import { defaultThresholdPct, isMetricId, METRIC_IDS, METRICS } from '../metrics.js';
import type { MetricId } from '../metrics.js';
import type { ResultsFile, ScenarioResult } from '../results/types.js';
import type { ScenarioId } from '../scenarios.js';
import { holmAdjust } from '../stats/holm.js';
import { minDetectableEffectPct } from '../stats/min-detectable-effect.js';
import { detectPairing } from '../sequential/pairing.js';
import { diffEnvironments } from './environment-diff.js';
import type { MetricAnalysis } from './metric-analysis.js';
import { analyseMetric } from './metric-analysis.js';
import { resolveCompareOptions } from './options.js';
import type {
  CompareOptions,
  ComparisonReport,
  MetricComparison,
  MetricVerdict,
  OverallVerdict,
  UnmatchedMetric,
} from './types.js';
import { decideVerdict } from './verdict.js';

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
 * the two sides of one paired run (same pairing id), and `alpha` = the per-look α when both were
 * sampled adaptively with the same plan (the level their stop rule judged at).
 */
function automaticOptions(
  base: ResultsFile,
  head: ResultsFile,
  options: Partial<CompareOptions> | undefined,
  warnings: string[],
): Partial<CompareOptions> {
  const auto: { paired?: boolean; alpha?: number } = {};
  if (options?.paired === undefined) {
    const detection = detectPairing(base, head);
    if (detection.note) warnings.push(detection.note);
    if (detection.paired) auto.paired = true;
  }
  const bs = base.sampling;
  const hs = head.sampling;
  if (options?.alpha === undefined && bs && hs && bs.alphaPerLook === hs.alphaPerLook) {
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

function overallVerdict(
  comparisons: readonly MetricComparison[],
  environmentMatches: boolean,
  options: CompareOptions,
): OverallVerdict {
  // Strict means "never judge across environments": a mismatch outranks any per-metric verdict.
  if (options.strictEnvironment && !environmentMatches) return 'incomparable';
  if (comparisons.some((c) => c.verdict === 'regression')) return 'regression';
  if (comparisons.length === 0) return 'inconclusive';
  if (comparisons.some((c) => c.verdict === 'inconclusive' && METRICS[c.metric].headline))
    return 'inconclusive';
  return 'pass';
}

/** Analyses every scenario × metric present in both files; the ones in only one are `unmatched`. */
function analyseScenarios(
  base: ResultsFile,
  head: ResultsFile,
  opts: CompareOptions,
  warnings: string[],
): { analyses: MetricAnalysis[]; unmatched: UnmatchedMetric[] } {
  const baseScenarios = indexScenarios(base, 'base', warnings);
  const headScenarios = indexScenarios(head, 'head', warnings);
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
      const bv = b.values.get(metric);
      const hv = h.values.get(metric);
      if (bv && hv) {
        const pairs = opts.paired ? alignPairs(b.bySample.get(metric)!, h.bySample.get(metric)!) : undefined;
        analyses.push(analyseMetric(id as ScenarioId, METRICS[metric], bv, hv, opts, pairs));
      } else if (bv) unmatched.push({ scenario: id, metric, side: 'base' });
      else if (hv) unmatched.push({ scenario: id, metric, side: 'head' });
    }
  }
  return { analyses, unmatched };
}

/** Holm-corrects the analyses' tests as two families and decides each metric's verdict. */
function judgeAnalyses(analyses: readonly MetricAnalysis[], opts: CompareOptions): MetricComparison[] {
  // Two families, each Holm-corrected on its own: the one-sided "worse" tests of every tested
  // scenario × metric (what gates), and the one-sided "better" tests (what reports improvements).
  // Each family holds one test per metric, so the strictest Holm step is α / (tested metrics).
  const worse: number[] = [];
  const better: number[] = [];
  const familyIndex = analyses.map((a) => {
    if (!a.tested || a.pWorse === null || a.pBetter === null) return -1;
    worse.push(a.pWorse);
    better.push(a.pBetter);
    return worse.length - 1;
  });
  const adjustedWorse = holmAdjust(worse);
  const adjustedBetter = holmAdjust(better);
  const familySize = worse.length;
  const mdeAlpha = opts.alpha / Math.max(1, familySize);

  return analyses.map((a, i): MetricComparison => {
    const at = familyIndex[i]!;
    const pAdjWorse = at >= 0 ? adjustedWorse[at]! : null;
    const pAdjBetter = at >= 0 ? adjustedBetter[at]! : null;
    const thresholdPct = opts.thresholds[a.info.id] ?? defaultThresholdPct(a.info.id, a.paired);
    const mde = minDetectableEffectPct({
      nBase: a.nBase,
      nHead: a.nHead,
      cvBase: a.spreadBase,
      cvHead: a.spreadHead,
      alpha: mdeAlpha,
      paired: a.paired,
    });
    const mdePct = Number.isFinite(mde) ? mde : null;
    const { verdict, reason } = decideVerdict({
      analysis: a,
      pAdjWorse,
      pAdjBetter,
      thresholdPct,
      alpha: opts.alpha,
      familySize,
      minSamples: opts.minSamples,
      mdePct,
    });
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
      p: a.pWorse,
      pImprovement: a.pBetter,
      pAdjusted: worseIsTested ? pAdjWorse : pAdjBetter,
      thresholdPct,
      minDetectableEffectPct: mdePct,
      reason,
    };
  });
}

/**
 * Compares a baseline (`base`) with a candidate (`head`) results file per scenario × metric and
 * decides an overall verdict (README "Statistics (the gate)"). Pure and deterministic: the same inputs give
 * a byte-identical `JSON.stringify` of the report. Invalid options throw a UserError.
 */
export function compareResults(
  base: ResultsFile,
  head: ResultsFile,
  options?: Partial<CompareOptions>,
  labels?: CompareLabels,
): ComparisonReport {
  const warnings: string[] = [];
  const auto = automaticOptions(base, head, options, warnings);
  const opts = resolveCompareOptions({ ...options, ...auto });
  const differences = diffEnvironments(base.environment, head.environment);
  if (differences.length > 0) {
    const list = differences.map((d) => `${d.field}: ${d.base} → ${d.head}`).join('; ');
    warnings.push(
      opts.strictEnvironment
        ? `environment differs from the baseline (${list}); strict environment: results are incomparable`
        : `environment differs from the baseline (${list}); the comparison may be unfair`,
    );
  }
  const { analyses, unmatched } = analyseScenarios(base, head, opts, warnings);
  if (analyses.length === 0)
    warnings.push('no scenario × metric is present in both files; nothing was compared');
  const comparisons = judgeAnalyses(analyses, opts);

  const counts: Record<MetricVerdict, number> = {
    regression: 0,
    improvement: 0,
    unchanged: 0,
    inconclusive: 0,
  };
  for (const c of comparisons) counts[c.verdict]++;
  return {
    verdict: overallVerdict(comparisons, differences.length === 0, opts),
    comparisons,
    unmatched,
    environment: { match: differences.length === 0, differences },
    warnings,
    options: opts,
    base: { label: labels?.base ?? 'base', subject: base.subject, createdAt: base.createdAt },
    head: { label: labels?.head ?? 'head', subject: head.subject, createdAt: head.createdAt },
    counts,
  };
}
