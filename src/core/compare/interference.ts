import type { ResultsFile } from '../results/types.js';
import type { InterferenceCheck, InterferenceSide } from './types.js';

function maxOf(values: readonly (number | undefined)[]): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return finite.length > 0 ? Math.max(...finite) : null;
}

/**
 * Largest share of a scenario's samples that may be marked disturbed and simply be left out of the
 * comparison; beyond it the scenario counts as disturbed and is never blamed on the change.
 */
export const MAX_DISTURBED_SHARE = 0.25;

/** True when a scenario holds more disturbed samples than can be left out. */
function tooDisturbed(disturbed: number, total: number): boolean {
  return disturbed > 0 && disturbed > Math.floor(total * MAX_DISTURBED_SHARE);
}

/**
 * The file with disturbed samples left out of every scenario where they are few enough (at most
 * MAX_DISTURBED_SHARE); scenarios with more keep them (and count as disturbed). Paired files keep
 * every sample: pairs are matched by position.
 */
export function withoutFewDisturbed(file: ResultsFile): ResultsFile {
  if (file.pairing) return file;
  return {
    ...file,
    scenarios: file.scenarios.map((scenario) => {
      const disturbed = scenario.samples.filter((s) => s.disturbed !== undefined).length;
      if (disturbed === 0 || tooDisturbed(disturbed, scenario.samples.length)) return scenario;
      return { ...scenario, samples: scenario.samples.filter((s) => s.disturbed === undefined) };
    }),
  };
}

/** Interference facts of one file, over the scenarios in `compared` (all when omitted). */
export function interferenceSide(file: ResultsFile, compared?: ReadonlySet<string>): InterferenceSide {
  let samples = 0;
  let disturbed = 0;
  let discarded = 0;
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
      if (sample.disturbed === undefined) continue;
      here++;
      const f = sample.metrics.foreign_cpu_percent;
      if (typeof f === 'number') foreignDisturbed.push(f);
    }
    // Paired files keep every sample (withoutFewDisturbed), so any disturbed one counts.
    if (file.pairing ? here > 0 : tooDisturbed(here, scenario.samples.length))
      disturbedScenarios.push(scenario.id);
    disturbed += here;
  }
  return {
    samples,
    disturbed,
    discarded,
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
 * marked `disturbed`). Such scenarios can be reported but never blamed on the PR.
 */
export function checkInterference(
  base: ResultsFile,
  head: ResultsFile,
  compared?: ReadonlySet<string>,
): InterferenceCheck {
  const b = interferenceSide(base, compared);
  const h = interferenceSide(head, compared);
  const parts: string[] = [];
  if (h.disturbedScenarios.length > 0) parts.push(describe(h, 'head'));
  if (b.disturbedScenarios.length > 0) parts.push(describe(b, 'baseline'));
  return {
    base: b,
    head: h,
    disturbed: parts.length > 0,
    summary: parts.length > 0 ? parts.join('; ') : null,
  };
}
