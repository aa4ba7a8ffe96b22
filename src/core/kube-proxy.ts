/** How ClusterIP / NodePort traffic reaches its backend: the lab's kube-proxy modes. */
export const KUBE_PROXY_MODES = ['iptables', 'nftables', 'ebpf'] as const;

/** One kube-proxy mode (`iptables` is the default). */
export type KubeProxyMode = (typeof KUBE_PROXY_MODES)[number];

/** True when `name` is a kube-proxy mode. */
export function isKubeProxyMode(name: string): name is KubeProxyMode {
  return (KUBE_PROXY_MODES as readonly string[]).includes(name);
}

/**
 * The name a results file goes by in run output, file names and summaries: the datapath, plus
 * `+<mode>` when the service path is not the default iptables (`ptp-hostgw+ebpf`), so runs of one
 * datapath under several kube-proxy modes stay apart.
 */
export function subjectLabel(subject: { readonly datapath: string; readonly kubeProxy?: string }): string {
  const mode = subject.kubeProxy;
  return mode === undefined || mode === 'iptables' ? subject.datapath : `${subject.datapath}+${mode}`;
}
