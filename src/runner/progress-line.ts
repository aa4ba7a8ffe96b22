import type { ProgressEvent } from './types.js';

/**
 * The progress line of a sample about to start, the same in the CLI and the Action's log, e.g.
 * `[ 3/20] bridge-vxlan pod-to-pod-cross-node/tcp-stream rep 2/7 · 14 s`; a paired run counts pairs.
 * Samples re-taken for interference so far are counted at the end (`· 2 re-taken`).
 */
export function progressLine(e: ProgressEvent, unit: 'rep' | 'pair' = 'rep'): string {
  const width = String(e.total).length;
  const retaken = e.retaken ? ` · ${e.retaken} re-taken` : '';
  return `[${String(e.done + 1).padStart(width)}/${e.total}] ${e.datapath} ${e.scenario} ${unit} ${e.repetition}/${e.repetitions} · ${Math.round(e.elapsedS)} s${retaken}`;
}
