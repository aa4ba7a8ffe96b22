import type { CniConflist, CniPluginConfig } from '../../core/cni/types.js';
import { labAddresses } from './address-plan.js';
import type { LabDatapath } from './datapaths.js';

/** VXLAN encapsulation overhead subtracted from the pod MTU. */
export const VXLAN_OVERHEAD = 50;
/** The node's underlay interface (master of macvlan/ipvlan pods). */
export const NODE_UNDERLAY_IF = 'eth0';
/** Bridge device name of the bridge presets. */
export const POD_BRIDGE = 'cni0';

/** Per-node facts a preset needs. */
export interface PresetNodeContext {
  readonly nodeIndex: number;
  /** Underlay MTU. */
  readonly mtu: number;
  /** host-local leases directory for this node. */
  readonly dataDir: string;
}

function hostLocalPodRange(ctx: PresetNodeContext): CniPluginConfig['ipam'] {
  return {
    type: 'host-local',
    ranges: [
      [{ subnet: labAddresses.podCidr(ctx.nodeIndex), gateway: labAddresses.podGateway(ctx.nodeIndex) }],
    ],
    routes: [{ dst: '0.0.0.0/0' }],
    dataDir: ctx.dataDir,
  };
}

function bridge(ctx: PresetNodeContext, mtu: number): CniPluginConfig {
  return {
    type: 'bridge',
    bridge: POD_BRIDGE,
    isGateway: true,
    ipMasq: false,
    hairpinMode: true,
    mtu,
    ipam: hostLocalPodRange(ctx),
  };
}

const portmap: CniPluginConfig = { type: 'portmap', capabilities: { portMappings: true } };

function underlay(type: 'macvlan' | 'ipvlan', ctx: PresetNodeContext): CniPluginConfig {
  return {
    type,
    master: NODE_UNDERLAY_IF,
    mode: type === 'macvlan' ? 'bridge' : 'l2',
    mtu: ctx.mtu,
    ipam: {
      type: 'host-local',
      ranges: [[labAddresses.underlayPodRange(ctx.nodeIndex)]],
      dataDir: ctx.dataDir,
    },
  };
}

/**
 * The conflist a preset datapath uses on one node, or null for `host` (no CNI) and `custom`
 * (the user's file). Pure: the same inputs always give the same conflist.
 */
export function presetConflist(datapath: LabDatapath, ctx: PresetNodeContext): CniConflist | null {
  const list = (plugins: CniPluginConfig[]): CniConflist => ({
    cniVersion: '1.0.0',
    name: `cpg-${datapath}`,
    plugins,
  });
  switch (datapath) {
    case 'host':
    case 'custom':
      return null;
    case 'bridge-hostgw':
      return list([bridge(ctx, ctx.mtu), portmap]);
    case 'bridge-vxlan':
      return list([bridge(ctx, ctx.mtu - VXLAN_OVERHEAD), portmap]);
    case 'ptp-hostgw':
      return list([{ type: 'ptp', mtu: ctx.mtu, ipam: hostLocalPodRange(ctx) }, portmap]);
    case 'ebpf-hostrouting':
      // The veths come from ptp; the lab attaches the tc programs after ADD (no portmap: its
      // iptables rules would never see the traffic BPF host routing forwards).
      return list([{ type: 'ptp', mtu: ctx.mtu, ipam: hostLocalPodRange(ctx) }]);
    case 'macvlan':
    case 'ipvlan':
      return list([underlay(datapath, ctx)]);
  }
}
