import type { ScenarioId } from '../core/scenarios.js';
import type { Profiler } from './profiler.js';
import type { SuiteConfig } from '../core/suite/types.js';
import type { AdaptiveController } from './adaptive.js';

/** Reported before each sample, so entry points can show a progress line / log group. */
export interface ProgressEvent {
  /** Datapath (subject) the sample is for. */
  readonly datapath: string;
  readonly scenario: ScenarioId;
  /** 1-based repetition index of this scenario for this datapath. */
  readonly repetition: number;
  readonly repetitions: number;
  /** Samples finished so far over the whole run, and the total planned. */
  readonly done: number;
  readonly total: number;
  /** Seconds since the run started. */
  readonly elapsedS: number;
  /** Samples discarded for interference and re-taken so far over the whole run. */
  readonly retaken?: number;
}

/** Side-effect hooks the entry point provides (CLI progress line, Action log groups). */
export interface RunHooks {
  onProgress?(event: ProgressEvent): void;
  /** Informational lines (skips, warnings). */
  onLog?(line: string): void;
  /** Wraps a phase (prepare, the control, a topology, teardown) — the Action maps it to a log group. */
  group?<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Aborts the run (SIGINT/SIGTERM); teardown still happens. */
  readonly signal?: AbortSignal;
  /**
   * Told each platform's run id as entry points build the platforms (before anything exists), so
   * they can note what to clean up if the process dies (the Action's post step).
   */
  onRunId?(label: string, runId: string): void;
}

/** Everything runSuite needs besides the platforms. */
export interface SuiteRunOptions {
  readonly suite: SuiteConfig;
  /** This tool's version, recorded in results. */
  readonly toolVersion: string;
  readonly hooks?: RunHooks;
  /** Clock, injectable for tests. Defaults to Date.now. */
  readonly now?: () => number;
  /** Paired mode (two platforms: base then head). */
  readonly paired?: PairedRunOptions;
  /** `--profile`: CPU profiles of kept samples (system-wide); absent: none. */
  readonly profiler?: Profiler;
}

/** A paired run: exactly two platforms (base, head) sampled in ABBA order after a warm-up. */
export interface PairedRunOptions {
  /** Recorded as `pairing.id` in both results files. */
  readonly pairingId: string;
  /** Pairs run and discarded before the kept ones (default 1). */
  readonly warmupPairs?: number;
  /** Adaptive sampling: stop per scenario when its verdicts settle (absent: suite.repetitions pairs). */
  readonly adaptive?: AdaptiveController;
}
