import { describe, expect, it } from 'vitest';
import { TOPOLOGY_IDS } from '../../../src/core/scenarios.js';
import { CNI_PRESETS } from '../../../src/platform/kubernetes/cni/cni-spec.js';
import { presetDeployment } from '../../../src/platform/kubernetes/cni/presets.js';
import { DEFAULT_IMAGES } from '../../../src/platform/kubernetes/versions.js';
import {
  clientFilesConfigMap,
  clientPodManifest,
  httpServerConfigMap,
  mountedFilePath,
  namespaceManifest,
  serverPodManifest,
  serverServiceManifest,
  type WorkloadContext,
} from '../../../src/platform/kubernetes/workloads/manifests.js';
import { planTopology } from '../../../src/platform/kubernetes/workloads/topology-plan.js';
import { substituteFileArgs } from '../../../src/platform/platform.js';
import { validateK8s } from './validate-k8s.js';

const ctx: WorkloadContext = {
  runId: 'run-42',
  namespace: 'cpg-run-42',
  images: { ...DEFAULT_IMAGES },
  ports: { iperf3: 5201, http: 8080 },
  resources: { cpu: '500m', memory: '128Mi' },
};
const nodes = [
  { name: 'kind-worker', internalIp: '172.18.0.2' },
  { name: 'kind-worker2', internalIp: '172.18.0.3' },
  { name: 'kind-worker3', internalIp: '172.18.0.4' },
];

