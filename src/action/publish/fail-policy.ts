import type { OverallVerdict } from '../../core/compare/types.js';
import type { FailOn } from '../inputs/inputs.js';

/**
 * True when the step must fail: `regression` fails on a regression, `inconclusive` also on
 * inconclusive and incomparable, `never` never. A null verdict (no comparison made) never fails.
 */
export function shouldFail(verdict: OverallVerdict | null, failOn: FailOn): boolean {
  if (verdict === null || failOn === 'never') return false;
  if (verdict === 'regression') return true;
  return failOn === 'inconclusive' && (verdict === 'inconclusive' || verdict === 'incomparable');
}
