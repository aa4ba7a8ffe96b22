/** The lab platform: nodes and pods as network namespaces, pods attached by real CNI plugins. */
export { applyImpairment, nonMatchingForwardRules, type LabImpairment } from './impairment.js';
export { createLabPlatform, DEFAULT_CNI_PATH, type LabPlatformOptions } from './lab-platform.js';
export { cleanupLabLeftovers, type LabCleanupOptions } from './cleanup.js';
export { createNodeLabDeps, type LabDeps, type Privileges } from './deps.js';
export { defaultCpuPinning, type CpuPinning } from './cpu-pinning.js';
export {
  LAB_DATAPATHS,
  isLabDatapath,
  labDatapathInfo,
  type LabDatapath,
  type LabDatapathInfo,
  type LabRouting,
} from './datapaths.js';
export { LAB_STATE_ROOT, makeRunId, validateRunId } from './address-plan.js';
