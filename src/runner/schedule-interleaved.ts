import type { Contender } from './contender.js';
import type { RunContext } from './run-context.js';
import { RoundControls } from './round-controls.js';
import { sampleOnce, type ScenarioRun } from './sample-once.js';

/**
 * An unpaired scenario: `suite.repetitions` rounds, each taking one sample per contender in order
 * (A B C A B C …), so that drift hits every contender alike. Contenders with the same host path
 * share one control sample per round (RoundControls).
 */
export async function runInterleaved(
  run: RunContext,
  contenders: readonly Contender[],
  scenario: ScenarioRun,
): Promise<void> {
  for (let repetition = 1; repetition <= run.suite.repetitions; repetition++) {
    const round = new RoundControls();
    for (const contender of contenders) await sampleOnce(run, contender, scenario, repetition, 'kept', round);
  }
}
