/**
 * Cleanup that must try every step: each step runs even when an earlier one failed, and `finish`
 * rethrows the first failure (so the caller still learns that something was left behind).
 */
export interface CleanupSteps {
  /** Runs one step; a failure is remembered, not thrown. */
  run(step: () => Promise<void>): Promise<void>;
  /** Throws the first failure of any step, if there was one. */
  finish(): void;
}

/** A fresh set of cleanup steps. */
export function cleanupSteps(): CleanupSteps {
  let failed = false;
  let first: unknown;
  return {
    async run(step) {
      try {
        await step();
      } catch (error) {
        if (!failed) first = error;
        failed = true;
      }
    },
    finish() {
      if (failed) throw first;
    },
  };
}
