import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  Metrics,
  PatchStrategy,
  VersionApi,
  type KubeConfig,
  type KubernetesObject,
  type PodMetric,
  type V1ConfigMap,
  type V1DaemonSet,
  type V1Deployment,
  type V1Namespace,
  type V1Node,
  type V1Pod,
  type V1Service,
} from '@kubernetes/client-node';
import { KubernetesError } from '../errors.js';
import { withRetry, type RetryPolicy } from '../../../adapters/retry.js';
import { rawGet } from './raw-get.js';
import { DEFAULT_RETRY_POLICY, httpStatusOf, isRetryable } from './retry.js';

/** The field manager our server-side applies and creates are recorded under. */
export const FIELD_MANAGER = 'cni-perf-gate';

/**
 * The Kubernetes API calls this platform makes, each retried on 429/5xx/connection drops.
 * A thin layer over @kubernetes/client-node so the rest of the platform reads as intent.
 */
export interface KubeClient {
  serverVersion(): Promise<string>;
  listNodes(): Promise<V1Node[]>;
  createNamespace(namespace: V1Namespace): Promise<void>;
  /** Resolves true when deleted (or being deleted), false when it did not exist. */
  deleteNamespace(name: string): Promise<boolean>;
  namespaceExists(name: string): Promise<boolean>;
  createPod(pod: V1Pod): Promise<void>;
  readPod(namespace: string, name: string): Promise<V1Pod>;
  deletePod(namespace: string, name: string): Promise<void>;
  podLog(namespace: string, name: string, tailLines?: number): Promise<string>;
  listPods(namespace: string, labelSelector?: string): Promise<V1Pod[]>;
  createService(service: V1Service): Promise<V1Service>;
  deleteService(namespace: string, name: string): Promise<void>;
  createConfigMap(configMap: V1ConfigMap): Promise<void>;
  deleteConfigMap(namespace: string, name: string): Promise<void>;
  listDaemonSets(namespace?: string): Promise<V1DaemonSet[]>;
  readDeployment(namespace: string, name: string): Promise<V1Deployment | undefined>;
  /** Server-side apply (create or update) of any object. */
  apply(object: KubernetesObject): Promise<void>;
  /** Pod metrics of a namespace, or undefined when metrics.k8s.io is not served. */
  podMetrics(namespace: string): Promise<PodMetric[] | undefined>;
  /**
   * The kubelet's stats summary of a node through the API server's node proxy
   * (`GET /api/v1/nodes/<node>/proxy/stats/summary`, RBAC `nodes/proxy` get), parsed JSON; a
   * failure (not served, forbidden, not JSON) is `{ error }` with the reason, never thrown.
   */
  nodeStatsSummary(node: string): Promise<{ summary: unknown } | { error: string }>;
}

const isNotFound = (error: unknown): boolean => httpStatusOf(error) === 404;

/** Turns an API failure into one line: method, object, status and the server's message. */
function describeApiError(what: string, error: unknown): KubernetesError {
  const status = httpStatusOf(error);
  const body = (error as { body?: unknown }).body;
  let detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: string };
      if (parsed.message) detail = parsed.message;
    } catch {
      /* not JSON: keep the exception message */
    }
  } else if (body && typeof body === 'object' && 'message' in body) {
    detail = String((body as { message: unknown }).message);
  }
  return new KubernetesError('Api', `${what}: ${status ? `HTTP ${status}: ` : ''}${detail}`);
}

/** How every call is made: retried on transient failures, its failure described in one line. */
interface ApiCalls {
  call<T>(what: string, fn: () => Promise<T>): Promise<T>;
  /** Like `call`, but a 404 resolves to `ifMissing`. */
  tolerant<T>(what: string, fn: () => Promise<T>, ifMissing: T): Promise<T>;
}

function apiCalls(retry: RetryPolicy): ApiCalls {
  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(fn, retry, isRetryable);
    } catch (error) {
      throw describeApiError(what, error);
    }
  };
  const tolerant = async <T>(what: string, fn: () => Promise<T>, ifMissing: T): Promise<T> => {
    try {
      return await withRetry(fn, retry, isRetryable);
    } catch (error) {
      if (isNotFound(error)) return ifMissing;
      throw describeApiError(what, error);
    }
  };
  return { call, tolerant };
}

/** The cluster, namespace and pod calls. */
function podCalls(
  { call, tolerant }: ApiCalls,
  core: CoreV1Api,
  version: VersionApi,
): Pick<
  KubeClient,
  | 'serverVersion'
  | 'listNodes'
  | 'createNamespace'
  | 'deleteNamespace'
  | 'namespaceExists'
  | 'createPod'
  | 'readPod'
  | 'deletePod'
  | 'podLog'
  | 'listPods'
