/** Calico encapsulations the presets cover. */
export type CalicoEncapsulation = 'IPIP' | 'VXLAN' | 'None';

/** tigera-operator chart values for a Calico install on `podSubnet`. */
export function calicoValues(podSubnet: string, encapsulation: CalicoEncapsulation): Record<string, unknown> {
  return {
    installation: {
      enabled: true,
      cni: { type: 'Calico' },
      calicoNetwork: {
        // IPIP and unencapsulated routing need BGP to distribute routes; VXLAN does not.
        bgp: encapsulation === 'VXLAN' ? 'Disabled' : 'Enabled',
        ipPools: [
          { cidr: podSubnet, encapsulation, natOutgoing: 'Enabled', nodeSelector: 'all()', blockSize: 26 },
        ],
      },
    },
    // Components the gate does not use, so their images are not pulled: the Calico API server,
    // and 3.30's goldmane flow aggregator and whisker UI, which the tigera-operator chart enables
    // by default (projectcalico/calico charts/tigera-operator/values.yaml: `goldmane.enabled`,
    // `whisker.enabled`).
    apiServer: { enabled: false },
    goldmane: { enabled: false },
    whisker: { enabled: false },
  };
}

/** Cilium datapath modes the presets cover. */
export type CiliumMode = 'vxlan' | 'native' | 'kpr';

/**
 * Cilium chart values. `kpr` (kube-proxy replacement) needs the API server address because
 * there is no kube-proxy to reach the `kubernetes` Service: pass the kind control-plane host.
 */
export function ciliumValues(
  podSubnet: string,
  mode: CiliumMode,
  apiServer: { host: string; port: number } | null,
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    ipam: { mode: 'kubernetes' },
    operator: { replicas: 1 },
    hubble: { enabled: false },
  };
  if (mode === 'native') {
    return {
      ...base,
      routingMode: 'native',
      ipv4NativeRoutingCIDR: podSubnet,
      autoDirectNodeRoutes: true,
      kubeProxyReplacement: false,
    };
  }
  const tunnel = { ...base, routingMode: 'tunnel', tunnelProtocol: 'vxlan' };
  if (mode === 'vxlan') return { ...tunnel, kubeProxyReplacement: false };
  return {
    ...tunnel,
    kubeProxyReplacement: true,
    ...(apiServer ? { k8sServiceHost: apiServer.host, k8sServicePort: apiServer.port } : {}),
  };
}
