import { CONTROL_TOPOLOGY, METRIC_IDS, METRICS, type MetricId } from '../metrics.js';
import type { ResultsFile, Sample, ScenarioResult } from '../results/types.js';
import { median } from '../stats/quantile.js';
import type { ControlCheck, ControlShift } from './types.js';

/** The control scenario of a test: the host network path between the same nodes. */
export function controlScenarioId(test: string): string {
  return `${CONTROL_TOPOLOGY}/${test}`;
}

/** True for the control scenarios (host-cross-node/…). */
export function isControlScenario(id: string): boolean {
  return id.startsWith(`${CONTROL_TOPOLOGY}/`);
}

/** Raw metrics that have a `…_vs_host` counterpart, with it. */
const NORMALISED: readonly (readonly [MetricId, MetricId])[] = METRIC_IDS.flatMap((id) => {
  const raw = METRICS[id].normalizes;
  return raw ? [[raw, id] as const] : [];
});

/** True when the file holds a measured (not skipped, non-empty) control for `test`. */
function controlOf(file: ResultsFile, test: string): ScenarioResult | undefined {
  const id = controlScenarioId(test);
  return file.scenarios.find((s) => s.id === id && s.skipped === undefined && s.samples.length > 0);
}

/** True when the file measured the control for at least one of its pod scenarios' tests. */
export function hasControl(file: ResultsFile): boolean {
  return file.scenarios.some((s) => !isControlScenario(s.id) && controlOf(file, s.test) !== undefined);
}

/** True when the file has pod scenarios (not only the control), i.e. the control is a control. */
export function hasPodScenarios(file: ResultsFile): boolean {
  return file.scenarios.some((s) => !isControlScenario(s.id));
}

/**
 * The file with `…_vs_host` metrics added to every pod-scenario sample that has a control: the pod
 * value divided by the control value of the same repetition (samples i of both, taken next to each
 * other when the runner interleaves them), or by the control's median when the counts differ.
 * The control's own samples are left as they are.
 */
export function withControlRatios(file: ResultsFile): ResultsFile {
  const scenarios = file.scenarios.map((scenario): ScenarioResult => {
    if (isControlScenario(scenario.id) || scenario.skipped !== undefined) return scenario;
    const control = controlOf(file, scenario.test);
    if (!control) return scenario;
    const byIndex = control.samples.length === scenario.samples.length;
    const medians = new Map<MetricId, number>();
    for (const [raw] of NORMALISED) {
      const values = control.samples
        .map((s) => s.metrics[raw])
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (values.length > 0) medians.set(raw, median(values));
    }
    const samples = scenario.samples.map((sample, index): Sample => {
      const metrics = { ...sample.metrics };
      for (const [raw, derived] of NORMALISED) {
        const pod = sample.metrics[raw];
        const host = byIndex ? control.samples[index]?.metrics[raw] : medians.get(raw);
        if (typeof pod === 'number' && typeof host === 'number' && host > 0 && Number.isFinite(pod / host))
          metrics[derived] = pod / host;
      }
      return { ...sample, metrics };
    });
    return { ...scenario, samples };
  });
  return { ...file, scenarios };
}

/** A shift of the control between base and head, as measured by a comparison of its samples. */
export interface ControlMeasurement {
  readonly scenario: ControlShift['scenario'];
  readonly metric: MetricId;
  readonly ratio: number | null;
  readonly ci: readonly [number, number] | null;
}

const pct = (ratio: number): string => `${Math.abs((ratio - 1) * 100).toFixed(1)}%`;

/** "21.0% slower" / "8.3% faster" for a ratio of a metric (direction by the metric's better side). */
function direction(metric: MetricId, ratio: number): string {
  const worse = METRICS[metric].better === 'higher' ? ratio < 1 : ratio > 1;
  return `${pct(ratio)} ${worse ? 'slower' : 'faster'}`;
}

/**
 * How `compare` treats the control: compare options controlTolerancePct, onControlDrift and
 * normalizeToControl.
 */
export interface ControlPolicy {
  readonly tolerancePct: number;
  readonly onDrift: 'normalize' | 'inconclusive';
  readonly normalize: 'always' | 'on-drift';
  /**
   * Pairs per scenario when the comparison is paired (base and head alternated on one runner):
   * drift cancels within pairs, so a missing control is expected, not a gap.
   */
  readonly pairs?: number | null;
}

/**
 * Decides whether the runner changed between base and head from the control's headline metrics
 * (the caller passes those, by the catalogue's roles in each test, not the user's promotions): it
 * moved when some metric's CI lies entirely beyond ±tolerance. The summary names the largest move ("the runner's host path is 21.0% slower than the baseline's: tcp_throughput_bps on
 * host-cross-node/tcp-stream, CI …").
 */
export function checkControl(
  presence: ControlCheck['presence'],
  measurements: readonly ControlMeasurement[],
  policy: ControlPolicy,
): ControlCheck {
  const { tolerancePct, onDrift, normalize } = policy;
  const tol = tolerancePct / 100;
  const shifts: ControlShift[] = measurements
    .filter((m) => !METRICS[m.metric].interference)
    .map((m) => ({
      ...m,
      moved: m.ci !== null && (m.ci[1] < 1 - tol || m.ci[0] > 1 + tol),
    }));
  const moved = presence === 'both' && shifts.some((s) => s.moved);
  let summary: string | null = null;
  if (policy.pairs && presence !== 'both') {
    summary = `paired run: base and head alternated on one runner (ABBA), so runner drift cancels within each of the ${policy.pairs} pairs; no separate control is needed`;
  } else if (presence === 'base-missing' || presence === 'head-missing') {
    summary = `the ${presence === 'base-missing' ? 'baseline' : 'head run'} has no control (${CONTROL_TOPOLOGY}): runner drift cannot be told from a CNI change`;
  } else if (presence === 'none') {
    summary = `no control (${CONTROL_TOPOLOGY}) in these results: runner drift cannot be told from a CNI change`;
  } else if (moved) {
    const largest = shifts
      .filter((s) => s.moved && s.ratio !== null)
      .sort((a, b) => Math.abs(Math.log(b.ratio!)) - Math.abs(Math.log(a.ratio!)))[0]!;
    const ci = largest.ci!;
    const then =
      onDrift === 'normalize'
        ? 'pod metrics are judged relative to the host path of their own run'
        : 'nothing is judged';
    summary =
      `the runner's host path is ${direction(largest.metric, largest.ratio!)} than the baseline's ` +
      `(${largest.metric} on ${largest.scenario}, CI ${fmtRatio(ci[0])}…${fmtRatio(ci[1])}, tolerance ±${tolerancePct}%): ${then}`;
  }
  return {
    presence,
    tolerancePct,
    shifts,
    moved,
    normalized: presence === 'both' && (moved ? onDrift === 'normalize' : normalize === 'always'),
    summary,
  };
}

function fmtRatio(ratio: number): string {
  const delta = (ratio - 1) * 100;
  return `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)}%`;
}
