import { counterDeltas, sampleCountersOf } from '../core/diagnostics/deltas.js';
import type { CounterReading, CounterValues } from '../core/diagnostics/types.js';
import { errorMessage } from '../core/errors.js';
import { workMeasureOf } from '../core/profile/fold.js';
import type { Sample } from '../core/results/types.js';
import type { TestId } from '../core/scenarios.js';
import type { Placement } from '../platform/platform.js';
import type { RunContext } from './run-context.js';

/** What the counters did during one tool run, and what reading them cost. */
export interface CountedDeltas {
  readonly scopes: Readonly<Record<string, CounterValues>>;
  readonly costMs: number;
}

/** Reading failures already logged, per run (one line per distinct failure, not per sample). */
const logged = new WeakMap<RunContext, Set<string>>();

function logOnce(run: RunContext, message: string): void {
  const seen = logged.get(run) ?? new Set<string>();
  logged.set(run, seen);
  if (seen.has(message)) return;
  seen.add(message);
  run.log(`diagnostics: kernel counters not read (the samples are kept without them): ${message}`);
}

/** One reading and its wall time; null (logged) when it fails. */
async function timedReading(
  run: RunContext,
  placement: Placement,
): Promise<{ reading: CounterReading; ms: number } | null> {
  const start = run.now();
  try {
    const reading = await placement.readCounters!();
    return { reading, ms: run.now() - start };
  } catch (error) {
    logOnce(run, errorMessage(error));
    return null;
  }
}

/**
 * Runs `tool` between two counter readings of the placement, when it has them and the test has a
 * unit of work. A reading that fails is one log line per run and no counters for the sample; a
 * placement that says why it has none is one log line per run and that reason returned. The
 * tool's own outcome (and errors) pass through untouched.
 */
export async function countedToolRun<T>(
  run: RunContext,
  placement: Placement | undefined,
  test: TestId,
  tool: () => Promise<T>,
): Promise<{ output: T; counted: CountedDeltas | null; unavailable?: string }> {
  if (!workMeasureOf(test)) return { output: await tool(), counted: null };
  if (!placement?.readCounters) {
    const unavailable = placement?.countersUnavailable;
    if (unavailable === undefined) return { output: await tool(), counted: null };
    logOnce(run, unavailable);
    return { output: await tool(), counted: null, unavailable };
  }
  const before = await timedReading(run, placement);
  const output = await tool();
  if (!before) return { output, counted: null };
  const after = await timedReading(run, placement);
  if (!after) return { output, counted: null };
  return {
    output,
    counted: { scopes: counterDeltas(before.reading, after.reading), costMs: before.ms + after.ms },
  };
}

/** The sample with its counters as `diagnostics` (per its test's unit of work), when there are any. */
export function withCounters(sample: Sample, test: TestId, counted: CountedDeltas | null): Sample {
  const measure = workMeasureOf(test);
  if (!counted || !measure) return sample;
  const counters = sampleCountersOf(
    counted.scopes,
    { unit: measure.unit, amount: measure.of(sample.metrics, sample.durationS) },
    counted.costMs,
  );
  return counters ? { ...sample, diagnostics: { ...sample.diagnostics, counters } } : sample;
}
