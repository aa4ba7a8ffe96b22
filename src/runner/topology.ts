import { errorMessage } from '../core/errors.js';
import type { TopologyId } from '../core/scenarios.js';
import type { Contender } from './contender.js';
import { throwIfAborted } from './interrupted.js';
import type { RunContext } from './run-context.js';

/**
 * The contenders that run `topology`; the others record why they skip it. In a paired run a pair
 * needs both sides, so when one side cannot run it the other skips it too.
 */
export function contendersFor(
  run: RunContext,
  contenders: readonly Contender[],
  topology: TopologyId,
  paired: boolean,
): Contender[] {
  const active: Contender[] = [];
  for (const contender of contenders) {
    const reason = contender.platform.supports(topology);
    if (reason === null) active.push(contender);
    else {
      contender.skipped.set(topology, reason);
      run.log(`${contender.label}: skipping ${topology}: ${reason}`);
    }
  }
  if (paired && active.length === 1) {
    const [only] = active as [Contender];
    const other = contenders.find((c) => c !== only)!;
    const reason = `${other.label} cannot run it: ${other.skipped.get(topology) ?? 'unsupported'}`;
    only.skipped.set(topology, reason);
    run.log(`${only.label}: skipping ${topology} in the paired run: ${reason}`);
    return [];
  }
  return active;
}

/**
 * Places every contender on `topology`, runs `work`, then — also after a failure or an abort —
 * lets in-flight tool runs settle and releases every placement (a failed release is logged).
 */
export async function withPlacements(
  run: RunContext,
  contenders: readonly Contender[],
  topology: TopologyId,
  work: () => Promise<void>,
): Promise<void> {
  try {
    for (const contender of contenders) {
      throwIfAborted(run.signal);
      contender.current.placement = await contender.platform.place(topology);
      contender.current.endpoints.clear();
    }
    await work();
  } finally {
    await run.inFlight.settle();
    for (const contender of contenders) {
      const placement = contender.current.placement;
      contender.current.placement = undefined;
      if (!placement) continue;
      try {
        await placement.release();
      } catch (error) {
        // After an abort, platform work fails by design; teardown removes everything anyway.
        if (!run.signal?.aborted)
          run.log(`${contender.label}: releasing ${topology} failed: ${errorMessage(error)}`);
      }
    }
  }
}
