import type { SuiteConfig } from '../core/suite/types.js';
import { createInFlight, type InFlight } from './in-flight.js';
import type { Profiler } from './profiler.js';
import type { RunHooks, SuiteRunOptions } from './types.js';

/** Sample counters the schedulers share (progress events, the paired run's time budget). */
export interface RunProgress {
  /** Samples kept so far over the whole run. */
  done: number;
  /** Samples planned over the whole run (an adaptive stop lowers it). */
  total: number;
  /** Repetitions planned per scenario and datapath (adaptive: the plan's maximum). */
  readonly plannedReps: number;
  /** Scenarios in the suite, and how many of them are finished or skipped. */
  scenarioCount: number;
  scenariosDone: number;
  /** Samples discarded for interference and re-taken so far, and how many more may be. */
  retaken: number;
  retakesLeft: number;
  /** Disturbed attempts in a row, over the whole run (a kept undisturbed sample resets it). */
  disturbedStreak: number;
}

/** What every step of one runSuite call shares: the suite, the entry point's hooks, the clock, counters. */
export interface RunContext {
  readonly suite: SuiteConfig;
  /** This tool's version, recorded in results. */
  readonly toolVersion: string;
  readonly hooks: RunHooks;
  readonly signal: AbortSignal | undefined;
  readonly now: () => number;
  /** When the run started (`now()` at its start). */
  readonly startedMs: number;
  readonly progress: RunProgress;
  /** Tool runs in flight, so an abort or a failure can let them settle before teardown. */
  readonly inFlight: InFlight;
  /** `--profile`: records CPU profiles around kept samples; undefined when not profiling. */
  readonly profiler: Profiler | undefined;
  /** An informational line (skips, warnings). */
  log(line: string): void;
  /** Wraps a phase (prepare, a topology, teardown) in the entry point's log group, if any. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** The shared state of a run that starts now. */
export function createRunContext(options: SuiteRunOptions): RunContext {
  const hooks: RunHooks = options.hooks ?? {};
  const now = options.now ?? Date.now;
  const adaptive = options.paired?.adaptive;
  return {
    suite: options.suite,
    toolVersion: options.toolVersion,
    hooks,
    signal: hooks.signal,
    now,
    startedMs: now(),
    progress: {
      done: 0,
      total: 0,
      plannedReps: adaptive ? adaptive.plan.maxRepetitions : options.suite.repetitions,
      scenarioCount: 0,
      scenariosDone: 0,
      retaken: 0,
      retakesLeft: 0,
      disturbedStreak: 0,
    },
    inFlight: createInFlight(),
    profiler: options.profiler,
    log: (line) => hooks.onLog?.(line),
    group: (name, fn) => (hooks.group ? hooks.group(name, fn) : fn()),
  };
}
