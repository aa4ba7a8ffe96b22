import { CONTROL_TOPOLOGY } from '../core/metrics.js';
import type { Sample } from '../core/results/types.js';
import { parseScenarioId, type ScenarioId } from '../core/scenarios.js';
import type { Contender } from './contender.js';

/**
 * Which contenders measure the same host path: the same machine facts (environment fingerprint),
 * platform, kube-proxy mode and BPF programs (the service rules and tc programs of a contender sit
 * on its host path too). Contenders of one group may share a control sample.
 */
export function controlGroupOf(contender: Contender): string {
  const subject = contender.platform.subject();
  return JSON.stringify([
    contender.environment?.fingerprint ?? contender.label,
    subject.platform,
    subject.kubeProxy ?? null,
    Object.keys(subject.bpf ?? {}).sort(),
  ]);
}

/**
 * True when the contender's pod path of `scenario` is the host path itself: the lab's `host`
 * datapath puts no namespace between node and "pod", so its cross-node pod samples measure exactly
 * what the control (host-cross-node) would.
 */
export function podPathIsHostPath(contender: Contender, scenario: ScenarioId): boolean {
  const subject = contender.platform.subject();
  return (
    subject.platform === 'lab' &&
    subject.datapath === 'host' &&
    parseScenarioId(scenario)?.topology === 'pod-to-pod-cross-node' &&
    CONTROL_TOPOLOGY === 'host-cross-node'
  );
}

/**
 * The control samples of one interleaved round (A B C), per control group: the first contender of a
 * group to need the control measures it (or, on the `host` datapath, its pod sample is it), the
 * others of the group reuse it. The control tracks the runner's speed over the run, round by round;
 * measuring it once per round instead of once per contender keeps that and halves the control's
 * cost in a multi-datapath run.
 */
export class RoundControls {
  private readonly byGroup = new Map<string, Sample>();

  /** The control sample this round already has for the contender's group, if any. */
  get(contender: Contender): Sample | undefined {
    return this.byGroup.get(controlGroupOf(contender));
  }

  /** Records the contender's control sample for its group (the latest wins). */
  set(contender: Contender, sample: Sample): void {
    this.byGroup.set(controlGroupOf(contender), sample);
  }
}
