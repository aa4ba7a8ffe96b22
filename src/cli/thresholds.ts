import {
  parseGatePolicyDocument,
  parseThresholdArgs,
  parseThresholdsDocument,
} from '../core/compare/thresholds.js';
import type { CompareOptions, Thresholds } from '../core/compare/types.js';
import { readInputFile } from './files.js';

/** The gate thresholds of `--thresholds FILE` and `--threshold METRIC=PCT…` (these win). */
export async function thresholdsFromFlags(
  args: readonly string[] | undefined,
  file: string | undefined,
  cwd: string,
): Promise<Thresholds> {
  const fromArgs = parseThresholdArgs(args ?? []);
  const fromFile = file
    ? parseThresholdsDocument(await readInputFile(file, cwd, 'thresholds file'), file)
    : {};
  return { ...fromFile, ...fromArgs };
}

/**
 * The gate policy of `--thresholds FILE` and `--threshold METRIC=PCT…`: thresholds, and the
 * file's headline promotions and demotions (`headline:` / `informational:` lists).
 */
export async function gatePolicyFromFlags(
  args: readonly string[] | undefined,
  file: string | undefined,
  cwd: string,
): Promise<Pick<CompareOptions, 'thresholds' | 'headline'>> {
  const fromArgs = parseThresholdArgs(args ?? []);
  if (!file) return { thresholds: fromArgs, headline: {} };
  const policy = parseGatePolicyDocument(await readInputFile(file, cwd, 'thresholds file'), file);
  return { thresholds: { ...policy.thresholds, ...fromArgs }, headline: policy.headline };
}
