/** Pure logic of paired (ABBA) runs and adaptive sampling with error control across looks. */
export { abbaSchedule, abbaSides, type PairSide, type PairedSlot } from './abba.js';
export {
  DEFAULT_LOOK_STEP,
  exactMinP,
  lookSizes,
  planLooks,
  type LookPlan,
  type LookPlanInput,
} from './looks.js';
export { decideAfterLook, type LookDecision, type LookState } from './stop-rule.js';
export { detectPairing, type PairingDetection } from './pairing.js';
