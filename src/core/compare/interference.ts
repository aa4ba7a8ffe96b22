import type { ResultsFile, ScenarioResult } from '../results/types.js';
import type { InterferenceCheck, InterferenceSide } from './types.js';

function maxOf(values: readonly (number | undefined)[]): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return finite.length > 0 ? Math.max(...finite) : null;
}

/**
 * Largest share of a scenario's samples (pairs, when paired) that may be marked disturbed and simply
 * be left out of the comparison; beyond it the scenario counts as disturbed and is never blamed on
 * the change.
 */
export const MAX_DISTURBED_SHARE = 0.25;

/** True when a scenario holds more disturbed samples than can be left out. */
function tooDisturbed(disturbed: number, total: number): boolean {
  return disturbed > 0 && disturbed > Math.floor(total * MAX_DISTURBED_SHARE);
}

/**
 * The file with disturbed samples left out of every scenario where they are few enough (at most
 * MAX_DISTURBED_SHARE); scenarios with more keep them (and count as disturbed). For unpaired files.
 */
export function withoutFewDisturbed(file: ResultsFile): ResultsFile {
  return {
    ...file,
    scenarios: file.scenarios.map((scenario) => {
      const disturbed = scenario.samples.filter((s) => s.disturbed !== undefined).length;
      if (disturbed === 0 || tooDisturbed(disturbed, scenario.samples.length)) return scenario;
      return { ...scenario, samples: scenario.samples.filter((s) => s.disturbed === undefined) };
    }),
  };
}

/** Indices of the pairs (positions matched across the two files) where either side is disturbed. */
function disturbedPairs(base: ScenarioResult, head: ScenarioResult | undefined): Set<number> {
  const out = new Set<number>();
  const n = Math.min(base.samples.length, head?.samples.length ?? 0);
  for (let i = 0; i < n; i++)
    if (base.samples[i]!.disturbed !== undefined || head!.samples[i]!.disturbed !== undefined) out.add(i);
  return out;
}

/**
 * The two sides of a paired run with the disturbed pairs (either side marked: one side alone saw
 * load after the re-take budget ran out) left out of both files wherever they are few enough (at
 * most MAX_DISTURBED_SHARE of the scenario's pairs), so that the positions still match. Pairs that
 * saw the same load on both sides (`sharedLoad`) are kept: their ratio cancels it.
 */
export function withoutFewDisturbedPairs(base: ResultsFile, head: ResultsFile): [ResultsFile, ResultsFile] {
  const drop = new Map<string, Set<number>>();
  for (const scenario of base.scenarios) {
    const other = head.scenarios.find((s) => s.id === scenario.id);
    const pairs = disturbedPairs(scenario, other);
    const n = Math.min(scenario.samples.length, other?.samples.length ?? 0);
    if (pairs.size > 0 && !tooDisturbed(pairs.size, n)) drop.set(scenario.id, pairs);
  }
  const keep = (file: ResultsFile): ResultsFile => ({
    ...file,
    scenarios: file.scenarios.map((s) => {
      const pairs = drop.get(s.id);
      return pairs ? { ...s, samples: s.samples.filter((_, i) => !pairs.has(i)) } : s;
    }),
  });
  return [keep(base), keep(head)];
}

/**
 * Interference facts of one file, over the scenarios in `compared` (all when omitted). `other` is
 * the other side of a paired run: a scenario is then disturbed when too many of its PAIRS are.
 */
export function interferenceSide(
  file: ResultsFile,
  compared?: ReadonlySet<string>,
  other?: ResultsFile,
): InterferenceSide {
  let samples = 0;
  let disturbed = 0;
  let discarded = 0;
  let sharedLoad = 0;
  const disturbedScenarios: string[] = [];
  const foreignDisturbed: number[] = [];
  const foreignAll: (number | undefined)[] = [];
  const steal: (number | undefined)[] = [];
  for (const scenario of file.scenarios) {
    if (compared && !compared.has(scenario.id)) continue;
    samples += scenario.samples.length;
    discarded += scenario.discarded?.length ?? 0;
    let here = 0;
    for (const sample of scenario.samples) {
      foreignAll.push(sample.metrics.foreign_cpu_percent);
      steal.push(sample.metrics.cpu_steal_percent);
      if (sample.sharedLoad !== undefined) sharedLoad++;
      if (sample.disturbed === undefined) continue;
      here++;
      const f = sample.metrics.foreign_cpu_percent;
      if (typeof f === 'number') foreignDisturbed.push(f);
    }
    const counted = other
      ? disturbedPairs(
          scenario,
          other.scenarios.find((s) => s.id === scenario.id),
        ).size
      : here;
    if (here > 0 && tooDisturbed(counted, scenario.samples.length)) disturbedScenarios.push(scenario.id);
    disturbed += here;
  }
  return {
    samples,
    disturbed,
    discarded,
    sharedLoad,
    maxForeignCpuPercent: maxOf(foreignDisturbed.length > 0 ? foreignDisturbed : foreignAll),
    maxStealPercent: maxOf(steal),
    disturbedScenarios,
  };
}

function describe(side: InterferenceSide, which: string): string {
  const figure =
    side.maxForeignCpuPercent !== null
      ? `foreign CPU up to ${Math.round(side.maxForeignCpuPercent)}%`
      : 'interference';
  return `${which} runner disturbed: ${figure} during ${side.disturbed} of ${side.samples} samples`;
}

/**
 * Whether base or head was measured under interference the runner could not wait out (samples
 * marked `disturbed`). Such scenarios can be reported but never blamed on the PR. `paired`: the
 * files are the two sides of one paired run, judged by pairs (a few disturbed pairs are left out;
 * pairs under the same load on both sides are not disturbed at all).
 */
export function checkInterference(
  base: ResultsFile,
  head: ResultsFile,
  compared?: ReadonlySet<string>,
  paired = false,
): InterferenceCheck {
  const b = interferenceSide(base, compared, paired ? head : undefined);
  const h = interferenceSide(head, compared, paired ? base : undefined);
  const parts: string[] = [];
  if (h.disturbedScenarios.length > 0) parts.push(describe(h, 'head'));
  if (b.disturbedScenarios.length > 0) parts.push(describe(b, 'baseline'));
  const pairs = paired ? Math.max(b.sharedLoad, h.sharedLoad) : 0;
  const shared =
    pairs > 0
      ? `${pairs} of ${Math.max(b.samples, h.samples)} pairs ran under the same load on both sides (foreign CPU up to ${Math.round(
          Math.max(b.maxForeignCpuPercent ?? 0, h.maxForeignCpuPercent ?? 0),
        )}%), kept: each pair's ratio cancels load that hits both sides alike`
      : null;
  return {
    base: b,
    head: h,
    disturbed: parts.length > 0,
    summary: parts.length > 0 ? parts.join('; ') : null,
    sharedLoad: shared,
  };
}
