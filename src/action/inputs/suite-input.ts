import { UserError } from '../../core/errors.js';
import type { KubeProxyMode } from '../../core/kube-proxy.js';
import { resolveSuiteConfig } from '../../core/suite/config.js';
import type { SuiteConfig } from '../../core/suite/types.js';
import { kubernetesKubeProxyConflict } from '../../platform/factory.js';
import type { ActionContext } from './context.js';
import { readInputFile, resolveInputPath } from './files.js';
import type { ActionInputs } from './inputs.js';

/** The `suite` input's file: its text and resolved path (the suite runner and the root CLI read it again). */
export interface SuiteFileInput {
  readonly text: string;
  readonly source: string;
}

/**
 * The suite a measuring step runs: the `suite` input's file (or the built-in profile) with the
 * `quick` and `repetitions` inputs, resolved and checked here before anything is measured. Its
 * kube-proxy modes must fit the step: one mode (the action gates one subject), and on Kubernetes
 * one the datapath runs with. Errors name the suite file or the input to change.
 */
export async function readSuiteInput(
  context: ActionContext,
  inputs: ActionInputs,
): Promise<{ readonly file: SuiteFileInput | null; readonly config: SuiteConfig }> {
  let file: SuiteFileInput | null = null;
  if (inputs.suite) {
    const source = resolveInputPath(context.workspace, inputs.suite);
    file = { text: await readInputFile('suite', source), source };
  }
  const config = resolveSuiteConfig({
    ...(file ? { text: file.text, source: file.source } : {}),
    overrides: {
      quick: inputs.quick,
      ...(inputs.repetitions !== null ? { repetitions: inputs.repetitions } : {}),
    },
  });
  checkSuiteKubeProxy(config.kubeProxy ?? ['iptables'], file?.source ?? 'suite', inputs);
  return { file, config };
}

/** The suite's kube-proxy modes against the step's platform inputs (see {@link readSuiteInput}). */
export function checkSuiteKubeProxy(
  modes: readonly KubeProxyMode[],
  source: string,
  inputs: Pick<ActionInputs, 'mode' | 'platform' | 'datapath' | 'kubeconfig'>,
): void {
  const listed = `${source}: kubeProxy ${modes.join(', ')}`;
  if (modes.length > 1) {
    throw new UserError(
      `${listed}, but the action gates one subject: list one mode (compare modes with the CLI: run --kube-proxy ${modes.join(',')})`,
    );
  }
  if (inputs.platform !== 'kubernetes') return;
  const paired = inputs.mode === 'paired';
  const datapath = paired ? 'custom' : inputs.datapath;
  const conflict = kubernetesKubeProxyConflict(datapath, modes, !paired && inputs.kubeconfig !== null);
  switch (conflict?.kind) {
    case undefined:
      return;
    case 'existing-cluster':
      throw new UserError(
        `${listed}: an existing cluster (input 'kubeconfig') keeps its own kube-proxy; remove kubeProxy from the suite`,
      );
    case 'ebpf-needs-cilium-kpr':
      throw new UserError(
        paired
          ? `${listed}: on platform 'kubernetes' ebpf is Cilium's kube-proxy replacement (the cilium-kpr preset), and mode 'paired' deploys the manifests of input 'cni-config'; remove kubeProxy ebpf from the suite`
          : `${listed}: on platform 'kubernetes' ebpf is Cilium's kube-proxy replacement: set input 'datapath' to cilium-kpr (got '${datapath}')`,
      );
    case 'cilium-kpr-needs-ebpf':
      throw new UserError(
        `${listed}: datapath 'cilium-kpr' replaces kube-proxy with eBPF and runs only with kubeProxy ebpf; set kubeProxy: ebpf in the suite or choose another input 'datapath'`,
      );
  }
}
