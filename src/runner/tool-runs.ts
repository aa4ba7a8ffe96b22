import type { Endpoint, Placement, ServerKind, ToolInvocation } from '../platform/platform.js';
import type { Contender, Slot } from './contender.js';
import { abortable } from './interrupted.js';
import type { RunContext } from './run-context.js';

function placementOf(contender: Contender, slot: Slot): Placement {
  const placement = slot.placement;
  if (!placement) throw new Error(`internal: ${contender.label} has no placement`);
  return placement;
}

/** Runs a client on the contender's placement (its current slot's, or the given one's, e.g. its control), tracked so an abort can let it settle before teardown. */
export function runClient(
  run: RunContext,
  contender: Contender,
  invocation: ToolInvocation,
  slot: Slot = contender.current,
): ReturnType<Placement['runClient']> {
  const work = run.inFlight.track(placementOf(contender, slot).runClient(invocation));
  return abortable(work, run.signal);
}

/** Starts (once per placement) the server a test needs. */
export async function endpointFor(
  run: RunContext,
  contender: Contender,
  kind: ServerKind,
  slot: Slot = contender.current,
): Promise<Endpoint> {
  const known = slot.endpoints.get(kind);
  if (known) return known;
  const endpoint = await abortable(placementOf(contender, slot).startServer(kind), run.signal);
  slot.endpoints.set(kind, endpoint);
  return endpoint;
}
