/** Where server and client sit relative to each other and to the CNI datapath. */
export const TOPOLOGY_IDS = [
  'host-cross-node',
  'pod-to-pod-same-node',
  'pod-to-pod-cross-node',
  'pod-to-service-cross-node',
  'nodeport-via-other-node',
] as const;
/** One of the topologies (README "How it works → Suite"). */
export type TopologyId = (typeof TOPOLOGY_IDS)[number];

/** What is measured between server and client. */
export const TEST_IDS = [
  'tcp-stream',
  'tcp-stream-parallel',
  'udp-stream',
  'http-max',
  'http-fixed-rate',
  'http-conn-rate',
  'pod-churn',
] as const;
/** One of the tests (README "How it works → Suite"). */
export type TestId = (typeof TEST_IDS)[number];

/** The tests wrk runs against the HTTP server (the others are iperf3 tests). */
export const HTTP_TEST_IDS = ['http-max', 'http-fixed-rate', 'http-conn-rate'] as const;

/** True for a test that wrk runs against the HTTP server. */
export function isHttpTest(test: TestId): test is (typeof HTTP_TEST_IDS)[number] {
  return (HTTP_TEST_IDS as readonly string[]).includes(test);
}

/** A scenario id is `<topology>/<test>`. */
export type ScenarioId = `${TopologyId}/${TestId}`;

/** Builds the scenario id of a topology and a test. */
export function scenarioId(topology: TopologyId, test: TestId): ScenarioId {
  return `${topology}/${test}`;
}

/** True when `id` is a known topology. */
export function isTopologyId(id: string): id is TopologyId {
  return (TOPOLOGY_IDS as readonly string[]).includes(id);
}

/** True when `id` is a known test. */
export function isTestId(id: string): id is TestId {
  return (TEST_IDS as readonly string[]).includes(id);
}

/** Splits a scenario id into topology and test, or returns undefined when it is not one. */
export function parseScenarioId(id: string): { topology: TopologyId; test: TestId } | undefined {
  const slash = id.indexOf('/');
  if (slash < 0) return undefined;
  const topology = id.slice(0, slash);
  const test = id.slice(slash + 1);
  return isTopologyId(topology) && isTestId(test) ? { topology, test } : undefined;
}

/**
 * The one topology `pod-churn` runs in: its pods are created on node-0 and connect to the server of
 * a cross-node placement (a pod on node-1), so the first connect crosses the CNI's node-to-node path.
 */
export const POD_CHURN_TOPOLOGY: TopologyId = 'pod-to-pod-cross-node';

/** True when `test` is measured in `topology` (pod-churn only in {@link POD_CHURN_TOPOLOGY}). */
export function testRunsIn(test: TestId, topology: TopologyId): boolean {
  return test !== 'pod-churn' || topology === POD_CHURN_TOPOLOGY;
}
