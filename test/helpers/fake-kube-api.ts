/**
 * A fake Kubernetes API server on 127.0.0.1 for tests: the subset the kubernetes platform uses
 * (discovery, version, nodes, namespaces, pods + logs, services, configmaps, daemonsets,
 * deployments, server-side apply, deletes), so the real @kubernetes/client-node makes real
 * HTTP calls. Pods go Pending → Running → Succeeded/Failed. With `runTools`, server pods run
 * the real `iperf3 -s` (or an HTTP server) bound to a loopback "pod IP", client pods run the
 * real iperf3 / wrk command line, and Services are real TCP forwarders (a tiny kube-proxy).
 * Faults are injectable: image pull failures, crash loops, failing clients, 500s, 429 storms,
 * dropped connections, a CNI that never becomes ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import {
  createConnection,
  createServer as createTcpServer,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Injectable failures. Counters decrement as requests consume them. */
export interface FakeKubeFaults {
  /** Pods using one of these images never pull (ErrImagePull, then ImagePullBackOff). */
  imagePullFailImages: string[];
  /** Pods using one of these images crash-loop. */
  crashLoopImages: string[];
  /** Client pods fail with this exit code and log instead of running. */
  failClient: { exitCode: number; log: string } | null;
  /** The next N requests answer 500. */
  serverErrors: number;
  /** The next N requests answer 429. */
  throttle: number;
  /** The next N requests have their connection destroyed. */
  dropConnections: number;
  /** Applied DaemonSets never report ready pods. */
  cniNeverReady: boolean;
  /** New pods never fit any node (the scheduler reports insufficient CPU). */
  unschedulable: boolean;
}

/** How the fake cluster looks. */
export interface FakeKubeOptions {
  /** Worker nodes (a tainted control-plane node is added). Default 2. */
  readonly workers?: number;
  /** Run real iperf3 / HTTP servers / wrk for pods. Otherwise clients replay `replayLogs`. */
  readonly runTools?: boolean;
  /** Logs replayed by client pods per tool when runTools is false. */
  readonly replayLogs?: Readonly<Record<string, string>>;
  /** Nodes stay NotReady until a DaemonSet is applied (as without a CNI). */
  readonly nodesNotReadyUntilCni?: boolean;
  /** Serve metrics.k8s.io pod metrics (DaemonSet pods use 15m CPU and 20Mi each). */
  readonly metrics?: boolean;
  /**
   * Serve the kubelet stats summary through the node proxy (`/api/v1/nodes/<n>/proxy/stats/summary`):
   * a DaemonSet pod on node i has a working set of (30 + i) MiB and 2.5 s of CPU; other pods 99 MiB, 7 s.
   * Each further read of a node's summary is a kubelet refresh 10 s later (`cpu.time`, counted from
   * the fake's start) in which every DaemonSet pod used 0.5 s more CPU: 0.05 cores per agent pod.
   * `'forbidden'` answers 403, as an API server does without RBAC `get` on `nodes/proxy`.
   */
  readonly statsSummary?: boolean | 'forbidden';
  /**
   * Every node carries Cilium's `node.cilium.io/agent-not-ready:NoSchedule` taint for this many
   * node reads (one read = one node rendered), as the operator leaves it until the agent is up.
   */
  readonly agentNotReadyTaintReads?: number;
  /**
   * Second octet of every loopback address this fake hands out (nodes 127.B.100.x, pods
   * 127.B.11x.x, ClusterIPs 127.B.200.x; default 0), so that two fakes can serve two clusters
   * side by side without their servers colliding.
   */
  readonly addressBlock?: number;
}

// The fake stores arbitrary API objects and pokes at their fields like an API server would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

interface PodRuntime {
  reads: number;
  process?: ChildProcess;
  http?: Server;
  log: string;
  filesDir?: string;
  listening: boolean;
  finished: boolean;
}

