import type {
  V1ConfigMap,
  V1Container,
  V1Namespace,
  V1Pod,
  V1ResourceRequirements,
  V1Service,
} from '@kubernetes/client-node';
import type { ClientTool, ServerKind } from '../../platform.js';
import { PLACEMENT_LABEL, SERVER_LABEL, runLabels } from './labels.js';
import type { TopologyPlan } from './topology-plan.js';

/** Images of the workload pods. */
export interface WorkloadImages {
  readonly iperf3: string;
  readonly http: string;
  readonly wrk: string;
  /** A wrk2 image, when the user has one; `wrk2` invocations need it. */
  readonly wrk2?: string;
}

/** Ports the servers listen on (inside the pod, or on the node for host-network pods). */
export interface WorkloadPorts {
  readonly iperf3: number;
  readonly http: number;
}

/** Requests for load pods, so they are not starved by other workloads. */
export interface WorkloadResources {
  readonly cpu: string;
  readonly memory: string;
}

/** Everything a manifest builder needs besides the object's own name. */
export interface WorkloadContext {
  readonly runId: string;
  readonly namespace: string;
  readonly images: WorkloadImages;
  readonly ports: WorkloadPorts;
  readonly resources: WorkloadResources;
}

/** Where a client's files are mounted. `@file:<name>` becomes `FILES_DIR/<name>`. */
export const FILES_DIR = '/cpg-files';
const HTTP_ROOT = '/usr/share/cpg';

const requests = (r: WorkloadResources): V1ResourceRequirements => ({
  requests: { cpu: r.cpu, memory: r.memory },
});

/** The run's namespace. */
export function namespaceManifest(ctx: WorkloadContext): V1Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: ctx.namespace, labels: runLabels(ctx.runId, 'namespace') },
  };
}

/** Name of the server pod / service of a placement. */
export function serverName(placementId: string, kind: ServerKind): string {
  return `cpg-${placementId}-${kind}`;
}

