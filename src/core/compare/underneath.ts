import { counterInfo } from '../diagnostics/catalogue.js';
import type { SampleCounters } from '../diagnostics/types.js';
import type { MetricId } from '../metrics.js';
import type { ResultsFile, Sample } from '../results/types.js';
import type { ScenarioId } from '../scenarios.js';
import { holmAdjust } from '../stats/holm.js';
import { mean } from '../stats/quantile.js';
import { analyseRatio, type RatioAnalysis } from './metric-analysis.js';
import type { CompareOptions, MetricComparison } from './types.js';
import type { CounterChange, ScenarioUnderneath, UnderneathReport } from './underneath-types.js';

/** A counter is named only when it moved by at least this much (percent) per unit of work. */
export const MATERIAL_COUNTER_CHANGE_PCT = 20;

/** Counters under this many counts per sample on both sides are ~0: left out, never tested. */
export const NEGLIGIBLE_COUNTS_PER_SAMPLE = 1;

/** A scenario to explain: a headline metric regressed, improved or stayed open there. */
interface Target {
  readonly scenario: ScenarioId;
  readonly verdict: ScenarioUnderneath['verdict'];
  readonly metrics: readonly MetricId[];
}

/** One sample's counters: per unit of work and raw, keyed `<scope> <counter>`. */
interface Row {
  readonly perUnit: ReadonlyMap<string, number>;
  readonly raw: ReadonlyMap<string, number>;
  readonly unit: string;
}

/** One counter's analysis before the family correction. */
interface Draft {
  readonly key: string;
  readonly analysis: RatioAnalysis;
  readonly perSample: { readonly base: number; readonly head: number };
}

const countersOf = (sample: Sample): SampleCounters | undefined => sample.diagnostics?.counters;

function hasCounters(file: ResultsFile): boolean {
  return file.scenarios.some((s) => s.samples.some((sample) => countersOf(sample) !== undefined));
}

function hasProfiles(file: ResultsFile): boolean {
  return file.scenarios.some((s) => s.samples.some((sample) => sample.profile !== undefined));
}

function rowOf(counters: SampleCounters): Row {
  const perUnit = new Map<string, number>();
  const raw = new Map<string, number>();
  for (const [scope, values] of Object.entries(counters.scopes)) {
    for (const [counter, count] of Object.entries(values)) {
      raw.set(`${scope} ${counter}`, count);
      perUnit.set(`${scope} ${counter}`, count / counters.work);
    }
  }
  return { perUnit, raw, unit: counters.workUnit };
}

/** What a headline comparison asks of the diagnostics, strongest first; null when it asks nothing. */
function askOf(c: MetricComparison): ScenarioUnderneath['verdict'] | null {
  if (!c.gating) return null;
  if (c.verdict === 'regression' || c.verdict === 'improvement') return c.verdict;
  return c.gate === 'open' ? 'inconclusive' : null;
}

const ASK_ORDER: readonly ScenarioUnderneath['verdict'][] = ['regression', 'improvement', 'inconclusive'];

/**
 * Headline scenarios to explain, in the comparisons' order: a headline metric regressed, improved
 * or could not be cleared (open: the question "why" arises there too). Cleared scenarios are left
 * alone. Each is explained under its strongest reason, naming the metrics with it.
 */
function targetsOf(comparisons: readonly MetricComparison[]): Target[] {
  const asked = new Map<ScenarioId, { c: MetricComparison; ask: ScenarioUnderneath['verdict'] }[]>();
  for (const c of comparisons) {
    const ask = askOf(c);
    if (ask) asked.set(c.scenario, [...(asked.get(c.scenario) ?? []), { c, ask }]);
  }
  return [...asked].map(([scenario, list]) => {
    const verdict = ASK_ORDER.find((ask) => list.some((x) => x.ask === ask))!;
    return { scenario, verdict, metrics: list.filter((x) => x.ask === verdict).map((x) => x.c.metric) };
  });
}

