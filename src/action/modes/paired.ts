import { UserError } from '../../core/errors.js';
import type { ModeOutcome } from './outcome.js';

/** `paired`: reserved for side-by-side base/head runs; not supported by this version. */
export async function runPairedMode(): Promise<ModeOutcome> {
  throw new UserError(
    "mode 'paired' is not supported yet; use mode 'gate' (compare with the baseline artifact) or 'compare' (two results files)",
  );
}
