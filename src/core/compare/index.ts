/** The comparison engine: results files in, a verdict per scenario × metric and overall out. */
export { compareResults, type CompareLabels } from './engine.js';
export { DEFAULT_COMPARE_OPTIONS, resolveCompareOptions, validateThresholds } from './options.js';
export { parseThresholdArgs, parseThresholdsDocument } from './thresholds.js';
export { diffEnvironments } from './environment-diff.js';
export type * from './types.js';
