import type { KubernetesObject } from '@kubernetes/client-node';
import { FLANNEL_PIN } from '../versions.js';
import { bridgeInstallContainer } from './bridge-installer.js';

/** flannel backends the presets use. */
export type FlannelBackend = 'vxlan' | 'host-gw';

/** Where the flannel DaemonSet lives (as in the upstream kube-flannel.yml). */
export const FLANNEL_DAEMONSET = { namespace: 'kube-flannel', name: 'kube-flannel-ds' } as const;

const labels = { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' };

const hostPath = (name: string, path: string, type?: string) => ({
  name,
  hostPath: type ? { path, type } : { path },
});

/** The kube-flannel DaemonSet: install the flannel and bridge plugins and the conflist, run flanneld. */
function flannelDaemonSet(ns: string): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: FLANNEL_DAEMONSET.name, namespace: ns, labels },
    spec: {
      selector: { matchLabels: { app: 'flannel', 'k8s-app': 'flannel' } },
      template: {
        metadata: { labels },
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
                ],
              },
            },
          },
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
          serviceAccountName: 'flannel',
          initContainers: [
            {
              name: 'install-cni-plugin',
              image: FLANNEL_PIN.cniPluginImage,
              command: ['cp'],
              args: ['-f', '/flannel', '/opt/cni/bin/flannel'],
              volumeMounts: [{ name: 'cni-plugin', mountPath: '/opt/cni/bin' }],
            },
            bridgeInstallContainer('cni-plugin'),
            {
              name: 'install-cni',
              image: FLANNEL_PIN.image,
              command: ['cp'],
              args: ['-f', '/etc/kube-flannel/cni-conf.json', '/etc/cni/net.d/10-flannel.conflist'],
              volumeMounts: [
                { name: 'cni', mountPath: '/etc/cni/net.d' },
                { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
              ],
            },
          ],
          containers: [
            {
              name: 'kube-flannel',
              image: FLANNEL_PIN.image,
              command: ['/opt/bin/flanneld'],
              args: ['--ip-masq', '--kube-subnet-mgr'],
              resources: { requests: { cpu: '100m', memory: '50Mi' } },
              securityContext: { privileged: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
              env: [
                { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'EVENT_QUEUE_DEPTH', value: '5000' },
              ],
              volumeMounts: [
                { name: 'run', mountPath: '/run/flannel' },
                { name: 'flannel-cfg', mountPath: '/etc/kube-flannel/' },
                { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
              ],
            },
          ],
          volumes: [
            hostPath('run', '/run/flannel'),
            hostPath('cni-plugin', '/opt/cni/bin'),
            hostPath('cni', '/etc/cni/net.d'),
            { name: 'flannel-cfg', configMap: { name: 'kube-flannel-cfg' } },
            hostPath('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
          ],
        },
      },
    },
  } as KubernetesObject;
}

/**
 * The kube-flannel objects (namespace, RBAC, config, DaemonSet) for a pod subnet and backend,
 * following the structure documented by the flannel project, with the pinned images. flannel
 * delegates to the `bridge` plugin, which kind's node image does not ship, so an extra init
 * container installs the pinned, checksum-verified `bridge` into each node's /opt/cni/bin.
 */
export function flannelObjects(podSubnet: string, backend: FlannelBackend): KubernetesObject[] {
  const ns = FLANNEL_DAEMONSET.namespace;
  const cniConf = {
    name: 'cbr0',
    cniVersion: '0.3.1',
    plugins: [
      { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  const netConf = { Network: podSubnet, EnableNFTables: false, Backend: { Type: backend } };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: { 'k8s-app': 'flannel', 'pod-security.kubernetes.io/enforce': 'privileged' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'flannel', namespace: ns, labels: { 'k8s-app': 'flannel' } },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'flannel', labels: { 'k8s-app': 'flannel' } },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
      ],
    } as KubernetesObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'flannel', labels: { 'k8s-app': 'flannel' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'flannel' },
      subjects: [{ kind: 'ServiceAccount', name: 'flannel', namespace: ns }],
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-flannel-cfg', namespace: ns, labels },
      data: {
        'cni-conf.json': JSON.stringify(cniConf, null, 2),
        'net-conf.json': JSON.stringify(netConf, null, 2),
      },
    } as KubernetesObject,
    flannelDaemonSet(ns),
  ];
}
