import { parseThresholdArgs, parseThresholdsDocument } from '../core/compare/thresholds.js';
import type { Thresholds } from '../core/compare/types.js';
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