/** The rows of both sides: aligned by sample index when paired (both sides with a row). */
function rowsOf(
  base: readonly Sample[],
  head: readonly Sample[],
  paired: boolean,
  extract: (sample: Sample) => Row | undefined,
): [Row[], Row[]] {
  if (!paired) {
    const rows = (samples: readonly Sample[]) => samples.flatMap((s) => extract(s) ?? []);
    return [rows(base), rows(head)];
  }
  const b: Row[] = [];
  const h: Row[] = [];
  for (let i = 0; i < Math.min(base.length, head.length); i++) {
    const [bc, hc] = [extract(base[i]!), extract(head[i]!)];
    if (bc && hc) {
      b.push(bc);
      h.push(hc);
    }
  }
  return [b, h];
}

const counterRow = (sample: Sample): Row | undefined => {
  const counters = countersOf(sample);
  return counters ? rowOf(counters) : undefined;
};

/** The scope of kernel functions from `--profile` among the counters. */
export const KERNEL_FUNCTION_SCOPE = 'kernel-µs';

/** A sample's kernel functions (from `--profile`) as a row: inclusive CPU microseconds, per unit of work. */
const functionRow = (sample: Sample): Row | undefined => {
  const profile = sample.profile;
  if (!profile) return undefined;
  const perUnit = new Map<string, number>();
  const raw = new Map<string, number>();
  for (const [fn, ns] of Object.entries(profile.kernelNs)) {
    raw.set(`${KERNEL_FUNCTION_SCOPE} ${fn}`, ns / 1000);
    perUnit.set(`${KERNEL_FUNCTION_SCOPE} ${fn}`, ns / 1000 / profile.work);
  }
  return { perUnit, raw, unit: '' };
};

/** Kernel functions tested per scenario: the largest by CPU per unit of work (both sides together). */
export const KERNEL_FUNCTIONS_TESTED = 300;

/**
 * Function rows restricted to the functions every sample of one side has (a profile keeps each
 * sample's 300 largest), a function missing on the other side counting 0 there (a function the
 * head's datapath added is exactly what to show); then the {@link KERNEL_FUNCTIONS_TESTED}
 * largest, all of them in practice: 15 pairs in one direction can name one after Holm over 300 (1/32768 × 300 < α 0.01).
 */
function functionRows(base: readonly Row[], head: readonly Row[]): [Row[], Row[]] {
  const everywhere = (rows: readonly Row[]) =>
    rows.length === 0 ? [] : [...rows[0]!.raw.keys()].filter((k) => rows.every((row) => row.raw.has(k)));
  const candidates = [...new Set([...everywhere(base), ...everywhere(head)])];
  const size = new Map(
    candidates.map((key) => [
      key,
      [base, head]
        .filter((rows) => rows.length > 0)
        .reduce((sum, rows) => sum + mean(rows.map((row) => row.perUnit.get(key) ?? 0)), 0),
    ]),
  );
  const keys = candidates
    .sort((a, b) => size.get(b)! - size.get(a)! || (a < b ? -1 : 1))
    .slice(0, KERNEL_FUNCTIONS_TESTED);
  const pick = (m: ReadonlyMap<string, number>) => new Map(keys.map((k) => [k, m.get(k) ?? 0]));
  const restrict = (rows: readonly Row[]) =>
    rows.map((row) => ({ perUnit: pick(row.perUnit), raw: pick(row.raw), unit: row.unit }));
  return [restrict(base), restrict(head)];
}

