import type { FoldedStacks } from '../core/profile/types.js';

/** A recording in progress; `stop` ends it and returns what it saw. */
export interface ProfileRecording {
  /** Stops recording and folds the stacks (throws a ToolError naming the recorder on failure). */
  stop(): Promise<FoldedStacks>;
}

/**
 * Records system-wide CPU profiles around kept samples (`run --profile`): every process and the
 * kernel, so the lab's namespaces and kind's node containers (which share this kernel) are seen.
 * Entry points construct it; the runner only starts and stops recordings.
 */
export interface Profiler {
  /** The recorder's command line, recorded in results (`perf record -e cpu-clock -a -g -F 999`). */
  readonly recorder: string;
  /** Starts a recording; resolves once it is recording. */
  start(): Promise<ProfileRecording>;
}
