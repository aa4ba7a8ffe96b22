import type { CounterChange, UnderneathReport } from '../compare/underneath-types.js';

/** A finite number or null (JSON has no NaN/Infinity). */
const num = (value: number | null): number | null =>
  value === null || !Number.isFinite(value) ? null : value;

function counterJson(c: CounterChange): Record<string, unknown> {
  return {
    scope: c.scope,
    counter: c.counter,
    label: c.label,
    moved: c.moved,
    ratio: num(c.ratio),
    ci: c.ci ? [num(c.ci[0]), num(c.ci[1])] : null,
    p: num(c.p),
    pAdjusted: num(c.pAdjusted),
    paired: c.paired,
    base: { n: c.base.n, median: num(c.base.median), perSample: num(c.base.perSample) },
    head: { n: c.head.n, median: num(c.head.median), perSample: num(c.head.perSample) },
  };
}

/** The JSON report's `underneath` section: every counter tested per explained scenario (schema: compare-report-v1). */
export function underneathJson(u: UnderneathReport): Record<string, unknown> {
  return {
    alpha: u.alpha,
    materialPct: u.materialPct,
    familySize: u.familySize,
    scenarios: u.scenarios.map((s) => ({
      scenario: s.scenario,
      verdict: s.verdict,
      metrics: [...s.metrics],
      workUnit: s.workUnit,
      paired: s.paired,
      negligible: s.negligible,
      note: s.note,
      counters: s.counters.map(counterJson),
    })),
  };
}
