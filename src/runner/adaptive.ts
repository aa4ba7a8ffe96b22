import { compareResults } from '../core/compare/engine.js';
import type { Thresholds } from '../core/compare/types.js';
import type { ResultsFile, SamplingPlan } from '../core/results/types.js';
import type { TestId } from '../core/scenarios.js';
import { planLooks } from '../core/sequential/looks.js';
import { decideAfterLook, type LookDecision } from '../core/sequential/stop-rule.js';
import type { SuiteConfig } from '../core/suite/types.js';

/**
 * Metrics one sample of a test yields (tool metrics + CPU metrics): an upper bound of the tests
 * a scenario adds to the family (all-zero metrics such as retransmits are not tested).
 */
const METRICS_PER_TEST: Readonly<Record<TestId, number>> = {
  'tcp-stream': 5,
  'tcp-stream-parallel': 5,
  'udp-stream': 6,
  'http-max': 10,
  'http-fixed-rate': 10,
  'http-conn-rate': 10,
  'pod-churn': 4,
};

/** Settings of adaptive sampling in a paired run. */
export interface AdaptiveSettings {
  /** Family-wise α of the gate (default 0.01, the compare default). */
  readonly alpha?: number;
  /** Thresholds the stop rule judges with (the gate's). */
  readonly thresholds?: Thresholds;
  /** Pairs added between looks (default 4). */
  readonly step?: number;
}

/** The adaptive controller the runner consults after every look. */
export interface AdaptiveController {
  readonly plan: SamplingPlan;
  /** α one scenario's look is judged at: alphaPerLook split evenly over the suite's scenarios. */
  readonly alphaPerScenarioLook: number;
  /** Compares one scenario's samples so far (`base`/`head` hold that scenario only) and decides. */
  afterLook(input: {
    readonly base: ResultsFile;
    readonly head: ResultsFile;
    readonly n: number;
    readonly elapsedS: number;
    readonly budgetS: number;
  }): LookDecision;
}

/**
 * Builds the controller of a paired run: the look plan from the suite (maxRepetitions, the family
 * size of every scenario × its metrics) and the stop rule of src/core/sequential. Each scenario's
 * look is judged (Holm inside the scenario) at α/(K·S) for K planned looks and S scenarios, so the
 * union over scenarios and looks stays ≤ α. The plan records that α (`alphaPerScenarioLook`) and
 * `compare` judges the files' scenarios the same way, so the last look's verdict of a scenario is
 * the one the user gets (Holm over every metric at α/K, as before, could turn a look's regression
 * into `inconclusive` when the scenarios have different numbers of headline metrics).
 */
export function createAdaptiveController(
  suite: SuiteConfig,
  settings: AdaptiveSettings = {},
): AdaptiveController {
  const alpha = settings.alpha ?? 0.01;
  const scenarios = Math.max(1, suite.topologies.length * suite.tests.length);
  const perScenario = Math.max(...suite.tests.map((t) => METRICS_PER_TEST[t]), 1);
  const maxRepetitions = suite.maxRepetitions ?? Math.max(suite.repetitions, 2);
  const looks = planLooks({
    alpha,
    familySize: scenarios * perScenario,
    paired: true,
    maxRepetitions,
    ...(settings.step !== undefined ? { step: settings.step } : {}),
  });
  const alphaPerScenarioLook = looks.alphaPerLook / scenarios;
  const plan: SamplingPlan = {
    mode: 'adaptive',
    alpha,
    alphaPerLook: looks.alphaPerLook,
    alphaPerScenarioLook,
    looks: looks.looks,
    maxRepetitions,
    timeBudgetS: suite.timeBudgetS ?? 3600,
  };
  return {
    plan,
    alphaPerScenarioLook,
    afterLook({ base, head, n, elapsedS, budgetS }) {
      // Judged exactly as the final comparison of the files will be (compare reads the plan):
      // per scenario at alphaPerScenarioLook, the same bootstrap — so a look's regression or
      // settled verdict is the verdict the user gets.
      const report = compareResults(base, head, {
        paired: true,
        alpha: alphaPerScenarioLook,
        familyPerScenario: true,
        thresholds: settings.thresholds ?? {},
      });
      return decideAfterLook({ report, n, looks: plan.looks, elapsedS, budgetS });
    },
  };
}