/** A running fake API server. */
export interface FakeKubeApi {
  readonly url: string;
  /** A kubeconfig file pointing at the fake (token auth, plain HTTP). */
  readonly kubeconfigPath: string;
  readonly faults: FakeKubeFaults;
  /** Every request seen: `METHOD path`. */
  readonly requests: string[];
  /** Names of namespaces that exist now. */
  namespaces(): string[];
  /** Pods (as stored) in a namespace, including deleted ones' last state in `history`. */
  pods(namespace: string): Obj[];
  /** Every pod ever created: namespace, name, node, labels, final phase. */
  readonly history: {
    namespace: string;
    name: string;
    node?: string;
    labels: Record<string, string>;
    phase?: string;
    /** When the pod was created (Date.now()), to order pods across two fakes. */
    createdAtMs: number;
  }[];
  /** Number of child processes / listeners still alive (must be 0 after stop). */
  liveResources(): number;
  stop(): Promise<void>;
}

const RESOURCES: Record<string, { kind: string; resource: string; namespaced: boolean }[]> = {
  v1: [
    { kind: 'Namespace', resource: 'namespaces', namespaced: false },
    { kind: 'Node', resource: 'nodes', namespaced: false },
    { kind: 'Pod', resource: 'pods', namespaced: true },
    { kind: 'Service', resource: 'services', namespaced: true },
    { kind: 'ConfigMap', resource: 'configmaps', namespaced: true },
    { kind: 'ServiceAccount', resource: 'serviceaccounts', namespaced: true },
    { kind: 'Secret', resource: 'secrets', namespaced: true },
  ],
  'apps/v1': [
    { kind: 'DaemonSet', resource: 'daemonsets', namespaced: true },
    { kind: 'Deployment', resource: 'deployments', namespaced: true },
  ],
  'rbac.authorization.k8s.io/v1': [
    { kind: 'ClusterRole', resource: 'clusterroles', namespaced: false },
    { kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: false },
    { kind: 'Role', resource: 'roles', namespaced: true },
    { kind: 'RoleBinding', resource: 'rolebindings', namespaced: true },
  ],
};

const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});