describe('generated manifests validate against the Kubernetes OpenAPI schemas', () => {
  it('the validator rejects a broken object (so the checks below can fail)', () => {
    const pod = serverPodManifest(ctx, 'p1', 'iperf3', planTopology('pod-to-pod-cross-node', nodes));
    expect(() => validateK8s({ ...pod, spec: { ...pod.spec, containers: 'nope' } } as never)).toThrow();
    expect(() => validateK8s({ ...pod, spec: { ...pod.spec, restartPolicy: 5 } } as never)).toThrow();
  });

  it('the default wrk image is a maintained multi-arch one, not the amd64-only williamyeh/wrk:4.0.2', () => {
    expect(DEFAULT_IMAGES.wrk).toBe('docker.io/elswork/wrk:4.2.0');
  });

  it('namespace carries the app.kubernetes.io labels', () => {
    const ns = namespaceManifest(ctx);
    validateK8s(ns);
    expect(ns.metadata?.labels).toEqual({
      'app.kubernetes.io/name': 'cni-perf-gate',
      'app.kubernetes.io/instance': 'run-42',
      'app.kubernetes.io/managed-by': 'cni-perf-gate',
      'app.kubernetes.io/component': 'namespace',
    });
  });

  for (const topology of TOPOLOGY_IDS) {
    it(`${topology}: server pods, services, client pods and configmaps`, () => {
      const plan = planTopology(topology, nodes);
      for (const kind of ['iperf3', 'http'] as const) {
        const server = serverPodManifest(ctx, 'p1', kind, plan);
        validateK8s(server);
        expect(server.spec?.nodeSelector).toEqual({ 'kubernetes.io/hostname': plan.serverNode.name });
        expect(server.spec?.hostNetwork).toBe(topology === 'host-cross-node');
        expect(server.spec?.containers[0]?.resources?.requests).toEqual({ cpu: '500m', memory: '128Mi' });
        validateK8s(serverServiceManifest(ctx, 'p1', kind, 'ClusterIP'));
        validateK8s(serverServiceManifest(ctx, 'p1', kind, 'NodePort'));
      }
      validateK8s(httpServerConfigMap(ctx, 'p1', 1024));
      const files = clientFilesConfigMap(ctx, 'cpg-p1-client-1-files', 'p1', [
        { name: 'pace.lua', content: 'x' },
      ]);
      validateK8s(files);
      const client = clientPodManifest(ctx, {
        name: 'cpg-p1-client-1',
        placementId: 'p1',
        plan,
        tool: 'wrk',
        image: DEFAULT_IMAGES.wrk,
        args: substituteFileArgs(
          ['-s', '@file:pace.lua', 'http://10.0.0.1:8080/'],
          [{ name: 'pace.lua' }],
          mountedFilePath,
        ),
        filesConfigMap: 'cpg-p1-client-1-files',
        deadlineS: 60,
      });
      validateK8s(client);
      expect(client.spec?.restartPolicy).toBe('Never');
      expect(client.spec?.containers[0]?.command).toEqual([
        'wrk',
        '-s',
        '/cpg-files/pace.lua',
        'http://10.0.0.1:8080/',
      ]);
      expect(client.spec?.nodeSelector).toEqual({ 'kubernetes.io/hostname': plan.clientNode.name });
      if (topology === 'pod-to-pod-same-node') expect(plan.clientNode).toEqual(plan.serverNode);
      else expect(plan.clientNode.name).not.toBe(plan.serverNode.name);
      if (topology === 'nodeport-via-other-node')
        expect(plan.targetNode?.name).not.toBe(plan.serverNode.name);
    });
  }

  for (const preset of CNI_PRESETS) {
    it(`preset ${preset}`, () => {
      const deployment = presetDeployment(preset, {
        podSubnet: '10.244.0.0/16',
        apiServer: { host: 'cpg-x-control-plane', port: 6443 },
      });
      if (deployment.method === 'apply') {
        expect(deployment.objects.length).toBeGreaterThan(3);
        for (const object of deployment.objects) validateK8s(object);
        const ds = deployment.objects.find((o) => o.kind === 'DaemonSet') as unknown as {
          spec: { template: { spec: { containers: { image: string }[] } } };
        };
        expect(ds.spec.template.spec.containers[0]?.image).toMatch(/:v\d+\.\d+\.\d+$/);
        const cm = deployment.objects.find((o) => o.kind === 'ConfigMap') as unknown as {
          data: Record<string, string>;
        };
        const net = JSON.parse(cm.data['net-conf.json'] ?? '{}') as {
          Network: string;
          Backend: { Type: string };
        };
        expect(net).toMatchObject({
          Network: '10.244.0.0/16',
          Backend: { Type: preset === 'flannel-vxlan' ? 'vxlan' : 'host-gw' },
        });
      } else {
        expect(deployment.version).toMatch(/^v?\d+\.\d+\.\d+$/);
        expect(deployment.values).toBeDefined();
        const values = deployment.values as {
          installation: {
            calicoNetwork: { bgp: string; ipPools: { cidr: string; encapsulation: string }[] };
          };
          routingMode: string;
          kubeProxyReplacement: boolean;
          k8sServiceHost?: string;
          ipv4NativeRoutingCIDR?: string;
        };
        const encapsulations: Record<string, string> = {
          'calico-ipip': 'IPIP',
          'calico-vxlan': 'VXLAN',
          'calico-none': 'None',
        };
        if (preset.startsWith('calico')) {
          const pool = values.installation.calicoNetwork.ipPools[0];
          expect(pool?.cidr).toBe('10.244.0.0/16');
          // Calico 3.30's chart enables goldmane (flow aggregator) and whisker (UI) by default;
          // the gate needs neither, so their images are not pulled.
          expect(deployment.values).toMatchObject({
            goldmane: { enabled: false },
            whisker: { enabled: false },
            apiServer: { enabled: false },
          });
          expect(pool?.encapsulation).toBe(encapsulations[preset]);
          expect(values.installation.calicoNetwork.bgp).toBe(
            preset === 'calico-vxlan' ? 'Disabled' : 'Enabled',
          );
        } else {
          expect(values.routingMode).toBe(preset === 'cilium-native' ? 'native' : 'tunnel');
          expect(values.kubeProxyReplacement).toBe(preset === 'cilium-kpr');
          if (preset === 'cilium-kpr') expect(values.k8sServiceHost).toBe('cpg-x-control-plane');
          if (preset === 'cilium-native') expect(values.ipv4NativeRoutingCIDR).toBe('10.244.0.0/16');
        }
      }
    });
  }
});
