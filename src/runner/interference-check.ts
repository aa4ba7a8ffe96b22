/** Re-takes of one sample (or pair) before it is kept as it is (a bound even when the budget is not spent). */
export const MAX_RETAKES_PER_SAMPLE = 2;

/**
 * Disturbed attempts in a row after which re-taking stops for the rest of the run (until a sample
 * comes back clean): load that outlasts three samples is a steady co-tenant, and waiting for it to
 * leave would only spend the budget (a hogged quick run took 170 s instead of 105 s and recovered
 * nothing).
 */
export const STEADY_LOAD_STREAK = 3;

/**
 * Why a sample cannot be trusted under the suite's tolerance ("foreign CPU 48.2% > 10%"), or null
 * when it can (or when the platform could not measure interference: nothing to judge by).
 */
export { sampleDisturbance as disturbance } from '../core/compare/pair-load.js';
