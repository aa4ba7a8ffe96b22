import { ToolError } from '../core/errors.js';
import { podChurnMetrics } from '../core/pod-churn.js';
import type { Sample } from '../core/results/types.js';
import { DEFAULT_POD_CHURN } from '../core/suite/profiles.js';
import type { SuiteConfig } from '../core/suite/types.js';
import type { Endpoint, Placement, PodChurnRequest } from '../platform/platform.js';

/** The burst one pod-churn sample asks for, from the suite's `podChurn` settings. */
export function podChurnRequest(suite: SuiteConfig, target: Endpoint): PodChurnRequest {
  const settings = suite.podChurn ?? DEFAULT_POD_CHURN;
  return {
    pods: settings.pods,
    parallel: settings.parallel,
    target,
    connectTimeoutMs: settings.connectTimeoutS * 1000,
  };
}

/** Why a placement cannot take pod-churn samples, or null when it can. */
export function podChurnSkipReason(placement: Placement | undefined): string | null {
  if (placement?.churnPods) return null;
  return 'this platform cannot create pods for pod-churn here (no CNI to set pods up, e.g. the host datapath)';
}

/** One pod-churn sample: a burst of pods on the placement, reduced to the sample's metrics. */
export async function podChurnSample(placement: Placement, request: PodChurnRequest): Promise<Sample> {
  if (!placement.churnPods) throw new ToolError('pod-churn', podChurnSkipReason(placement)!);
  const output = await placement.churnPods(request);
  if (output.pods.length === 0) throw new ToolError('pod-churn', 'the burst created no pods');
  return {
    metrics: podChurnMetrics(output.pods),
    startedAt: output.startedAt,
    durationS: output.durationS,
  };
}
