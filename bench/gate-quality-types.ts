/** Record types of the gate benchmark's raw data (bench/data/gate-quality-*.jsonl). */
import type { ResultsFile } from '../src/core/results/types.js';

/** The lab scenarios of the gate benchmark. */
export type ScenarioName = 'aa' | 'tbf5' | 'tbf10' | 'rules5' | 'rules10' | 'iptables' | 'mtu' | 'vxlan';

/** Every scenario, in report order. */
export const ALL_SCENARIOS: readonly ScenarioName[] = [
  'aa',
  'tbf5',
  'tbf10',
  'rules5',
  'rules10',
  'iptables',
  'mtu',
  'vxlan',
];

/** A calibrated injection: the knob it turns and the measured throughput drop it aims at. */
export interface InjectionTarget {
  /** `rate`: tbf rate cap (bit/s) on the nodes' underlay; `rules`: extra non-matching FORWARD rules. */
  readonly knob: 'rate' | 'rules';
  readonly drop: number;
}

/** The calibrated injection scenarios. */
export const INJECTIONS: Readonly<Partial<Record<ScenarioName, InjectionTarget>>> = {
  tbf5: { knob: 'rate', drop: 0.05 },
  tbf10: { knob: 'rate', drop: 0.1 },
  rules5: { knob: 'rules', drop: 0.05 },
  rules10: { knob: 'rules', drop: 0.1 },
};

/** One judge's decision on one trial. */
export interface JudgeResult {
  readonly alarm: boolean;
  readonly verdict: string;
  /** Wall seconds from the first kept sample to the end of the last sample this judge needed. */
  readonly timeS: number;
  /** Pairs this judge read. */
  readonly n: number;
  /** Why the adaptive judge stopped. */
  readonly stop?: string;
  /** Metrics with a `regression` verdict. */
  readonly regressed?: string[];
}

/** What one trial produced, per judge (one line of the raw trials file). */
export interface TrialRecord {
  readonly scenario: ScenarioName;
  readonly description: string;
  /** Median base throughput over the trial's pairs. */
  readonly baseThroughputBps: number;
  /** Median per-pair throughput ratio head/base over all pairs (the size of the injected change). */
  readonly effectRatio: number;
  readonly wallS: number;
  /** The tbf rate of a calibrated tbf scenario. */
  readonly tbfRateBps?: number;
  /** The extra FORWARD rules of a calibrated rules scenario. */
  readonly extraRules?: number;
  /** The trial's two results files (all pairs), so the judges can be re-run from the raw data. */
  readonly files?: { readonly base: ResultsFile; readonly head: ResultsFile };
  /** Verdicts at the time of the run (default thresholds). */
  readonly judges: Record<string, JudgeResult>;
}

/** One calibration step: the knob value tried and the median per-pair ratio it measured. */
export interface CalibrationStep {
  /** tbf rate (bit/s) or rule count. */
  readonly value: number;
  readonly baseThroughputBps: number;
  readonly effectRatio: number;
  readonly pairs: number;
}

/** How an injection's starting knob value was found (one line of the calibration file). */
export interface CalibrationRecord {
  readonly scenario: ScenarioName;
  readonly knob: InjectionTarget['knob'];
  readonly targetDrop: number;
  readonly steps: readonly CalibrationStep[];
  /** The value the first trial used (after the last step's update). */
  readonly value: number;
}
