import { UserError } from '../errors.js';
import type { CniConflist, CniPluginConfig } from './types.js';

/** Placeholder a conflist may use for the node's pod CIDR, e.g. `"subnet": "{{podCIDR}}"`. */
export const POD_CIDR_PLACEHOLDER = '{{podCIDR}}';

/** The per-node IPAM facts substituted into a conflist. */
export interface NodeIpam {
  /** The node's pod range, e.g. `198.18.1.0/24`. */
  readonly podCidr: string;
  /** Where host-local keeps its leases for this node. */
  readonly dataDir: string;
}

function replacePlaceholder(value: unknown, podCidr: string): unknown {
  if (typeof value === 'string') return value.split(POD_CIDR_PLACEHOLDER).join(podCidr);
  if (Array.isArray(value)) return value.map((v) => replacePlaceholder(v, podCidr));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePlaceholder(v, podCidr)]));
  }
  return value;
}

/**
 * Makes a conflist usable on one lab node:
 * - every `{{podCIDR}}` string is replaced by the node's pod CIDR;
 * - every `host-local` IPAM section gets `ranges: [[{ subnet: <podCIDR> }]]` (its own `subnet`,
 *   `ranges`, `rangeStart`, `rangeEnd`, `gateway` are dropped, since a conflist under review
 *   names one cluster's ranges) unless it used the placeholder, and always `dataDir` in the run's
 *   state directory; its `routes` are kept;
 * - any other IPAM type is a UserError (the lab allocates addresses with host-local only).
 */
export function applyNodeIpam(conflist: CniConflist, node: NodeIpam, source: string): CniConflist {
  const usesPlaceholder = JSON.stringify(conflist).includes(POD_CIDR_PLACEHOLDER);
  const substituted = replacePlaceholder(conflist, node.podCidr) as CniConflist;
  const plugins = substituted.plugins.map((plugin, i): CniPluginConfig => {
    const ipam = plugin.ipam;
    if (!ipam) return plugin;
    if (ipam.type !== 'host-local') {
      throw new UserError(
        `${source}: plugins[${i}].ipam.type "${ipam.type}" is not supported in the lab: use "host-local" (ranges are set per node)`,
      );
    }
    if (usesPlaceholder) return { ...plugin, ipam: { ...ipam, dataDir: node.dataDir } };
    const { subnet: _s, ranges: _r, rangeStart: _a, rangeEnd: _b, gateway: _g, ...rest } = ipam;
    return {
      ...plugin,
      ipam: { ...rest, type: 'host-local', ranges: [[{ subnet: node.podCidr }]], dataDir: node.dataDir },
    };
  });
  return { ...substituted, plugins };
}