> {
  return {
    serverVersion: () => call('get server version', async () => (await version.getCode()).gitVersion),
    listNodes: () => call('list nodes', async () => (await core.listNode()).items),
    createNamespace: (body) =>
      call(`create namespace ${body.metadata?.name}`, async () => {
        await core.createNamespace({ body, fieldManager: FIELD_MANAGER });
      }),
    deleteNamespace: (name) =>
      tolerant(
        `delete namespace ${name}`,
        async () => {
          await core.deleteNamespace({ name, propagationPolicy: 'Background' });
          return true;
        },
        false,
      ),
    namespaceExists: (name) =>
      tolerant(
        `read namespace ${name}`,
        async () => {
          await core.readNamespace({ name });
          return true;
        },
        false,
      ),
    createPod: (body) =>
      call(`create pod ${body.metadata?.namespace}/${body.metadata?.name}`, async () => {
        await core.createNamespacedPod({
          namespace: body.metadata?.namespace ?? 'default',
          body,
          fieldManager: FIELD_MANAGER,
        });
      }),
    readPod: (namespace, name) =>
      call(`read pod ${namespace}/${name}`, () => core.readNamespacedPod({ namespace, name })),
    deletePod: (namespace, name) =>
      tolerant(
        `delete pod ${namespace}/${name}`,
        async () => {
          await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
        },
        undefined,
      ),
    podLog: (namespace, name, tailLines) =>
      call(`read log of pod ${namespace}/${name}`, async () =>
        String(
          (await core.readNamespacedPodLog(
            tailLines === undefined ? { namespace, name } : { namespace, name, tailLines },
          )) ?? '',
        ),
      ),
    listPods: (namespace, labelSelector) =>
      call(
        `list pods in ${namespace}`,
        async () =>
          (await core.listNamespacedPod(labelSelector ? { namespace, labelSelector } : { namespace })).items,
      ),
  };
}

/** A KubeClient over client-node for one kubeconfig. */
export function createKubeClient(config: KubeConfig, retry: RetryPolicy = DEFAULT_RETRY_POLICY): KubeClient {
  const api = apiCalls(retry);
  const { call, tolerant } = api;
  const core = config.makeApiClient(CoreV1Api);
  const apps = config.makeApiClient(AppsV1Api);
  const objects = KubernetesObjectApi.makeApiClient(config);
  return {
    ...podCalls(api, core, config.makeApiClient(VersionApi)),
    createService: (body) =>
      call(`create service ${body.metadata?.namespace}/${body.metadata?.name}`, () =>
        core.createNamespacedService({
          namespace: body.metadata?.namespace ?? 'default',
          body,
          fieldManager: FIELD_MANAGER,
        }),
      ),
    deleteService: (namespace, name) =>
      tolerant(
        `delete service ${namespace}/${name}`,
        async () => {
          await core.deleteNamespacedService({ namespace, name });
        },
        undefined,
      ),
    createConfigMap: (body) =>
      call(`create configmap ${body.metadata?.namespace}/${body.metadata?.name}`, async () => {
        await core.createNamespacedConfigMap({
          namespace: body.metadata?.namespace ?? 'default',
          body,
          fieldManager: FIELD_MANAGER,
        });
      }),
    deleteConfigMap: (namespace, name) =>
      tolerant(
        `delete configmap ${namespace}/${name}`,
        async () => {
          await core.deleteNamespacedConfigMap({ namespace, name });
        },
        undefined,
      ),
    listDaemonSets: (namespace) =>
      call(`list daemonsets${namespace ? ` in ${namespace}` : ''}`, async () =>
        namespace
          ? (await apps.listNamespacedDaemonSet({ namespace })).items
          : (await apps.listDaemonSetForAllNamespaces()).items,
      ),
    readDeployment: (namespace, name) =>
      tolerant(
        `read deployment ${namespace}/${name}`,
        () => apps.readNamespacedDeployment({ namespace, name }),
        undefined,
      ),
    apply: (object) =>
      call(`apply ${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name}`, async () => {
        await objects.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      }),
    ...resourceCalls(config, new Metrics(config)),
  };
}

/** Node stats (through the API server's node proxy) and pod metrics (metrics-server); never throw. */
function resourceCalls(
  config: KubeConfig,
  metrics: Metrics,
): Pick<KubeClient, 'nodeStatsSummary' | 'podMetrics'> {
  return {
    nodeStatsSummary: async (node) => {
      try {
        const { status, body } = await rawGet(
          config,
          `/api/v1/nodes/${encodeURIComponent(node)}/proxy/stats/summary`,
        );
        if (status !== 200) return { error: `HTTP ${status}` };
        return { summary: JSON.parse(body) as unknown };
      } catch (error) {
        return { error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
      }
    },
    podMetrics: async (namespace) => {
      try {
        const items = (await metrics.getPodMetrics(namespace)).items as unknown;
        return Array.isArray(items)
          ? (items as PodMetric[]).filter((m) => Array.isArray(m?.containers))
          : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
