import type { KubernetesObject } from '@kubernetes/client-node';
import { CALICO_PIN, CILIUM_PIN, FLANNEL_PIN } from '../versions.js';
import type { CniPreset, DaemonSetRef } from './cni-spec.js';
import { FLANNEL_DAEMONSET, flannelObjects } from './flannel-manifest.js';
import { calicoValues, ciliumValues } from './helm-values.js';

/** CNI facts recorded in results. */
export interface CniInfo {
  readonly name: string;
  readonly version: string | null;
  readonly mode: string;
}

/** Objects to server-side apply. */
export interface ApplyDeployment {
  readonly method: 'apply';
  readonly objects: readonly KubernetesObject[];
  readonly daemonSets: readonly DaemonSetRef[];
  readonly info: CniInfo;
}

/** A Helm release to install (helm runs through Exec). */
export interface HelmDeployment {
  readonly method: 'helm';
  readonly release: string;
  readonly chart: string;
  readonly repo?: string;
  readonly version?: string;
  readonly namespace: string;
  /** Inline values (presets) — written to a temp file for helm. */
  readonly values?: Record<string, unknown>;
  /** A user values file. */
  readonly valuesFile?: string;
  /** DaemonSets to wait for; a bare namespace means "every DaemonSet in it". */
  readonly daemonSets: readonly DaemonSetRef[] | { readonly namespace: string };
  readonly info: CniInfo;
}

/** How a CNI gets into the cluster. */
export type CniDeployment = ApplyDeployment | HelmDeployment;

/** Cluster facts a preset needs. */
export interface PresetContext {
  readonly podSubnet: string;
  /** API server reachable from nodes without kube-proxy (kind: `<name>-control-plane:6443`). */
  readonly apiServer: { host: string; port: number } | null;
}

/** kube-proxy mode a preset wants when we create the cluster (null: the user's choice). */
export function presetKubeProxyMode(preset: CniPreset): 'none' | null {
  return preset === 'cilium-kpr' ? 'none' : null;
}

/** The deployment of a preset at its pinned version. */
export function presetDeployment(preset: CniPreset, ctx: PresetContext): CniDeployment {
  switch (preset) {
    case 'flannel-vxlan':
    case 'flannel-host-gw': {
      const backend = preset === 'flannel-vxlan' ? 'vxlan' : 'host-gw';
      return {
        method: 'apply',
        objects: flannelObjects(ctx.podSubnet, backend),
        daemonSets: [FLANNEL_DAEMONSET],
        info: { name: 'flannel', version: FLANNEL_PIN.version, mode: backend },
      };
    }
    case 'calico-ipip':
    case 'calico-vxlan':
    case 'calico-none': {
      const encapsulation = preset === 'calico-ipip' ? 'IPIP' : preset === 'calico-vxlan' ? 'VXLAN' : 'None';
      return {
        method: 'helm',
        release: 'calico',
        chart: CALICO_PIN.chart,
        repo: CALICO_PIN.repo,
        version: CALICO_PIN.version,
        namespace: 'tigera-operator',
        values: calicoValues(ctx.podSubnet, encapsulation),
        // The operator creates calico-node after the chart is installed.
        daemonSets: [{ namespace: 'calico-system', name: 'calico-node' }],
        info: { name: 'calico', version: CALICO_PIN.version, mode: encapsulation.toLowerCase() },
      };
    }
    case 'cilium-vxlan':
    case 'cilium-native':
    case 'cilium-kpr': {
      const mode = preset === 'cilium-vxlan' ? 'vxlan' : preset === 'cilium-native' ? 'native' : 'kpr';
      return {
        method: 'helm',
        release: 'cilium',
        chart: CILIUM_PIN.chart,
        repo: CILIUM_PIN.repo,
        version: CILIUM_PIN.version,
        namespace: 'kube-system',
        values: ciliumValues(ctx.podSubnet, mode, ctx.apiServer),
        daemonSets: [{ namespace: 'kube-system', name: 'cilium' }],
        info: {
          name: 'cilium',
          version: CILIUM_PIN.version,
          mode: mode === 'kpr' ? 'vxlan+kube-proxy-replacement' : mode,
        },
      };
    }
  }
}
