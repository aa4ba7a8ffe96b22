/** Baseline history: series of run medians per subject × scenario × headline metric, E-divisive change points. */
export * from './types.js';
export {
  eDivisive,
  bestSplit,
  E_DIVISIVE_DEFAULTS,
  type EDivisiveOptions,
  type EDivisiveChangePoint,
} from './e-divisive.js';
export { buildSeries, historySubject, medianCi, type LoadedResults, type RawSeries } from './series.js';
export { buildHistory, HISTORY_DEFAULTS } from './analyze.js';
export {
  historyBaseline,
  poolRuns,
  regressionsWithinSpread,
  type HistoryBaseline,
  type BaselineSpread,
  type WithinSpread,
} from './gate-baseline.js';
