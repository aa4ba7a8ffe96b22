/** Re-takes of one sample (or pair) before it is kept as it is (a bound even when the budget is not spent). */
export const MAX_RETAKES_PER_SAMPLE = 2;

/**
 * Why a sample cannot be trusted under the suite's tolerance ("foreign CPU 48.2% > 10%"), or null
 * when it can (or when the platform could not measure interference: nothing to judge by).
 */
export { sampleDisturbance as disturbance } from '../core/compare/pair-load.js';
