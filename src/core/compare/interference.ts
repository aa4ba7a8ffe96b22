import type { ResultsFile } from '../results/types.js';
import type { InterferenceCheck, InterferenceSide } from './types.js';

function maxOf(values: readonly (number | undefined)[]): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return finite.length > 0 ? Math.max(...finite) : null;
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
    if (here > 0) disturbedScenarios.push(scenario.id);
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
  if (h.disturbed > 0) parts.push(describe(h, 'head'));
  if (b.disturbed > 0) parts.push(describe(b, 'baseline'));
  return {
    base: b,
    head: h,
    disturbed: b.disturbed > 0 || h.disturbed > 0,
    summary: parts.length > 0 ? parts.join('; ') : null,
  };
}