/** nginx config + body for the http server of a placement. */
export function httpServerConfigMap(
  ctx: WorkloadContext,
  placementId: string,
  responseBytes: number,
): V1ConfigMap {
  const conf = [
    'server {',
    `  listen ${ctx.ports.http} reuseport;`,
    '  access_log off;',
    `  root ${HTTP_ROOT};`,
    '  location / { index index.html; }',
    '}',
    '',
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${serverName(placementId, 'http')}-conf`,
      namespace: ctx.namespace,
      labels: { ...runLabels(ctx.runId, 'files'), [PLACEMENT_LABEL]: placementId },
    },
    data: { 'default.conf': conf, 'index.html': 'x'.repeat(Math.max(0, responseBytes)) },
  };
}

function serverContainer(ctx: WorkloadContext, placementId: string, kind: ServerKind): V1Container {
  if (kind === 'iperf3') {
    const port = ctx.ports.iperf3;
    return {
      name: 'iperf3',
      image: ctx.images.iperf3,
      command: ['iperf3', '-s', '-p', String(port)],
      ports: [{ name: 'iperf3', containerPort: port, protocol: 'TCP' }],
      // An exec probe: a TCP probe would open iperf3 control connections and disturb tests.
      readinessProbe: {
        exec: { command: ['sh', '-c', `ss -ltn | grep -q ':${port} '`] },
        periodSeconds: 2,
      },
      resources: requests(ctx.resources),
    };
  }
  return {
    name: 'http',
    image: ctx.images.http,
    ports: [{ name: 'http', containerPort: ctx.ports.http, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/', port: ctx.ports.http }, periodSeconds: 2 },
    volumeMounts: [
      { name: 'conf', mountPath: '/etc/nginx/conf.d' },
      { name: 'body', mountPath: HTTP_ROOT },
    ],
    resources: requests(ctx.resources),
  };
}

/** The server pod of a placement, pinned to the plan's server node. */
export function serverPodManifest(
  ctx: WorkloadContext,
  placementId: string,
  kind: ServerKind,
  plan: TopologyPlan,
): V1Pod {
  const name = serverName(placementId, kind);
  const confMap = `${name}-conf`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ctx.namespace,
      labels: {
        ...runLabels(ctx.runId, 'server'),
        [PLACEMENT_LABEL]: placementId,
        [SERVER_LABEL]: kind,
      },
    },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': plan.serverNode.name },
      hostNetwork: plan.hostNetwork,
      dnsPolicy: plan.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 1,
      containers: [serverContainer(ctx, placementId, kind)],
      ...(kind === 'http'
        ? {
            volumes: [
              {
                name: 'conf',
                configMap: { name: confMap, items: [{ key: 'default.conf', path: 'default.conf' }] },
              },
              {
                name: 'body',
                configMap: { name: confMap, items: [{ key: 'index.html', path: 'index.html' }] },
              },
            ],
          }
        : {}),
    },
  };
}

/** ClusterIP or NodePort service in front of a placement's server pod. */
export function serverServiceManifest(
  ctx: WorkloadContext,
  placementId: string,
  kind: ServerKind,
  type: 'ClusterIP' | 'NodePort',
): V1Service {
  const port = kind === 'iperf3' ? ctx.ports.iperf3 : ctx.ports.http;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: serverName(placementId, kind),
      namespace: ctx.namespace,
      labels: { ...runLabels(ctx.runId, 'server'), [PLACEMENT_LABEL]: placementId },
    },
    spec: {
      type,
      selector: { [PLACEMENT_LABEL]: placementId, [SERVER_LABEL]: kind },
      // Traffic entering a node without the pod must cross to the pod's node (not be dropped).
      ...(type === 'NodePort' ? { externalTrafficPolicy: 'Cluster' } : {}),
      ports: [{ name: kind, port, targetPort: port, protocol: 'TCP' }],
    },
  };
}

/** Image and binary of a client tool. */
export function clientImage(images: WorkloadImages, tool: ClientTool): string | undefined {
  return tool === 'iperf3' ? images.iperf3 : tool === 'wrk' ? images.wrk : images.wrk2;
}

/** A ConfigMap with a client's files (mounted at FILES_DIR). */
export function clientFilesConfigMap(
  ctx: WorkloadContext,
  name: string,
  placementId: string,
  files: readonly { name: string; content: string }[],
): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      namespace: ctx.namespace,
      labels: { ...runLabels(ctx.runId, 'files'), [PLACEMENT_LABEL]: placementId },
    },
    data: Object.fromEntries(files.map((file) => [file.name, file.content])),
  };
}

/** Where file `name` of a client's files is mounted (`@file:<name>` arguments become this path). */
export function mountedFilePath(name: string): string {
  return `${FILES_DIR}/${name}`;
}

/** A one-shot client pod (restartPolicy Never) running one tool invocation on the plan's client node. */
export function clientPodManifest(
  ctx: WorkloadContext,
  spec: {
    readonly name: string;
    readonly placementId: string;
    readonly plan: TopologyPlan;
    readonly tool: ClientTool;
    readonly image: string;
    readonly args: readonly string[];
    readonly filesConfigMap?: string;
    readonly deadlineS: number;
  },
): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: spec.name,
      namespace: ctx.namespace,
      labels: { ...runLabels(ctx.runId, 'client'), [PLACEMENT_LABEL]: spec.placementId },
    },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': spec.plan.clientNode.name },
      hostNetwork: spec.plan.hostNetwork,
      dnsPolicy: spec.plan.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      restartPolicy: 'Never',
      activeDeadlineSeconds: spec.deadlineS,
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: spec.tool,
          image: spec.image,
          command: [spec.tool, ...spec.args],
          resources: requests(ctx.resources),
          ...(spec.filesConfigMap ? { volumeMounts: [{ name: 'files', mountPath: FILES_DIR }] } : {}),
        },
      ],
      ...(spec.filesConfigMap
        ? { volumes: [{ name: 'files', configMap: { name: spec.filesConfigMap } }] }
        : {}),
    },
  };
}
