import { ToolError } from '../../core/errors.js';

/** Why a Kubernetes workload did not produce a result. */
export type KubernetesFailureReason =
  'ImagePull' | 'Unschedulable' | 'CrashLoop' | 'PodFailed' | 'Timeout' | 'NotReady' | 'Api';

/**
 * A pod, the CNI or the API server did not do what the run needs. One line naming the object,
 * the reason and what was seen; `reason` lets callers and tests tell the cases apart.
 */
export class KubernetesError extends ToolError {
  override readonly name = 'KubernetesError' as 'UserError';
  constructor(
    readonly reason: KubernetesFailureReason,
    message: string,
  ) {
    super('kubernetes', message);
  }
}