/** Every counter of the rows analysed (the ~0 ones counted, not analysed). */
function draftsOf(
  scenario: ScenarioId,
  base: readonly Row[],
  head: readonly Row[],
  opts: CompareOptions,
): { drafts: Draft[]; negligible: number } {
  const keys = [...new Set([...base, ...head].flatMap((row) => [...row.raw.keys()]))].sort();
  const drafts: Draft[] = [];
  let negligible = 0;
  for (const key of keys) {
    const perSample = {
      base: mean(base.map((row) => row.raw.get(key) ?? 0)),
      head: mean(head.map((row) => row.raw.get(key) ?? 0)),
    };
    if (perSample.base < NEGLIGIBLE_COUNTS_PER_SAMPLE && perSample.head < NEGLIGIBLE_COUNTS_PER_SAMPLE) {
      negligible++;
      continue;
    }
    const values = (rows: readonly Row[]) => rows.map((row) => row.perUnit.get(key) ?? 0);
    const [b, h] = [values(base), values(head)];
    const pairs = opts.paired ? { base: b, head: h } : undefined;
    drafts.push({
      key,
      analysis: analyseRatio([scenario, 'counter', key], 'greater', b, h, opts, pairs),
      perSample,
    });
  }
  return { drafts, negligible };
}

/** Holm within the diagnostics family, one family per direction (increase, decrease), as for metrics. */
function holmByDirection(drafts: readonly Draft[]): Map<Draft, { up: number; down: number }> {
  const tested = drafts.filter((d) => d.analysis.tested && d.analysis.pWorse !== null);
  const up = holmAdjust(tested.map((d) => d.analysis.pWorse ?? Number.NaN));
  const down = holmAdjust(tested.map((d) => d.analysis.pBetter ?? Number.NaN));
  return new Map(tested.map((d, i) => [d, { up: up[i]!, down: down[i]! }]));
}

/** A draft judged: the direction it moved, its adjusted p, and whether the report names it. */
function changeOf(
  draft: Draft,
  adjusted: { up: number; down: number } | undefined,
  opts: CompareOptions,
): CounterChange {
  const a = draft.analysis;
  const [scope = '', counter = ''] = draft.key.split(' ');
  const increased = a.ratio !== null ? a.ratio >= 1 : (a.pWorse ?? 1) <= (a.pBetter ?? 1);
  const pAdjusted = adjusted ? (increased ? adjusted.up : adjusted.down) : null;
  const material = a.ratio === null || Math.abs(a.ratio - 1) * 100 >= MATERIAL_COUNTER_CHANGE_PCT;
  return {
    scope,
    counter,
    label:
      scope === KERNEL_FUNCTION_SCOPE
        ? 'kernel CPU µs in this function and what it calls (perf, --profile)'
        : (counterInfo(counter)?.label ?? counter),
    base: { n: a.nBase, median: a.base.median, perSample: draft.perSample.base },
    head: { n: a.nHead, median: a.head.median, perSample: draft.perSample.head },
    ratio: a.ratio,
    ci: a.ci,
    p: increased ? a.pWorse : a.pBetter,
    pAdjusted,
    paired: a.paired,
    moved: pAdjusted !== null && pAdjusted <= opts.alpha && material,
  };
}

/** Moved counters first, the largest change first; then the rest, in the same order. */
function byChange(x: CounterChange, y: CounterChange): number {
  const size = (c: CounterChange) => (c.ratio === null ? Infinity : Math.abs(Math.log(c.ratio)));
  return (
    Number(y.moved) - Number(x.moved) ||
    size(y) - size(x) ||
    (x.scope < y.scope ? -1 : x.scope > y.scope ? 1 : 0) ||
    (x.counter < y.counter ? -1 : x.counter > y.counter ? 1 : 0)
  );
}

/**
 * "What changed underneath" (README "Diagnostics"): for each headline scenario that regressed,
 * improved or could not be cleared, its kernel counters per unit of work, base vs head, with the statistics the metrics
 * use (ratio, bootstrap CI, rank test; paired when the comparison is), Holm-corrected within the
 * diagnostics family; a counter is named when significant and changed by at least
 * {@link MATERIAL_COUNTER_CHANGE_PCT}%. Undefined when neither file has counters. Never gating.
 */
