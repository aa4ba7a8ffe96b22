import { ToolError } from '../errors.js';
import type { MetricValues } from '../metrics.js';

/**
 * Refuses a tool output whose figures cannot be a measurement: every metric must be a finite number
 * of at least 0 (a negative rate, NaN or infinity is a broken tool or a corrupted file, never a
 * sample). Throws a ToolError naming the metric and the value.
 */
export function checkMeasurement(tool: string, metrics: MetricValues): void {
  for (const [id, value] of Object.entries(metrics)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new ToolError(
        tool,
        `not a valid measurement: ${id} is ${String(value)} (a finite number ≥ 0 is expected)`,
      );
    }
  }
}

/** A number a tool printed as `nan`, `-nan`, `inf` or `-inf` (C's printf of a broken figure), else null. */
export function nonFiniteWord(text: string): string | null {
  return /^[-+]?(?:nan|inf(?:inity)?)$/i.exec(text.trim())?.[0] ?? null;
}
