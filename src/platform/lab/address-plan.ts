import { UserError } from '../../core/errors.js';

/** Prefix of every lab namespace; nothing else is ever touched by cleanup. */
export const LAB_PREFIX = 'cpg-';
/** Root of the per-run state directories. */
export const LAB_STATE_ROOT = '/run/cni-perf-gate';
/** Largest number of nodes (the macvlan/ipvlan underlay range is split in /27s). */
export const MAX_LAB_NODES = 4;

const RUN_ID = /^[a-z0-9]{1,8}$/;

/** Throws a UserError unless `runId` is 1–8 lower-case letters/digits. */
export function validateRunId(runId: string): string {
  if (!RUN_ID.test(runId)) {
    throw new UserError(
      `lab runId "${runId}" must be 1-8 lower-case letters or digits (it prefixes namespace names)`,
    );
  }
  return runId;
}

/** A short random run id (8 base-36 characters) from a random source in [0, 1). */
export function makeRunId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 8; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

/** Network namespace names of one run. */
export const labNames = {
  /** The underlay switch. */
  fabric: (runId: string) => `${LAB_PREFIX}${runId}-fab`,
  node: (runId: string, i: number) => `${LAB_PREFIX}${runId}-n${i}`,
  /** The client outside the cluster (NodePort). */
  external: (runId: string) => `${LAB_PREFIX}${runId}-ext`,
  pod: (runId: string, k: number) => `${LAB_PREFIX}${runId}-p${k}`,
  /** Scratch namespace for kernel feature probes. */
  probe: (runId: string) => `${LAB_PREFIX}${runId}-chk`,
  /** Run id encoded in a lab namespace name, or undefined when the name is not ours. */
  runIdOf(namespace: string): string | undefined {
    const m = /^cpg-([a-z0-9]{1,8})-[a-z0-9]+$/.exec(namespace);
    return m?.[1];
  },
};

/** Addresses of the lab (RFC 2544 benchmarking ranges only). */
export const labAddresses = {
  underlayPrefix: 24,
  /** Underlay address of node i. */
  node: (i: number) => `198.19.0.${10 + i}`,
  /** Underlay address of the external client. */
  external: '198.19.0.5',
  /** Pod CIDR of node i. */
  podCidr: (i: number) => `198.18.${i}.0/24`,
  /** Gateway (bridge / ptp host side) of node i's pods. */
  podGateway: (i: number) => `198.18.${i}.1`,
  /** VTEP address of node i on its vxlan device (flannel style: the network address). */
  vtep: (i: number) => `198.18.${i}.0`,
  /** Fixed MAC of node i's vxlan device, so FDB/neighbour entries need no discovery. */
  vtepMac: (i: number) => `0a:58:c6:12:${i.toString(16).padStart(2, '0')}:01`,
  /** Underlay range of node i's macvlan/ipvlan pods (a /27 of 198.19.0.128/25). */
  underlayPodRange: (i: number) => ({
    subnet: '198.19.0.0/24',
    rangeStart: `198.19.0.${128 + 32 * i + 1}`,
    rangeEnd: `198.19.0.${128 + 32 * i + 30}`,
  }),
  /** Service CIDR (inside 198.18.0.0/15). */
  serviceCidr: '198.19.128.0/24',
  /** ClusterIP of the k-th service placement. */
  serviceVip: (k: number) => `198.19.128.${10 + (k % 200)}`,
};

/** Ports the servers listen on, and the NodePorts that lead to them. */
export const labPorts = {
  iperf3: 5201,
  http: 80,
  nodePortIperf3: 30201,
  nodePortHttp: 30080,
};