/** Starts the fake on an ephemeral 127.0.0.1 port. */
export async function startFakeKubeApi(options: FakeKubeOptions = {}): Promise<FakeKubeApi> {
  const workers = options.workers ?? 2;
  const faults: FakeKubeFaults = {
    imagePullFailImages: [],
    crashLoopImages: [],
    failClient: null,
    serverErrors: 0,
    throttle: 0,
    dropConnections: 0,
    cniNeverReady: false,
    unschedulable: false,
  };
  const requests: string[] = [];
  const history: FakeKubeApi['history'] = [];
  // store: resource → key (ns/name) → object
  const store = new Map<string, Map<string, Obj>>();
  const runtimes = new Map<string, PodRuntime>();
  const forwarders = new Map<string, TcpServer[]>();
  const sockets = new Set<Socket>();
  const dir = mkdtempSync(join(tmpdir(), 'fake-kube-'));
  let cniApplied = false;
  let counter = 0;
  let nextNodePort = 30000;
  let nextClusterIp = 1;
  const startedAtMs = Date.now();
  /** Stats summary reads per node (each one a kubelet refresh, see `statsSummary`). */
  const statsReads = new Map<string, number>();

  const table = (resource: string): Map<string, Obj> => {
    let t = store.get(resource);
    if (!t) store.set(resource, (t = new Map()));
    return t;
  };
  const keyOf = (ns: string | undefined, name: string) => `${ns ?? ''}/${name}`;
  const now = () => new Date().toISOString();

  const nodeNames = [
    'cpg-control-plane',
    ...Array.from({ length: workers }, (_, i) => (i === 0 ? 'cpg-worker' : `cpg-worker${i + 1}`)),
  ];
  const block = options.addressBlock ?? 0;
  const nodeIp = (index: number) => `127.${block}.100.${index + 1}`;
  nodeNames.forEach((name, index) => {
    table('nodes').set(keyOf(undefined, name), {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        uid: `node-${index}`,
        labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' },
      },
      spec:
        index === 0
          ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }
          : {},
      status: {
        addresses: [
          { type: 'InternalIP', address: nodeIp(index) },
          { type: 'Hostname', address: name },
        ],
        capacity: { cpu: String(cpus().length), memory: '8Gi' },
        nodeInfo: {
          kernelVersion: release(),
          osImage: 'Debian GNU/Linux 12 (bookworm)',
          kubeletVersion: 'v1.33.1',
          containerRuntimeVersion: 'containerd://2.1.1',
          architecture: 'amd64',
          operatingSystem: 'linux',
          bootID: '',
          machineID: '',
          systemUUID: '',
          kubeProxyVersion: '',
        },
      },
    });
  });
  const nodeReadyNow = () => !options.nodesNotReadyUntilCni || cniApplied;
  let taintReadsLeft = options.agentNotReadyTaintReads ?? 0;
  const agentTaint = (): Obj[] => {
    if (taintReadsLeft <= 0) return [];
    taintReadsLeft -= 1;
    return [{ key: 'node.cilium.io/agent-not-ready', value: 'true', effect: 'NoSchedule' }];
  };
  const renderNode = (node: Obj): Obj => ({
    ...node,
    spec: { ...node.spec, taints: [...(node.spec?.taints ?? []), ...agentTaint()] },
    status: {
      ...node.status,
      conditions: [
        nodeReadyNow()
          ? { type: 'Ready', status: 'True', reason: 'KubeletReady' }
          : {
              type: 'Ready',
              status: 'False',
              reason: 'KubeletNotReady',
              message: 'container runtime network not ready: NetworkReady=false',
            },
      ],
    },
  });
  for (const ns of ['default', 'kube-system']) {
    table('namespaces').set(keyOf(undefined, ns), {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
      status: { phase: 'Active' },
    });
  }
  table('deployments').set(keyOf('kube-system', 'coredns'), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', generation: 1 },
    spec: { replicas: 2 },
    status: { replicas: 2, readyReplicas: 2, updatedReplicas: 2 },
  });

  const dsStatus = (ds: Obj): Obj => {
    const n = nodeNames.length;
    const ready = faults.cniNeverReady ? 0 : n;
    return {
      ...ds,
      status: {
        desiredNumberScheduled: n,
        currentNumberScheduled: n,
        numberReady: ready,
        updatedNumberScheduled: n,
        numberAvailable: ready,
        observedGeneration: ds.metadata?.generation ?? 1,
        numberMisscheduled: 0,
      },
    };
  };

  // ---- pods -------------------------------------------------------------------------------
  const podIps = new Map<string, string>();
  const assignPodIp = (node: string, hostNetwork: boolean): string => {
    const index = nodeNames.indexOf(node);
    if (hostNetwork) return nodeIp(index);
    counter += 1;
    return `127.${block}.${110 + index}.${(counter % 250) + 2}`;
  };

  const container = (pod: Obj): Obj => pod.spec.containers[0];
  const isClient = (pod: Obj) => pod.spec.restartPolicy === 'Never';

  const stopRuntime = (rt: PodRuntime | undefined) => {
    if (!rt) return;
    if (rt.process && rt.process.exitCode === null && rt.process.signalCode === null)
      rt.process.kill('SIGKILL');
    rt.http?.close();
    rt.http?.closeAllConnections();
    if (rt.filesDir) rmSync(rt.filesDir, { recursive: true, force: true });
    rt.process = undefined;
    rt.http = undefined;
  };

  const configMapData = (ns: string, name: string): Record<string, string> =>
    (table('configmaps').get(keyOf(ns, name))?.data as Record<string, string> | undefined) ?? {};

  const startServer = (pod: Obj, rt: PodRuntime, ip: string) => {
    const c = container(pod);
    const port: number = c.ports?.[0]?.containerPort ?? 80;
    if (Array.isArray(c.command) && c.command[0] === 'iperf3') {
      const child = spawn('iperf3', [...c.command.slice(1), '-B', ip, '--forceflush'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      rt.process = child;
      const onData = (chunk: Buffer) => {
        rt.log += chunk.toString();
        if (rt.log.includes('Server listening')) rt.listening = true;
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      return;
    }
    // HTTP server pod: serve the ConfigMap's index.html like nginx would.
    const volume = (pod.spec.volumes ?? []).find((v: Obj) => v.name === 'body');
    const body = volume
      ? (configMapData(pod.metadata.namespace, volume.configMap.name)['index.html'] ?? '')
      : 'ok';
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    rt.http = server;
    server.listen(port, ip, () => {
      rt.listening = true;
    });
  };

  const startClient = (pod: Obj, rt: PodRuntime) => {
    const c = container(pod);
    const startedAt = now();
    const files = (pod.spec.volumes ?? []).find((v: Obj) => v.name === 'files');
    const mount = (c.volumeMounts ?? []).find((m: Obj) => m.name === 'files');
    if (files && mount) {
      rt.filesDir = mkdtempSync(join(dir, 'files-'));
      for (const [name, content] of Object.entries(
        configMapData(pod.metadata.namespace, files.configMap.name),
      )) {
        writeFileSync(join(rt.filesDir, name), content);
      }
    }
    const finish = (exitCode: number) => {
      rt.finished = true;
      pod.status = {
        ...pod.status,
        phase: exitCode === 0 ? 'Succeeded' : 'Failed',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
        containerStatuses: [
          {
            name: c.name,
            image: c.image,
            imageID: '',
            ready: false,
            restartCount: 0,
            state: {
              terminated: {
                exitCode,
                reason: exitCode === 0 ? 'Completed' : 'Error',
                startedAt,
                finishedAt: now(),
              },
            },
          },
        ],
      };
    };
    if (c.name === 'churn') {
      // A pod-churn pod: its network is up at once; it prints its first connect (node clock, s)
      // and keeps running (Ready) until deleted.
      rt.log = `cpg-connected ${(Date.now() / 1000).toFixed(6)} attempts=0\n`;
      pod.status = {
        ...pod.status,
        phase: 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        containerStatuses: [
          {
            name: c.name,
            image: c.image,
            imageID: '',
            ready: true,
            restartCount: 0,
            state: { running: { startedAt } },
          },
        ],
      };
      return;
    }
    if (faults.failClient) {
      rt.log = faults.failClient.log;
      finish(faults.failClient.exitCode);
      return;
    }
    if (!options.runTools) {
      rt.log = options.replayLogs?.[c.command?.[0] ?? ''] ?? '';
      finish(rt.log ? 0 : 1);
      return;
    }
    const [binary, ...args] = (c.command as string[]).map((arg) =>
      rt.filesDir && mount && arg.startsWith(`${mount.mountPath}/`)
        ? join(rt.filesDir, arg.slice(mount.mountPath.length + 1))
        : arg,
    );
    if (binary !== 'iperf3' && binary !== 'wrk') {
      rt.log = `exec: "${binary}": executable file not found in $PATH`;
      finish(127);
      return;
    }
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    rt.process = child;
    child.stdout?.on('data', (chunk: Buffer) => (rt.log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (rt.log += chunk.toString()));
    const deadline = setTimeout(() => child.kill('SIGKILL'), (pod.spec.activeDeadlineSeconds ?? 600) * 1000);
    child.on('close', (code) => {
      clearTimeout(deadline);
      finish(code ?? 137);
    });
    child.on('error', (error) => {
      rt.log += String(error);
    });
    pod.status = {
      ...pod.status,
      phase: 'Running',
      containerStatuses: [
        {
          name: c.name,
          image: c.image,
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt } },
        },
      ],
    };
  };

  /** Advances a pod one step per read, like a very fast kubelet. */
  const advancePod = (pod: Obj) => {
    const rt = runtimes.get(pod.metadata.uid);
    if (!rt) return;
    rt.reads += 1;
    const c = container(pod);
    const selector: Record<string, string> = pod.spec.nodeSelector ?? {};
    const host = selector['kubernetes.io/hostname'];
    if (!pod.spec.nodeName) {
      const fits = faults.unschedulable ? undefined : nodeNames.slice(1).find((n) => !host || n === host);
      if (!fits) {
        const why = faults.unschedulable ? 'Insufficient cpu' : "didn't match Pod's node affinity/selector";
        pod.status = {
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: `0/${nodeNames.length} nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ${nodeNames.length - 1} node(s) ${why}.`,
            },
          ],
        };
        return;
      }
      pod.spec.nodeName = fits;
      pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True' }] };
      const entry = history.find(
        (h) => h.namespace === pod.metadata.namespace && h.name === pod.metadata.name && !h.node,
      );
      if (entry) entry.node = fits;
      return;
    }
    if (faults.imagePullFailImages.includes(c.image)) {
      const reason = rt.reads < 3 ? 'ErrImagePull' : 'ImagePullBackOff';
      pod.status.containerStatuses = [
        {
          name: c.name,
          image: c.image,
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason, message: `Back-off pulling image "${c.image}"` } },
        },
      ];
      return;
    }
    if (!pod.status.podIP) {
      const ip = assignPodIp(pod.spec.nodeName, Boolean(pod.spec.hostNetwork));
      pod.status.podIP = ip;
      pod.status.hostIP = nodeIp(nodeNames.indexOf(pod.spec.nodeName));
      podIps.set(pod.metadata.uid, ip);
      if (isClient(pod)) {
        startClient(pod, rt);
        return;
      }
      if (faults.crashLoopImages.includes(c.image)) {
        rt.log =
          'iperf3: error - unable to start listener for connections: Address already in use\niperf3: exiting\n';
        pod.status = {
          ...pod.status,
          phase: 'Running',
          containerStatuses: [
            {
              name: c.name,
              image: c.image,
              imageID: '',
              ready: false,
              restartCount: 3,
              state: {
                waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' },
              },
              lastState: { terminated: { exitCode: 1, reason: 'Error' } },
            },
          ],
        };
        return;
      }
      if (options.runTools) startServer(pod, rt, ip);
      else rt.listening = true;
      pod.status.phase = 'Running';
    }
    if (!isClient(pod) && !faults.crashLoopImages.includes(c.image)) {
      const ready = rt.listening;
      pod.status.conditions = [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: ready ? 'True' : 'False' },
      ];
      pod.status.containerStatuses = [
        {
          name: c.name,
          image: c.image,
          imageID: '',
          ready,
          restartCount: 0,
          state: { running: { startedAt: now() } },
        },
      ];
    }
    const entry = history.find((h) => h.namespace === pod.metadata.namespace && h.name === pod.metadata.name);
    if (entry) entry.phase = pod.status.phase;
  };

  // ---- services: a tiny kube-proxy (TCP only) ----------------------------------------------
  const backendFor = (service: Obj): string | undefined => {
    const selector: Record<string, string> = service.spec.selector ?? {};
    for (const pod of table('pods').values()) {
      if (pod.metadata.namespace !== service.metadata.namespace) continue;
      if (!Object.entries(selector).every(([k, v]) => pod.metadata.labels?.[k] === v)) continue;
      if (pod.status?.podIP && pod.status.phase === 'Running') return pod.status.podIP;
    }
    return undefined;
  };
  const forward = (service: Obj, ip: string, port: number, targetPort: number) =>
    new Promise<TcpServer>((resolve, reject) => {
      const server = createTcpServer((inbound) => {
        sockets.add(inbound);
        inbound.on('close', () => sockets.delete(inbound));
        const backend = backendFor(service);
        if (!backend) {
          inbound.destroy();
          return;
        }
        const outbound = createConnection({ host: backend, port: targetPort });
        sockets.add(outbound);
        outbound.on('close', () => sockets.delete(outbound));
        inbound.pipe(outbound).pipe(inbound);
        inbound.on('error', () => outbound.destroy());
        outbound.on('error', () => inbound.destroy());
      });
      server.once('error', reject);
      server.listen(port, ip, () => resolve(server));
    });

  const createService = async (service: Obj) => {
    const port = service.spec.ports[0];
    service.spec.clusterIP = `127.${block}.200.${nextClusterIp++}`;
    service.spec.clusterIPs = [service.spec.clusterIP];
    const servers = [await forward(service, service.spec.clusterIP, port.port, port.targetPort ?? port.port)];
    if (service.spec.type === 'NodePort') {
      port.nodePort = nextNodePort++;
      for (let i = 0; i < nodeNames.length; i++)
        servers.push(await forward(service, nodeIp(i), port.nodePort, port.targetPort ?? port.port));
    }
    forwarders.set(service.metadata.uid, servers);
  };
  const closeForwarders = (service: Obj | undefined) => {
    if (!service) return;
    for (const server of forwarders.get(service.metadata.uid) ?? []) server.close();
    forwarders.delete(service.metadata.uid);
  };

  const deleteObject = (resource: string, ns: string | undefined, name: string): Obj | undefined => {
    const t = table(resource);
    const obj = t.get(keyOf(ns, name));
    if (!obj) return undefined;
    t.delete(keyOf(ns, name));
    if (resource === 'pods') stopRuntime(runtimes.get(obj.metadata.uid));
    if (resource === 'services') closeForwarders(obj);
    return obj;
  };
  const deleteNamespace = (name: string) => {
    for (const [resource, t] of store) {
      if (resource === 'namespaces') continue;
      for (const obj of [...t.values()])
        if (obj.metadata?.namespace === name) deleteObject(resource, name, obj.metadata.name);
    }
  };

  // ---- HTTP ---------------------------------------------------------------------------------
  const send = (res: ServerResponse, code: number, body: unknown, type = 'application/json') => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(code, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => resolve(text));
    });
  const render = (resource: string, obj: Obj): Obj => {
    if (resource === 'pods') advancePod(obj);
    if (resource === 'nodes') return renderNode(obj);
    if (resource === 'daemonsets') return dsStatus(obj);
    return obj;
  };
  const kindOf = (resource: string) =>
    Object.values(RESOURCES)
      .flat()
      .find((r) => r.resource === resource);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    requests.push(`${method} ${url.pathname}`);
    if (faults.dropConnections > 0) {
      faults.dropConnections -= 1;
      req.socket.destroy();
      return;
    }
    if (faults.throttle > 0) {
      faults.throttle -= 1;
      send(
        res,
        429,
        status(
          429,
          'TooManyRequests',
          'the server has received too many requests and has asked us to try again later',
        ),
      );
      return;
    }
    if (faults.serverErrors > 0) {
      faults.serverErrors -= 1;
      send(res, 500, status(500, 'InternalError', 'etcdserver: request timed out'));
      return;
    }
    if (req.headers.authorization !== 'Bearer fake-token') {
      send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const path = url.pathname;
    if (path === '/version')
      return send(res, 200, { major: '1', minor: '33', gitVersion: 'v1.33.1', platform: 'linux/amd64' });
    let groupVersion: string;
    let rest: string[];
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts[1] === 'v1') {
      groupVersion = 'v1';
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 3) {
      groupVersion = `${parts[1]}/${parts[2]}`;
      rest = parts.slice(3);
    } else return send(res, 404, status(404, 'NotFound', `no route ${path}`));
    if (
      groupVersion === 'metrics.k8s.io/v1beta1' &&
      options.metrics &&
      rest[0] === 'namespaces' &&
      rest[2] === 'pods'
    ) {
      const items = [...table('pods').values()]
        .filter((p) => p.metadata.namespace === rest[1] && p.metadata.ownerReferences)
        .map((p) => ({
          metadata: { name: p.metadata.name, namespace: rest[1] },
          timestamp: now(),
          window: '15s',
          containers: [{ name: 'agent', usage: { cpu: '15000000n', memory: '20Mi' } }],
        }));
      return send(res, 200, {
        kind: 'PodMetricsList',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: {},
        items,
      });
    }
    if (
      groupVersion === 'v1' &&
      rest[0] === 'nodes' &&
      rest[2] === 'proxy' &&
      rest.slice(3).join('/') === 'stats/summary'
    ) {
      if (!options.statsSummary)
        return send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      const node = rest[1]!;
      if (options.statsSummary === 'forbidden')
        return send(
          res,
          403,
          status(403, 'Forbidden', `nodes "${node}" is forbidden: cannot get resource "nodes/proxy"`),
        );
      const index = nodeNames.indexOf(node);
      if (index < 0) return send(res, 404, status(404, 'NotFound', `nodes "${node}" not found`));
      const refresh = statsReads.get(node) ?? 0;
      statsReads.set(node, refresh + 1);
      const statsTime = new Date(startedAtMs + refresh * 10_000).toISOString();
      const pods = [...table('pods').values()]
        .filter((p) => p.spec?.nodeName === node)
        .map((p) => {
          const agent = Boolean(p.metadata.ownerReferences);
          const cpuNs = agent ? 2.5e9 + refresh * 0.5e9 : 7e9;
          return {
            podRef: { name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
            cpu: { time: statsTime, usageNanoCores: 1000, usageCoreNanoSeconds: cpuNs },
            memory: { time: statsTime, workingSetBytes: (agent ? 30 + index : 99) * 1024 * 1024 },
          };
        });
      return send(res, 200, { node: { nodeName: node }, pods });
    }
    if (rest.length === 0) {
      const resources = RESOURCES[groupVersion];
      if (!resources) return send(res, 404, status(404, 'NotFound', `group ${groupVersion} not served`));
      return send(res, 200, {
        kind: 'APIResourceList',
        groupVersion,
        resources: resources.map((r) => ({
          name: r.resource,
          singularName: '',
          namespaced: r.namespaced,
          kind: r.kind,
          verbs: ['get', 'list', 'create', 'patch', 'delete'],
        })),
      });
    }
    let ns: string | undefined;
    let resource: string;
    let name: string | undefined;
    let sub: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      ns = rest[1];
      resource = rest[2] as string;
      name = rest[3];
      sub = rest[4];
    } else {
      resource = rest[0] as string;
      name = rest[1];
    }
    if (!RESOURCES[groupVersion] || !kindOf(resource))
      return send(
        res,
        404,
        status(404, 'NotFound', `the server could not find the requested resource (${resource})`),
      );
    const t = table(resource);
    if (
      ns &&
      resource !== 'namespaces' &&
      !table('namespaces').has(keyOf(undefined, ns)) &&
      method !== 'GET'
    ) {
      return send(res, 404, status(404, 'NotFound', `namespaces "${ns}" not found`));
    }
    if (!name) {
      if (method === 'GET') {
        const items = [...t.values()]
          .filter((o) => ns === undefined || o.metadata?.namespace === ns)
          .map((o) => render(resource, o));
        const selector = url.searchParams.get('labelSelector');
        const wanted = selector ? Object.fromEntries(selector.split(',').map((kv) => kv.split('='))) : {};
        const filtered = items.filter((o) =>
          Object.entries(wanted).every(([k, v]) => o.metadata?.labels?.[k] === v),
        );
        return send(res, 200, {
          kind: `${kindOf(resource)?.kind}List`,
          apiVersion: groupVersion,
          metadata: {},
          items: filtered,
        });
      }
      if (method === 'POST') {
        const obj = JSON.parse(await readBody(req)) as Obj;
        const objName: string = obj.metadata?.name;
        const key = keyOf(ns, objName);
        if (t.has(key))
          return send(res, 409, status(409, 'AlreadyExists', `${resource} "${objName}" already exists`));
        obj.metadata = {
          ...obj.metadata,
          namespace: ns,
          uid: `uid-${++counter}`,
          creationTimestamp: now(),
          resourceVersion: '1',
        };
        if (resource === 'namespaces') obj.status = { phase: 'Active' };
        if (resource === 'pods') {
          obj.status = { phase: 'Pending' };
          runtimes.set(obj.metadata.uid, { reads: 0, log: '', listening: false, finished: false });
          history.push({
            namespace: ns ?? '',
            name: objName,
            labels: obj.metadata.labels ?? {},
            createdAtMs: Date.now(),
          });
        }
        if (resource === 'services') await createService(obj);
        t.set(key, obj);
        return send(res, 201, obj);
      }
      return send(res, 405, status(405, 'MethodNotAllowed', method));
    }
    const key = keyOf(ns, name);
    if (sub === 'log' && method === 'GET') {
      const pod = t.get(key);
      if (!pod) return send(res, 404, status(404, 'NotFound', `pods "${name}" not found`));
      const rt = runtimes.get(pod.metadata.uid);
      let log = rt?.log ?? '';
      const tail = url.searchParams.get('tailLines');
      if (tail)
        log = log
          .split('\n')
          .filter((l, i, all) => i < all.length - 1 || l !== '')
          .slice(-Number(tail))
          .join('\n');
      return send(res, 200, log, 'text/plain');
    }
    if (method === 'GET') {
      const obj = t.get(key);
      if (!obj) return send(res, 404, status(404, 'NotFound', `${resource} "${name}" not found`));
      if (resource === 'namespaces' && obj.status?.phase === 'Terminating') {
        t.delete(key);
        return send(res, 200, obj);
      }
      return send(res, 200, render(resource, obj));
    }
    if (method === 'DELETE') {
      if (resource === 'namespaces') {
        const obj = t.get(key);
        if (!obj) return send(res, 404, status(404, 'NotFound', `namespaces "${name}" not found`));
        deleteNamespace(name);
        obj.status = { phase: 'Terminating' };
        return send(res, 200, obj);
      }
      const obj = deleteObject(resource, ns, name);
      if (!obj) return send(res, 404, status(404, 'NotFound', `${resource} "${name}" not found`));
      return send(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success', code: 200 });
    }
    if (method === 'PATCH') {
      if (req.headers['content-type'] !== 'application/apply-patch+yaml') {
        return send(
          res,
          415,
          status(
            415,
            'UnsupportedMediaType',
            `only server-side apply is served, got ${req.headers['content-type']}`,
          ),
        );
      }
      const obj = JSON.parse(await readBody(req)) as Obj;
      const existing = t.get(key);
      const generation = (existing?.metadata?.generation ?? 0) + 1;
      const stored: Obj = {
        ...obj,
        metadata: {
          ...obj.metadata,
          namespace: ns,
          uid: existing?.metadata?.uid ?? `uid-${++counter}`,
          generation,
        },
      };
      if (resource === 'namespaces') stored.status = { phase: 'Active' };
      if (resource === 'daemonsets') {
        cniApplied = true;
        nodeNames.forEach((node, i) => {
          const podName = `${name}-${i}`;
          table('pods').set(keyOf(ns, podName), {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: {
              name: podName,
              namespace: ns,
              uid: `uid-${++counter}`,
              ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name, uid: stored.metadata.uid }],
            },
            spec: { nodeName: node, containers: [{ name: 'agent', image: 'agent' }] },
            status: { phase: 'Running' },
          });
        });
      }
      t.set(key, stored);
      return send(res, existing ? 200 : 201, render(resource, stored));
    }
    return send(res, 405, status(405, 'MethodNotAllowed', method));
  };

  const server = createHttpServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, status(500, 'InternalError', String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: fake',
      '  cluster:',
      `    server: ${url}`,
      '    insecure-skip-tls-verify: true',
      'users:',
      '- name: fake',
      '  user:',
      '    token: fake-token',
      'contexts:',
      '- name: fake',
      '  context:',
      '    cluster: fake',
      '    user: fake',
      'current-context: fake',
      '',
    ].join('\n'),
  );

  return {
    url,
    kubeconfigPath,
    faults,
    requests,
    history,
    namespaces: () =>
      [...table('namespaces').values()]
        .filter((n) => n.status?.phase !== 'Terminating')
        .map((n) => n.metadata.name as string),
    pods: (namespace) => [...table('pods').values()].filter((p) => p.metadata.namespace === namespace),
    liveResources: () =>
      [...runtimes.values()].filter(
        (rt) =>
          (rt.process && rt.process.exitCode === null && rt.process.signalCode === null) ||
          rt.http?.listening,
      ).length + [...forwarders.values()].flat().filter((s) => s.listening).length,
    stop: async () => {
      for (const rt of runtimes.values()) stopRuntime(rt);
      for (const servers of forwarders.values()) for (const s of servers) s.close();
      forwarders.clear();
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
