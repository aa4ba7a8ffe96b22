import { METRICS, METRIC_IDS, type MetricId } from '../metrics.js';
import type { ResultsFile } from '../results/types.js';
import { createRng, deriveSeed } from '../stats/rng.js';
import { median, quantileOfSorted } from '../stats/quantile.js';
import { resampledMedians } from '../stats/resampled-median.js';
import type { HistoryPoint, HistorySubject } from './types.js';

/** A parsed results file and the name it was read from. */
export interface LoadedResults {
  readonly file: string;
  readonly results: ResultsFile;
}

/** A series before change-point analysis: its identity and its runs in time order. */
export interface RawSeries {
  readonly subject: HistorySubject;
  readonly scenario: string;
  readonly metric: MetricId;
  readonly points: HistoryPoint[];
}

/**
 * The kube-proxy mode a results file names: the subject's (lab modes, Kubernetes presets), else the
 * Kubernetes environment's, else a string in the suite.
 */
function kubeProxyMode(results: ResultsFile): string | null {
  const fromSubject = results.subject.kubeProxy;
  // The lab's iptables is what files written before kube-proxy modes ran: same series.
  const labDefault = results.subject.platform === 'lab' && fromSubject === 'iptables';
  if (typeof fromSubject === 'string' && fromSubject !== '' && !labDefault) return fromSubject;
  const fromCluster = results.environment.kubernetes?.kubeProxyMode;
  if (typeof fromCluster === 'string' && fromCluster !== '') return fromCluster;
  const fromSuite = (results.suite as Readonly<Record<string, unknown>>).kubeProxyMode;
  return typeof fromSuite === 'string' && fromSuite !== '' ? fromSuite : null;
}

/** The subject a series belongs to: platform, datapath and kube-proxy mode. */
export function historySubject(results: ResultsFile): HistorySubject {
  const mode = kubeProxyMode(results);
  const { platform, datapath } = results.subject;
  return {
    platform,
    datapath,
    kubeProxyMode: mode,
    key: [platform, datapath, ...(mode ? [mode] : [])].join('/'),
  };
}

/** Seeded bootstrap percentile CI of a sample's median. */
export function medianCi(
  values: readonly number[],
  confidence: number,
  resamples: number,
  seed: number,
): [number, number] {
  if (values.length < 2) return [values[0]!, values[0]!];
  const medians = resampledMedians(Float64Array.from(values).sort(), resamples, createRng(seed));
  medians.sort();
  const tail = (1 - confidence) / 2;
  return [quantileOfSorted(medians, tail), quantileOfSorted(medians, 1 - tail)];
}

function byTime(a: LoadedResults, b: LoadedResults): number {
  const ta = Date.parse(a.results.createdAt);
  const tb = Date.parse(b.results.createdAt);
  if (ta !== tb) return ta - tb;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/**
 * Groups runs into one series per subject × scenario × headline metric (METRICS[id].headline),
 * each ordered by `createdAt` (file name breaks ties). A run contributes a point when its scenario
 * has samples of the metric. Order of the result: subject key, scenario, metric catalogue order.
 */
export function buildSeries(
  runs: readonly LoadedResults[],
  options: { readonly confidence: number; readonly resamples: number; readonly seed: number },
): RawSeries[] {
  const series = new Map<string, RawSeries>();
  for (const run of [...runs].sort(byTime)) {
    const subject = historySubject(run.results);
    for (const scenario of run.results.scenarios) {
      if (scenario.skipped !== undefined) continue;
      for (const metric of METRIC_IDS) {
        if (!METRICS[metric].headline) continue;
        const values = scenario.samples
          .map((sample) => sample.metrics[metric])
          .filter((v): v is number => v !== undefined);
        if (values.length === 0) continue;
        const key = `${subject.key}\u0000${scenario.id}\u0000${metric}`;
        let entry = series.get(key);
        if (!entry) {
          entry = { subject, scenario: scenario.id, metric, points: [] };
          series.set(key, entry);
        }
        const seed = deriveSeed(options.seed, run.file, subject.key, scenario.id, metric);
        entry.points.push({
          createdAt: run.results.createdAt,
          median: median(values),
          ci: medianCi(values, options.confidence, options.resamples, seed),
          n: values.length,
          fingerprint: run.results.environment.fingerprint,
          ...(run.results.source ? { source: run.results.source } : {}),
          file: run.file,
        });
      }
    }
  }
  const order = (m: MetricId): number => METRIC_IDS.indexOf(m);
  return [...series.values()].sort(
    (a, b) =>
      (a.subject.key < b.subject.key ? -1 : a.subject.key > b.subject.key ? 1 : 0) ||
      (a.scenario < b.scenario ? -1 : a.scenario > b.scenario ? 1 : 0) ||
      order(a.metric) - order(b.metric),
  );
}
