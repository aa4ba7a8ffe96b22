/**
 * Real folded stacks for tests of profile comparisons: the perf fixture
 * (test/fixtures/perf/perf-script-iperf3-hog.txt, 120 samples of `perf record -e cpu-clock -a -g`
 * during iperf3 traffic beside `sha256sum`), folded by the real parser as a "base", and a synthetic
 * "head" made from it by scaling the stacks through given kernel frames.
 */
import { readFileSync } from 'node:fs';
import { parsePerfScript } from '../../src/core/parsers/perf-script.js';
import { scenarioProfileOf } from '../../src/core/profile/fold.js';
import type { FoldedStacks, ScenarioProfile } from '../../src/core/profile/types.js';
import type { ResultsFile } from '../../src/core/results/types.js';

const FIXTURE = new URL('../fixtures/perf/perf-script-iperf3-hog.txt', import.meta.url);

/** The fixture folded by the real parser (`comm;root;…;leaf` → nanoseconds). */
export function fixtureFolded(): FoldedStacks {
  return parsePerfScript(readFileSync(FIXTURE, 'utf8'));
}

/** `folded` with every stack that passes through one of `scale`'s frames multiplied by its factor. */
export function scaleFrames(folded: FoldedStacks, scale: Readonly<Record<string, number>>): FoldedStacks {
  return Object.fromEntries(
    Object.entries(folded).map(([stack, ns]) => {
      const frames = stack.split(';');
      const factor = Object.entries(scale).find(([frame]) => frames.includes(frame))?.[1] ?? 1;
      return [stack, Math.round(ns * factor)];
    }),
  );
}

/** A scenario profile of one sample holding `folded`, which did `work` GB. */
export function profileOf(folded: FoldedStacks, work: number): ScenarioProfile {
  return scenarioProfileOf('perf record -e cpu-clock -a -g -F 499', 'GB', [{ folded, work }], 0);
}

/** `file` with `profile` on its scenario `id`. */
export function withProfile(file: ResultsFile, id: string, profile: ScenarioProfile): ResultsFile {
  return {
    ...file,
    scenarios: file.scenarios.map((s) => (s.id === id ? { ...s, profile } : s)),
  };
}
