import type { LabDeps } from './deps.js';
import { labAddresses, labNames } from './address-plan.js';
import { inNamespace, ip } from './commands.js';
import type { LabRouting } from './datapaths.js';
import { createNamespace } from './netns.js';
import { NODE_UNDERLAY_IF, VXLAN_OVERHEAD } from './presets.js';

/** What the fabric is built from. */
export interface FabricSpec {
  readonly runId: string;
  readonly nodes: number;
  readonly mtu: number;
  readonly routing: LabRouting;
  readonly signal?: AbortSignal;
}

const FABRIC_BRIDGE = 'br0';
const VXLAN_DEVICE = 'vx0';
const VXLAN_VNI = '1';
const VXLAN_PORT = '4789';

/** Joins a namespace to the fabric bridge by a veth pair and gives it an underlay address. */
async function attachToFabric(
  deps: LabDeps,
  spec: FabricSpec,
  namespace: string,
  port: string,
  address: string,
): Promise<void> {
  const fab = labNames.fabric(spec.runId);
  const mtu = String(spec.mtu);
  await ip(
    deps,
    [
      '-n',
      fab,
      'link',
      'add',
      port,
      'mtu',
      mtu,
      'type',
      'veth',
      'peer',
      'name',
      NODE_UNDERLAY_IF,
      'netns',
      namespace,
    ],
    spec.signal,
  );
  await ip(deps, ['-n', fab, 'link', 'set', port, 'master', FABRIC_BRIDGE, 'up'], spec.signal);
  await ip(deps, ['-n', namespace, 'link', 'set', NODE_UNDERLAY_IF, 'mtu', mtu, 'up'], spec.signal);
  await ip(
    deps,
    ['-n', namespace, 'addr', 'add', `${address}/${labAddresses.underlayPrefix}`, 'dev', NODE_UNDERLAY_IF],
    spec.signal,
  );
}

/** flannel-style VXLAN: a vxlan device per node, static FDB + neighbour entries and onlink routes to every peer. */
async function buildVxlan(deps: LabDeps, spec: FabricSpec): Promise<void> {
  for (let i = 0; i < spec.nodes; i++) {
    const node = labNames.node(spec.runId, i);
    await ip(
      deps,
      [
        '-n',
        node,
        'link',
        'add',
        VXLAN_DEVICE,
        'address',
        labAddresses.vtepMac(i),
        'mtu',
        String(spec.mtu - VXLAN_OVERHEAD),
        'type',
        'vxlan',
        'id',
        VXLAN_VNI,
        'local',
        labAddresses.node(i),
        'dev',
        NODE_UNDERLAY_IF,
        'dstport',
        VXLAN_PORT,
        'nolearning',
      ],
      spec.signal,
    );
    await ip(
      deps,
      ['-n', node, 'addr', 'add', `${labAddresses.vtep(i)}/32`, 'dev', VXLAN_DEVICE],
      spec.signal,
    );
    await ip(deps, ['-n', node, 'link', 'set', VXLAN_DEVICE, 'up'], spec.signal);
    for (let j = 0; j < spec.nodes; j++) {
      if (j === i) continue;
      await ip(
        deps,
        [
          '-n',
          node,
          'neigh',
          'add',
          labAddresses.vtep(j),
          'lladdr',
          labAddresses.vtepMac(j),
          'dev',
          VXLAN_DEVICE,
          'nud',
          'permanent',
        ],
        spec.signal,
      );
      await inNamespace(
        deps,
        node,
        'bridge',
        ['fdb', 'append', labAddresses.vtepMac(j), 'dev', VXLAN_DEVICE, 'dst', labAddresses.node(j)],
        spec.signal ? { signal: spec.signal } : undefined,
      );
      await ip(
        deps,
        [
          '-n',
          node,
          'route',
          'add',
          labAddresses.podCidr(j),
          'via',
          labAddresses.vtep(j),
          'dev',
          VXLAN_DEVICE,
          'onlink',
        ],
        spec.signal,
      );
    }
  }
}

/** host-gw: each node routes every peer's pod CIDR via the peer's underlay address. */
async function buildHostGw(deps: LabDeps, spec: FabricSpec): Promise<void> {
  for (let i = 0; i < spec.nodes; i++) {
    for (let j = 0; j < spec.nodes; j++) {
      if (j === i) continue;
      await ip(
        deps,
        [
          '-n',
          labNames.node(spec.runId, i),
          'route',
          'add',
          labAddresses.podCidr(j),
          'via',
          labAddresses.node(j),
        ],
        spec.signal,
      );
    }
  }
}

/**
 * Builds the underlay: a fabric namespace with a bridge (the ToR switch), node namespaces and an
 * external-client namespace joined to it by veth, forwarding on, a service-CIDR route, and the
 * cross-node routing of the datapath. Every namespace is created before it is used, so a
 * failure part-way leaves only `cpg-<runId>-…` namespaces for teardown to remove.
 */
export async function buildFabric(deps: LabDeps, spec: FabricSpec): Promise<void> {
  const fab = labNames.fabric(spec.runId);
  await createNamespace(deps, fab, spec.signal);
  await ip(
    deps,
    ['-n', fab, 'link', 'add', FABRIC_BRIDGE, 'mtu', String(spec.mtu), 'type', 'bridge'],
    spec.signal,
  );
  await ip(deps, ['-n', fab, 'link', 'set', FABRIC_BRIDGE, 'up'], spec.signal);
  for (let i = 0; i < spec.nodes; i++) {
    const node = labNames.node(spec.runId, i);
    await createNamespace(deps, node, spec.signal);
    await attachToFabric(deps, spec, node, `n${i}`, labAddresses.node(i));
    await inNamespace(
      deps,
      node,
      'sysctl',
      ['-qw', 'net.ipv4.ip_forward=1'],
      spec.signal ? { signal: spec.signal } : undefined,
    );
    // Lets host-network clients reach ClusterIPs (the OUTPUT DNAT needs a route to leave by).
    await ip(
      deps,
      ['-n', node, 'route', 'add', labAddresses.serviceCidr, 'dev', NODE_UNDERLAY_IF],
      spec.signal,
    );
  }
  const ext = labNames.external(spec.runId);
  await createNamespace(deps, ext, spec.signal);
  await attachToFabric(deps, spec, ext, 'x0', labAddresses.external);
  if (spec.routing === 'host-gw') await buildHostGw(deps, spec);
  if (spec.routing === 'vxlan') await buildVxlan(deps, spec);
}
