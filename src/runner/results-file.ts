import { RESULTS_SCHEMA_VERSION, type ResultsFile, type ScenarioResult } from '../core/results/types.js';
import { parseScenarioId, scenarioId, testRunsIn, type ScenarioId } from '../core/scenarios.js';
import { CONTROL_TOPOLOGY } from '../core/metrics.js';
import type { Contender } from './contender.js';
import type { ControlPlan } from './control.js';
import type { RunContext } from './run-context.js';
import { scenarioProfile } from './sample-profile.js';
import type { PairedRunOptions } from './types.js';

/** Everything of a contender's results file but its scenarios: tool, time, subject, environment, suite. */
function resultsHeader(run: RunContext, contender: Contender): Omit<ResultsFile, 'scenarios'> {
  const environment = contender.environment;
  if (!environment) throw new Error(`internal: ${contender.label} has no environment`);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'cni-perf-gate', version: run.toolVersion },
    createdAt: new Date(run.startedMs).toISOString(),
    subject: contender.platform.subject(),
    environment,
    suite: run.suite,
  };
}

/** A results file holding only scenario `id` of a contender so far (for a look of adaptive sampling). */
export function scenarioResultsFile(run: RunContext, contender: Contender, id: ScenarioId): ResultsFile {
  const parts = parseScenarioId(id);
  if (!parts) throw new Error(`internal: ${id} is not a scenario id`);
  return {
    ...resultsHeader(run, contender),
    scenarios: [
      {
        id,
        ...parts,
        samples: contender.samples.get(id) ?? [],
      },
    ],
  };
}

/**
 * A contender's results file: every scenario of the suite in suite order, skipped ones marked, the
 * control's scenarios (when the run had one) after the pod scenarios.
 */
function contenderResultsFile(
  run: RunContext,
  contender: Contender,
  control: ControlPlan | null,
): ResultsFile {
  const scenarios: ScenarioResult[] = [];
  const topologies = control ? [...control.podTopologies, control.topology] : run.suite.topologies;
  for (const topology of topologies) {
    for (const test of run.suite.tests) {
      if (!testRunsIn(test, topology)) continue;
      const id = scenarioId(topology, test);
      const samples = contender.samples.get(id) ?? [];
      const skipped =
        contender.skipped.get(topology) ??
        contender.skippedScenarios.get(id) ??
        (topology === CONTROL_TOPOLOGY && test === 'http-fixed-rate' && samples.length === 0
          ? 'the control is not measured for http-fixed-rate: its rate is planned per pod placement'
          : undefined);
      const discarded = contender.discarded.get(id);
      const unavailable = contender.unavailable.get(id);
      const countersUnavailable = contender.countersUnavailable.get(id);
      const profile = scenarioProfile(run, test, samples, contender.folded);
      scenarios.push(
        skipped !== undefined
          ? { id, topology, test, samples: [], skipped }
          : {
              id,
              topology,
              test,
              samples,
              ...(contender.sampling.has(id) ? { sampling: contender.sampling.get(id)! } : {}),
              ...(discarded ? { discarded } : {}),
              ...(unavailable ? { unavailable: Object.fromEntries(unavailable) } : {}),
              ...(countersUnavailable !== undefined ? { countersUnavailable } : {}),
              ...(profile ? { profile } : {}),
            },
      );
    }
  }
  return { ...resultsHeader(run, contender), scenarios };
}

/** The run's results files, one per contender in order; a paired run's carry their pairing and plan. */
export function assembleResults(
  run: RunContext,
  contenders: readonly Contender[],
  paired: PairedRunOptions | undefined,
  control: ControlPlan | null,
): ResultsFile[] {
  const files = contenders.map((contender) => contenderResultsFile(run, contender, control));
  if (!paired) return files;
  const adaptive = paired.adaptive;
  return files.map((file, index) => ({
    ...file,
    pairing: {
      id: paired.pairingId,
      order: 'ABBA',
      role: index === 0 ? 'base' : 'head',
      warmupPairs: paired.warmupPairs ?? 1,
    },
    ...(adaptive ? { sampling: adaptive.plan } : {}),
  }));
}
