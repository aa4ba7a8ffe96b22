import { UserError } from '../errors.js';
import { isMetricId, METRIC_IDS } from '../metrics.js';
import type { CompareOptions, Thresholds } from './types.js';

/**
 * Defaults of `compare`. 2000 bootstrap resamples keep the Monte-Carlo error of a 95% percentile
 * end well below the default thresholds (≈0.1 percentage points on CV-2% data) while a 600-metric
 * comparison still runs in a fraction of a second (bench/compare-speed.ts).
 */
export const DEFAULT_COMPARE_OPTIONS: CompareOptions = Object.freeze({
  alpha: 0.01,
  confidence: 0.95,
  bootstrapResamples: 2000,
  seed: 20240229,
  thresholds: Object.freeze({}),
  strictEnvironment: false,
  paired: false,
  familyPerScenario: false,
  minSamples: 3,
  clearConfidence: 0.95,
  headline: Object.freeze({}),
  // Calibrated by `npm run bench:drift` (docs/drift-quality.md).
  controlTolerancePct: 5,
  onControlDrift: 'normalize',
  // `npm run bench:drift`: always-normalised is no safer on the trials (0 false regressions either
  // way) and loses power, since the ratio adds the host path's own sample noise (docs/drift-quality.md).
  normalizeToControl: 'on-drift',
});

function fail(field: string, value: unknown, expected: string): never {
  throw new UserError(`compare option ${field} = ${JSON.stringify(value)} is invalid: expected ${expected}`);
}

/** Checks a thresholds map: known metric ids, finite percentages in [0, 1000]. */
export function validateThresholds(thresholds: Thresholds, source = 'thresholds'): Thresholds {
  const out: Thresholds = {};
  for (const [id, pct] of Object.entries(thresholds)) {
    if (!isMetricId(id)) {
      throw new UserError(`${source}: unknown metric id "${id}"; valid ids: ${METRIC_IDS.join(', ')}`);
    }
    if (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0 || pct > 1000) {
      throw new UserError(
        `${source}: threshold for ${id} must be a percentage between 0 and 1000, got ${JSON.stringify(pct)}`,
      );
    }
    out[id] = pct;
  }
  return out;
}

/** Fills in defaults and validates; bad values throw a one-line UserError naming the option. */
export function resolveCompareOptions(options: Partial<CompareOptions> = {}): CompareOptions {
  const merged = { ...DEFAULT_COMPARE_OPTIONS, ...stripUndefined(options) };
  if (!(merged.alpha > 0 && merged.alpha < 1))
    fail('alpha', merged.alpha, 'a number between 0 and 1, e.g. 0.01');
  if (!(merged.confidence > 0 && merged.confidence < 1)) {
    fail('confidence', merged.confidence, 'a number between 0 and 1, e.g. 0.95');
  }
  if (
    !Number.isInteger(merged.bootstrapResamples) ||
    merged.bootstrapResamples < 100 ||
    merged.bootstrapResamples > 1e6
  ) {
    fail('bootstrapResamples', merged.bootstrapResamples, 'an integer between 100 and 1000000');
  }
  if (!Number.isSafeInteger(merged.seed)) fail('seed', merged.seed, 'an integer');
  if (!Number.isInteger(merged.minSamples) || merged.minSamples < 2) {
    fail('minSamples', merged.minSamples, 'an integer of at least 2');
  }
  if (typeof merged.strictEnvironment !== 'boolean')
    fail('strictEnvironment', merged.strictEnvironment, 'true or false');
  if (typeof merged.paired !== 'boolean') fail('paired', merged.paired, 'true or false');
  if (typeof merged.familyPerScenario !== 'boolean')
    fail('familyPerScenario', merged.familyPerScenario, 'true or false');
  if (!(merged.clearConfidence >= 0.5 && merged.clearConfidence < 1)) {
    fail('clearConfidence', merged.clearConfidence, 'a number between 0.5 and 1, e.g. 0.95');
  }
  if (!(merged.controlTolerancePct >= 0 && merged.controlTolerancePct <= 100)) {
    fail('controlTolerancePct', merged.controlTolerancePct, 'a percentage between 0 and 100, e.g. 5');
  }
  if (merged.onControlDrift !== 'normalize' && merged.onControlDrift !== 'inconclusive') {
    fail('onControlDrift', merged.onControlDrift, '"normalize" or "inconclusive"');
  }
  if (merged.normalizeToControl !== 'always' && merged.normalizeToControl !== 'on-drift') {
    fail('normalizeToControl', merged.normalizeToControl, '"always" or "on-drift"');
  }
  for (const [id, value] of Object.entries(merged.headline ?? {})) {
    if (!isMetricId(id)) fail(`headline.${id}`, value, `a metric id (${METRIC_IDS.join(', ')})`);
    if (typeof value !== 'boolean') fail(`headline.${id}`, value, 'true or false');
  }
  return { ...merged, thresholds: validateThresholds(merged.thresholds ?? {}, 'compare option thresholds') };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