export function explainUnderneath(
  base: ResultsFile,
  head: ResultsFile,
  comparisons: readonly MetricComparison[],
  opts: CompareOptions,
): UnderneathReport | undefined {
  if (!hasCounters(base) && !hasCounters(head) && !hasProfiles(base) && !hasProfiles(head)) return undefined;
  const samplesOf = (file: ResultsFile, id: ScenarioId) =>
    file.scenarios.find((s) => s.id === id)?.samples ?? [];
  const prepared = targetsOf(comparisons).map((target) => {
    const [sb, sh] = [samplesOf(base, target.scenario), samplesOf(head, target.scenario)];
    const [b, h] = rowsOf(sb, sh, opts.paired, counterRow);
    const analysed =
      b.length > 0 && h.length > 0 ? draftsOf(target.scenario, b, h, opts) : { drafts: [], negligible: 0 };
    const [fb, fh] = functionRows(...rowsOf(sb, sh, opts.paired, functionRow));
    const functions = fb.length > 0 && fh.length > 0 ? draftsOf(target.scenario, fb, fh, opts).drafts : [];
    return { target, rows: { base: b, head: h }, ...analysed, functions };
  });
  const adjusted = holmByDirection(prepared.flatMap((p) => p.drafts));
  // Kernel functions are their own family: a hundred of them must not dilute the counters.
  const adjustedFunctions = holmByDirection(prepared.flatMap((p) => p.functions));
  const familySize = adjusted.size;
  const scenarios = prepared.map(({ target, rows, drafts, negligible, functions }): ScenarioUnderneath => {
    const counters = [
      ...drafts.map((d) => changeOf(d, adjusted.get(d), opts)),
      ...functions.map((d) => changeOf(d, adjustedFunctions.get(d), opts)),
    ].sort(byChange);
    const units = [...new Set([...rows.base, ...rows.head].map((row) => row.unit))];
    return {
      ...target,
      workUnit: units.length === 1 ? units[0]! : null,
      paired: counters.some((c) => c.paired),
      counters,
      negligible,
      note:
        noteOf(rows, units, drafts, { familySize, opts }) ??
        (counters.some((c) => c.moved)
          ? null
          : `no counter moved by ${MATERIAL_COUNTER_CHANGE_PCT}% or more per ${units[0]} with significance (Holm over ${familySize} counters, α ${opts.alpha})`),
    };
  });
  return { alpha: opts.alpha, materialPct: MATERIAL_COUNTER_CHANGE_PCT, familySize, scenarios };
}

/** Why a scenario names no counter (no counters, too few samples, too few to be significant, none moved). */
function noteOf(
  rows: { readonly base: readonly Row[]; readonly head: readonly Row[] },
  units: readonly string[],
  drafts: readonly Draft[],
  family: { readonly familySize: number; readonly opts: CompareOptions },
): string | null {
  const { opts, familySize } = family;
  const missing = rows.base.length === 0 ? 'base' : rows.head.length === 0 ? 'head' : null;
  if (missing) {
    return `${missing} has no kernel counters for this scenario (results written before diagnostics, or a platform that cannot read them)`;
  }
  if (units.length > 1) return `the two sides measured work in different units (${units.join(', ')})`;
  const unit = opts.paired ? 'pairs' : 'samples';
  if (drafts.length === 0) return 'every counter stayed under one count per sample on both sides';
  if (!drafts.some((d) => d.analysis.tested)) {
    return `too few samples with counters to test (${rows.base.length} base / ${rows.head.length} head ${unit}, at least ${opts.minSamples})`;
  }
  const minP = Math.min(...drafts.map((d) => d.analysis.minP));
  if (minP * familySize > opts.alpha) {
    return `${rows.base.length} ${unit} cannot show a counter moved among ${familySize} counters (the smallest p they can give, ${Number(minP.toPrecision(2))}, is above α/${familySize} = ${Number((opts.alpha / familySize).toPrecision(2))}): more ${unit} would`;
  }
  return null;
}
