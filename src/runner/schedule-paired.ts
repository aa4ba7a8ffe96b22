import type { ScenarioSampling } from '../core/results/types.js';
import { abbaSides } from '../core/sequential/abba.js';
import type { Contender } from './contender.js';
import { scenarioResultsFile } from './results-file.js';
import type { RunContext } from './run-context.js';
import { sampleOnce, type ScenarioRun } from './sample-once.js';
import { samplePair } from './sample-pair.js';
import type { PairedRunOptions } from './types.js';

/** The two sides of a paired run. */
export interface Pair {
  readonly base: Contender;
  readonly head: Contender;
}

/**
 * One scenario of a paired run: `warmupPairs` discarded pairs, then pairs in ABBA order up to
 * suite.repetitions, or — adaptive — up to each planned look, consulting the stop rule there.
 * Interference is judged per pair (samplePair).
 */
export async function runPairedScenario(
  run: RunContext,
  pair: Pair,
  scenario: ScenarioRun,
  paired: PairedRunOptions,
): Promise<void> {
  const { base, head } = pair;
  const adaptive = paired.adaptive;
  for (let w = 0; w < (paired.warmupPairs ?? 1); w++) {
    for (const side of [base, head]) await sampleOnce(run, side, scenario, 0, 'warmup');
  }
  const scenarioStart = run.now();
  let n = 0;
  let target = adaptive ? adaptive.plan.looks[0]! : run.suite.repetitions;
  const looks: number[] = [];
  for (;;) {
    while (n < target) {
      await samplePair(run, abbaSides(n), pair, scenario, n + 1);
      n++;
    }
    if (!adaptive) return;
    looks.push(n);
    const { progress } = run;
    const elapsedRunS = (scenarioStart - run.startedMs) / 1000;
    const scenariosLeft = Math.max(1, progress.scenarioCount - progress.scenariosDone);
    const decision = adaptive.afterLook({
      base: scenarioResultsFile(run, base, scenario.id),
      head: scenarioResultsFile(run, head, scenario.id),
      n,
      elapsedS: (run.now() - scenarioStart) / 1000,
      budgetS: Math.max(0, adaptive.plan.timeBudgetS - elapsedRunS) / scenariosLeft,
    });
    run.log(
      `${scenario.id}: ${decision.detail}${decision.stop ? ` → stop (${decision.reason})` : ` → sampling to n = ${decision.next}`}`,
    );
    if (decision.stop) {
      const facts: ScenarioSampling = { n, looks: [...looks], stopReason: decision.reason };
      base.sampling.set(scenario.id, facts);
      head.sampling.set(scenario.id, facts);
      // Samples planned but not taken no longer count towards the progress total.
      progress.total -= 2 * (adaptive.plan.maxRepetitions - n);
      return;
    }
    target = decision.next;
  }
}
