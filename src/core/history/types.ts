import type { MetricId } from '../metrics.js';
import type { PlatformKind, Source } from '../results/types.js';

/** What a series is about: results of different subjects are never mixed in one series. */
export interface HistorySubject {
  readonly platform: PlatformKind;
  readonly datapath: string;
  /** kube-proxy mode when the results name one (Kubernetes environment or the suite), else null. */
  readonly kubeProxyMode: string | null;
  /** `platform/datapath[/kube-proxy mode]`, for labels and grouping. */
  readonly key: string;
}

/** One run (one results file) in a series. */
export interface HistoryPoint {
  readonly createdAt: string;
  /** Median of the run's samples of this metric. */
  readonly median: number;
  /** Seeded bootstrap 95% CI of that median ([median, median] for one sample). */
  readonly ci: readonly [number, number];
  /** Samples in the run. */
  readonly n: number;
  /** The run's environment fingerprint (`sha256:…`): a change marks a runner/kernel/tool change. */
  readonly fingerprint: string;
  /** Where the run came from, when the results say. */
  readonly source?: Source;
  /** The file it was read from, as given. */
  readonly file: string;
}

/** A step between two segments of a series. */
export interface HistoryChangePoint {
  /** Index (into the series' points) of the first run after the change. */
  readonly index: number;
  readonly createdAt: string;
  /** Median of the run medians in the segment before and after the change. */
  readonly before: number;
  readonly after: number;
  /** after / before, and its seeded bootstrap 95% CI (run medians resampled within each segment). */
  readonly ratio: number;
  readonly ci: readonly [number, number];
  /** Permutation p-value of the E-divisive test that accepted it. */
  readonly p: number;
  /** True when the environment fingerprint also changed at this run (the runner, not the CNI, may have moved). */
  readonly environmentChanged: boolean;
}

/** Latest segment against the one before it (or the whole series when there is no change point). */
export interface HistorySummary {
  readonly latest: number;
  /** Median of run medians in the latest segment, its run count and first index. */
  readonly segmentMedian: number;
  readonly segmentRuns: number;
  readonly segmentStart: number;
  /** Previous segment: null when the series has no change point. */
  readonly previousMedian: number | null;
  readonly ratio: number | null;
  readonly ci: readonly [number, number] | null;
  /** Run-to-run coefficient of variation of the latest segment's medians (0 with < 2 runs). */
  readonly runToRunCv: number;
}

/** One scenario × metric series of one subject. */
export interface HistorySeries {
  readonly subject: HistorySubject;
  readonly scenario: string;
  readonly metric: MetricId;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  /** Runs in createdAt order. */
  readonly points: readonly HistoryPoint[];
  readonly changePoints: readonly HistoryChangePoint[];
  /** Null when the series has fewer than 2 runs (see `note`). */
  readonly summary: HistorySummary | null;
  /** Why nothing could be said (e.g. fewer than 2 runs). */
  readonly note?: string;
}

/** A results file that could not be used, and why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** Settings the history was built with (echoed in reports). */
export interface HistorySettings {
  readonly alpha: number;
  readonly permutations: number;
  readonly minSegment: number;
  readonly seed: number;
  readonly confidence: number;
}

/** Everything `cni-perf-gate history` reports. */
export interface HistoryReport {
  readonly settings: HistorySettings;
  readonly files: number;
  readonly skipped: readonly SkippedFile[];
  readonly series: readonly HistorySeries[];
}
