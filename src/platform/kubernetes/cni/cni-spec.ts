/** CNI presets at pinned versions. */
export const CNI_PRESETS = [
  'flannel-vxlan',
  'flannel-host-gw',
  'calico-ipip',
  'calico-vxlan',
  'calico-none',
  'cilium-vxlan',
  'cilium-native',
  'cilium-kpr',
] as const;
/** One of the presets. */
export type CniPreset = (typeof CNI_PRESETS)[number];

/** A DaemonSet whose rollout means "the CNI is up". */
export interface DaemonSetRef {
  readonly namespace: string;
  readonly name: string;
}

/** Which CNI to deploy, or none (an existing cluster that already has one). */
export type CniSpec =
  | { readonly kind: 'preset'; readonly preset: CniPreset }
  | {
      readonly kind: 'manifests';
      /** A YAML file or a directory of .yaml/.yml files (the repo's own manifests). */
      readonly path: string;
      /** DaemonSets to wait for; default: every DaemonSet in the manifests. */
      readonly daemonSets?: readonly DaemonSetRef[];
    }
  | {
      readonly kind: 'helm';
      /** Chart reference: a local path, or a chart name with `repo`. */
      readonly chart: string;
      readonly repo?: string;
      readonly version?: string;
      readonly release: string;
      readonly namespace: string;
      readonly valuesFile?: string;
      /** DaemonSets to wait for; default: every DaemonSet in the release namespace. */
      readonly daemonSets?: readonly DaemonSetRef[];
    }
  | { readonly kind: 'existing'; readonly daemonSets?: readonly DaemonSetRef[] };

/** True when `name` is a preset. */
export function isCniPreset(name: string): name is CniPreset {
  return (CNI_PRESETS as readonly string[]).includes(name);
}

/** The datapath recorded in results: the preset name, else `custom` (or `existing`). */
export function cniDatapath(spec: CniSpec): string {
  return spec.kind === 'preset' ? spec.preset : spec.kind === 'existing' ? 'existing' : 'custom';
}
