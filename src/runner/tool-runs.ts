import type { Endpoint, Placement, ServerKind, ToolInvocation } from '../platform/platform.js';
import type { Contender } from './contender.js';
import { abortable } from './interrupted.js';
import type { RunContext } from './run-context.js';

function placementOf(contender: Contender): Placement {
  const placement = contender.placement;
  if (!placement) throw new Error(`internal: ${contender.datapath} has no placement`);
  return placement;
}

/** Runs a client on the contender's placement, tracked so an abort can let it settle before teardown. */
export function runClient(
  run: RunContext,
  contender: Contender,
  invocation: ToolInvocation,
): ReturnType<Placement['runClient']> {
  const work = run.inFlight.track(placementOf(contender).runClient(invocation));
  return abortable(work, run.signal);
}

/** Starts (once per placement) the server a test needs. */
export async function endpointFor(
  run: RunContext,
  contender: Contender,
  kind: ServerKind,
): Promise<Endpoint> {
  const known = contender.endpoints.get(kind);
  if (known) return known;
  const endpoint = await abortable(placementOf(contender).startServer(kind), run.signal);
  contender.endpoints.set(kind, endpoint);
  return endpoint;
}
