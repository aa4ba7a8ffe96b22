import type { Sample } from '../core/results/types.js';
import { parseScenarioId, scenarioId, type ScenarioId } from '../core/scenarios.js';
import { median } from '../core/stats/quantile.js';
import { round1 } from '../core/stats/round.js';
import type { Contender } from './contender.js';
import { throwIfAborted } from './interrupted.js';
import { fixedRateTarget, httpMaxInvocation, type PacingMethod } from './invocations.js';
import type { RunContext } from './run-context.js';
import { toSample } from './sample.js';
import { endpointFor, runClient } from './tool-runs.js';

/** Longest calibration run for http-fixed-rate when http-max is not in the suite. */
const CALIBRATION_MAX_S = 3;

/** The fixed-rate plan for one platform + topology. */
export interface FixedRatePlan {
  readonly targetRps: number;
  readonly maxRps: number;
  readonly maxRpsFrom: 'http-max' | 'calibration';
  readonly pacing: PacingMethod;
}

/**
 * Target rate for http-fixed-rate on a contender's current placement: a fraction of http-max's
 * median RPS (http-max runs first on the same placement), or of a short calibration run.
 */
export async function planFixedRate(
  run: RunContext,
  contender: Contender,
  id: ScenarioId,
): Promise<FixedRatePlan> {
  const { suite } = run;
  const pacing: PacingMethod = contender.environment?.tools['wrk2'] ? 'wrk2' : 'wrk-lua-delay';
  const topology = parseScenarioId(id)?.topology;
  if (!topology) throw new Error(`internal: ${id} is not a scenario id`);
  const maxSamples = contender.samples.get(scenarioId(topology, 'http-max')) ?? [];
  const measured = maxSamples.map((s) => s.metrics.http_rps).filter((v): v is number => v !== undefined);
  let maxRps: number;
  let maxRpsFrom: FixedRatePlan['maxRpsFrom'];
  if (measured.length > 0) {
    maxRps = median(measured);
    maxRpsFrom = 'http-max';
  } else {
    throwIfAborted(run.signal);
    const durationS = Math.min(CALIBRATION_MAX_S, suite.http.durationS);
    run.log(`${contender.label}: ${id}: calibrating max RPS with a ${durationS} s wrk run`);
    const endpoint = await endpointFor(run, contender, 'http');
    const invocation = httpMaxInvocation(suite, endpoint, durationS);
    const output = await runClient(run, contender, invocation);
    maxRps = toSample(id, 'http-max', invocation, output).rps ?? 0;
    maxRpsFrom = 'calibration';
  }
  const targetRps = fixedRateTarget(maxRps, suite.http.fixedRateFraction);
  run.log(
    `${contender.label}: ${id}: offering ${targetRps} req/s (${suite.http.fixedRateFraction} × ${Math.round(maxRps)} from ${maxRpsFrom}) with ${pacing}`,
  );
  return { targetRps, maxRps, maxRpsFrom, pacing };
}

/** A fixed-rate sample as recorded: the parsed sample plus how its rate was planned and achieved. */
export function withRateNotes(sample: Sample, plan: FixedRatePlan, achievedRps: number | undefined): Sample {
  return {
    ...sample,
    notes: {
      pacing: plan.pacing,
      targetRps: plan.targetRps,
      achievedRps: round1(achievedRps ?? Number.NaN),
      maxRps: round1(plan.maxRps),
      maxRpsFrom: plan.maxRpsFrom,
    },
  };
}
