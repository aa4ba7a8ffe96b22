import type { ResultsFile } from '../results/types.js';

/** Whether two results files are the two sides of one paired run. */
export interface PairingDetection {
  readonly paired: boolean;
  /** A sentence for the report (null when neither file carries a pairing). */
  readonly note: string | null;
}

/**
 * True when both files hold the same run: the same creation time, pairing and samples (the same
 * file passed twice, or a copy of it). Comparing them unpaired would treat one set of samples as two
 * independent draws and leave a bootstrap interval as wide as the run's noise around a ratio that is
 * exactly 1 by construction.
 */
export function sameRun(base: ResultsFile, head: ResultsFile): boolean {
  return (
    base === head ||
    (base.createdAt === head.createdAt &&
      JSON.stringify(base.pairing) === JSON.stringify(head.pairing) &&
      JSON.stringify(base.scenarios) === JSON.stringify(head.scenarios))
  );
}

/**
 * Two files are paired when they are the same run (see sameRun), or when both carry the same
 * `pairing.id`. The note says so, and warns when the roles are swapped (the head of the run passed
 * as BASE), which inverts every ratio.
 */
export function detectPairing(base: ResultsFile, head: ResultsFile): PairingDetection {
  if (sameRun(base, head)) {
    return {
      paired: true,
      note: 'base and head are the same run (identical samples): each sample is compared with itself, so nothing changed',
    };
  }
  const b = base.pairing;
  const h = head.pairing;
  if (!b && !h) return { paired: false, note: null };
  if (!b || !h || b.id !== h.id) {
    return {
      paired: false,
      note: `compared unpaired: the files are not the two sides of one paired run (pairing ids ${b?.id ?? 'none'} / ${h?.id ?? 'none'})`,
    };
  }
  const swapped = b.role !== 'base' || h.role !== 'head';
  return {
    paired: true,
    note:
      `compared paired (Wilcoxon signed-rank on per-pair log ratios): both files carry pairing id ${b.id} (${b.order} order, ${b.warmupPairs} warm-up pair(s) discarded)` +
      (swapped ? `; note: BASE is the run's ${b.role} side and HEAD its ${h.role} side` : ''),
  };
}
