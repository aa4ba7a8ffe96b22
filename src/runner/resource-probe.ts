import { errorMessage } from '../core/errors.js';
import type { MetricId } from '../core/metrics.js';
import { resourceCarrier, resourceMetrics, type ResourceReading } from '../core/resources.js';
import type { Sample } from '../core/results/types.js';
import type { ScenarioId } from '../core/scenarios.js';
import type { Contender, Slot } from './contender.js';
import { abortable } from './interrupted.js';
import type { RunContext } from './run-context.js';

/** Adds the resource metrics read around a sample to it (`bitsMoved`: what the sample moved, if bulk). */
export type AddResources = (sample: Sample, bitsMoved: number | undefined) => Sample;

/** A resource window opened before a sample: close it right after the tool run. */
export interface ResourceWindow {
  /** Reads again; resolves with the function that adds the metrics to the parsed sample. */
  close(): Promise<AddResources>;
}

/**
 * Opens a resource window when `scenario` carries the resource metrics (core/resources.ts:
 * resourceCarrier) on the contender's own placement and its platform has a resource probe: reads
 * the CNI's resources now. Null otherwise, and once the probe said its source is unavailable: that
 * is logged once (one line), recorded with the scenario, and the probe is not read again this run.
 */
export async function openResourceWindow(
  run: RunContext,
  contender: Contender,
  scenario: ScenarioId,
  slot: Slot,
): Promise<ResourceWindow | null> {
  if (slot !== contender.current || contender.resourceProbeOff || !contender.platform.resourceProbe)
    return null;
  if (resourceCarrier(run.suite) !== scenario) return null;
  const before = await read(run, contender);
  if (before === null) return null;
  if (!before.available) {
    turnOff(run, contender, scenario, before);
    return null;
  }
  return {
    async close() {
      const after = await read(run, contender);
      return (sample, bitsMoved) => {
        if (after === null) return sample;
        if (!after.available) {
          turnOff(run, contender, scenario, after);
          return sample;
        }
        return withResources(contender, scenario, sample, before, after, bitsMoved);
      };
    },
  };
}

/** The sample with the resource metrics of the two readings; a metric it lacks is noted with why. */
function withResources(
  contender: Contender,
  scenario: ScenarioId,
  sample: Sample,
  before: ResourceReading,
  after: ResourceReading,
  bitsMoved: number | undefined,
): Sample {
  const outcome = resourceMetrics(before, after, {
    durationS: sample.durationS,
    ...(bitsMoved !== undefined ? { bitsMoved } : {}),
  });
  const missing = Object.entries(outcome.unavailable) as [MetricId, string][];
  for (const [metric, reason] of missing) recordUnavailable(contender, scenario, metric, reason);
  const metrics = { ...sample.metrics, ...outcome.metrics };
  if (missing.length === 0) return { ...sample, metrics };
  const unavailable = missing.map(([metric, reason]) => `${metric}: ${reason}`).join('; ');
  return { ...sample, metrics, notes: { ...sample.notes, unavailable } };
}

/** One reading of the platform's probe; a probe that throws counts as unavailable (never fails the sample). */
async function read(run: RunContext, contender: Contender): Promise<ResourceReading | null> {
  try {
    const work = run.inFlight.track(contender.platform.resourceProbe!());
    return await abortable(work, run.signal);
  } catch (error) {
    if (run.signal?.aborted) throw error;
    return {
      available: false,
      reason: `resource probe failed: ${errorMessage(error).split('\n')[0]}`,
      metrics: [],
    };
  }
}

/** Logs the unavailable source once, records why with the scenario, and stops reading it. */
function turnOff(
  run: RunContext,
  contender: Contender,
  scenario: ScenarioId,
  reading: Extract<ResourceReading, { available: false }>,
): void {
  contender.resourceProbeOff = true;
  const metrics = reading.metrics.length > 0 ? reading.metrics.join(', ') : 'resource metrics';
  run.log(`${contender.label}: ${metrics} unavailable: ${reading.reason}`);
  for (const metric of reading.metrics) recordUnavailable(contender, scenario, metric, reading.reason);
}

function recordUnavailable(
  contender: Contender,
  scenario: ScenarioId,
  metric: MetricId,
  reason: string,
): void {
  const reasons = contender.unavailable.get(scenario) ?? new Map<MetricId, string>();
  if (!reasons.has(metric)) reasons.set(metric, reason);
  contender.unavailable.set(scenario, reasons);
}
