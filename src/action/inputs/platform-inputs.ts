import { UserError } from '../../core/errors.js';
import { datapathsOf, isDatapathOf, type PlatformDatapath } from '../../platform/factory.js';
import type { ActionInputs } from './inputs.js';

/**
 * True when the step runs the suite here: mode paired (the two sides of `cni-config`), and modes
 * baseline and gate without `head-results`. Compare and comment read results files; there
 * `datapath` only names the default key.
 */
function measures(inputs: Pick<ActionInputs, 'mode' | 'headResults'>): boolean {
  if (inputs.mode === 'paired') return true;
  return (inputs.mode === 'gate' || inputs.mode === 'baseline') && !inputs.headResults;
}

/** Input `datapath` as a datapath of input `platform`, or a UserError naming the input and the valid names. */
export function datapathInput(inputs: Pick<ActionInputs, 'platform' | 'datapath'>): PlatformDatapath {
  if (isDatapathOf(inputs.platform, inputs.datapath)) return inputs.datapath;
  throw new UserError(
    `input 'datapath': '${inputs.datapath}' is not a ${inputs.platform} datapath; valid: ${datapathsOf(inputs.platform).join(', ')}`,
  );
}

/**
 * The platform inputs of a step that measures, checked together so that the platform layer (which
 * only asserts) and the bundled CLI the action may run under sudo never answer an action user with
 * a CLI flag: a datapath the platform has; `cni-config` exactly with datapath `custom` (mode paired
 * measures `cni-config` itself); `routing` (host-gw or vxlan, checked when read) only on the lab and
 * only where a conflist is measured; `kubeconfig` only on Kubernetes, where datapath `existing`
 * needs it.
 */
export function checkPlatformInputs(inputs: ActionInputs): void {
  if (!measures(inputs)) return;
  const paired = inputs.mode === 'paired';
  const lab = inputs.platform === 'lab';
  const datapath = paired ? 'custom' : datapathInput(inputs);
  if (!paired && datapath !== 'custom' && inputs.cniConfig) {
    throw new UserError(
      `input 'cni-config' is only used with datapath 'custom' or mode 'paired'; set datapath: custom to measure ${inputs.cniConfig}, or remove it`,
    );
  }
  if (inputs.routing !== null) {
    if (!lab) throw new UserError("input 'routing' is only used with platform 'lab' (remove it)");
    if (datapath !== 'custom') {
      throw new UserError(
        `input 'routing' is only used with datapath 'custom' or mode 'paired' (datapath '${datapath}' has its own routing)`,
      );
    }
  }
  if (inputs.kubeconfig !== null && lab) {
    throw new UserError(
      "input 'kubeconfig' is only used with platform 'kubernetes' (remove it, or set platform: kubernetes)",
    );
  }
  if (!lab && datapath === 'existing' && inputs.kubeconfig === null) {
    throw new UserError("datapath 'existing' needs input 'kubeconfig': the cluster whose CNI to measure");
  }
}
