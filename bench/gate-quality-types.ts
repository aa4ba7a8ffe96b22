/** Record types of the gate benchmark's raw data (bench/data/gate-quality-quick-*.jsonl). */
import type { ResultsFile } from '../src/core/results/types.js';

/** The lab scenarios of the gate benchmark. */
export type ScenarioName =
  'aa' | 'tcp5' | 'tcp10' | 'rps5' | 'rps10' | 'mtu' | 'vxlan' | 'hog-aa' | 'hog-vxlan';

/** Every scenario, in report order. */
export const ALL_SCENARIOS: readonly ScenarioName[] = [
  'aa',
  'tcp5',
  'tcp10',
  'rps5',
  'rps10',
  'mtu',
  'vxlan',
  'hog-aa',
  'hog-vxlan',
];

/** Scenarios run with a steady co-tenant CPU hog for the whole trial. */
export const HOG_SCENARIOS: readonly ScenarioName[] = ['hog-aa', 'hog-vxlan'];

/** The A/A scenarios (no change between base and head). */
export const AA_SCENARIOS: readonly ScenarioName[] = ['aa', 'hog-aa'];

/** The headline effects the benchmark measures per trial. */
export type EffectName = 'tcp' | 'rps' | 'p50';

/**
 * A calibrated injection: the knob it turns, the headline effect it is calibrated on and the
 * measured drop it aims at.
 */
export interface InjectionTarget {
  /** `rate`: tbf rate cap (bit/s) on the nodes' underlay; `rules`: extra non-matching FORWARD rules. */
  readonly knob: 'rate' | 'rules';
  readonly effect: EffectName;
  readonly drop: number;
  /** The knob value calibration starts from. */
  readonly start: number;
}

/** The calibrated injection scenarios. */
export const INJECTIONS: Readonly<Partial<Record<ScenarioName, InjectionTarget>>> = {
  // Rule costs are per packet, so the relative drop holds when other load moves the base (a tbf
  // rate cap is absolute: on the shared machine its effect swung from −23% to +18% between runs).
  // Starts from batches 2–3 of the quick suite: 50 rules measured −5.1% TCP over 6 calibration
  // pairs and its trials (47–103 rules) −5.2%; 100 rules −4.8% RPS (trials at 25–100: −3.6%);
  // 140 ≈ −10% TCP.
  tcp5: { knob: 'rules', effect: 'tcp', drop: 0.05, start: 50 },
  tcp10: { knob: 'rules', effect: 'tcp', drop: 0.1, start: 140 },
  rps5: { knob: 'rules', effect: 'rps', drop: 0.05, start: 100 },
  rps10: { knob: 'rules', effect: 'rps', drop: 0.1, start: 60 },
};

/** One judge's decision on one trial (the whole quick suite: every scenario). */
export interface JudgeResult {
  readonly alarm: boolean;
  readonly verdict: string;
  /** Sum over scenarios of the wall seconds from a scenario's first kept sample to its last needed one. */
  readonly timeS: number;
  /** Pairs this judge read, per scenario id. */
  readonly n: Readonly<Record<string, number>>;
  /** Why the adaptive judge stopped, per scenario id. */
  readonly stop?: Readonly<Record<string, string>>;
  /** `scenario metric` of each regressed gating metric. */
  readonly regressed?: string[];
  /** The overall verdict's reason. */
  readonly reason?: string;
}

/** Median per-pair head/base ratios of the headline metrics over a trial's pairs. */
export type Effects = Readonly<Record<EffectName, number | null>>;

/** What one trial produced (one line of the raw trials file). */
export interface TrialRecord {
  /** Marks the quick-suite format (the TCP-only trials of earlier runs have none). */
  readonly bench: 'quick-suite';
  readonly scenario: ScenarioName;
  readonly description: string;
  readonly startedAt: string;
  /** Median base TCP throughput and RPS over the trial's pairs. */
  readonly baseThroughputBps: number | null;
  readonly baseRps: number | null;
  readonly effects: Effects;
  readonly wallS: number;
  /** os.loadavg() (1, 5, 15 min) when the trial started and when it ended. */
  readonly loadAvgStart: readonly number[];
  readonly loadAvgEnd: readonly number[];
  /** The co-tenant hog's command line, when the trial ran one. */
  readonly hog?: string;
  /** The tbf rate / extra FORWARD rules of a calibrated scenario. */
  readonly tbfRateBps?: number;
  readonly extraRules?: number;
  /** The client/server CPU pinning the trial ran with (BENCH_PIN; absent: recorded before pinning existed, not pinned). */
  readonly pinning?: { readonly client: number; readonly server: number } | null;
  /** The trial's two results files (all pairs), so the judges can be re-run from the raw data. */
  readonly files: { readonly base: ResultsFile; readonly head: ResultsFile };
  /** Verdicts at the time of the run. */
  readonly judges: Record<string, JudgeResult>;
}

/** One calibration step: the knob value tried and the median per-pair ratio it measured. */
export interface CalibrationStep {
  readonly value: number;
  readonly effectRatio: number;
  readonly pairs: number;
}

/** How an injection's starting knob value was found (one line of the calibration file). */
export interface CalibrationRecord {
  readonly bench: 'quick-suite';
  readonly scenario: ScenarioName;
  readonly knob: InjectionTarget['knob'];
  readonly effect: EffectName;
  readonly targetDrop: number;
  readonly steps: readonly CalibrationStep[];
  /** The value the first trial used (after the last step's update). */
  readonly value: number;
}
