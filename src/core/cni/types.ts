/** One plugin entry of a CNI network configuration list (spec 1.0 §"Plugin configuration objects"). */
export interface CniPluginConfig {
  readonly type: string;
  readonly ipam?: CniIpamConfig;
  readonly [key: string]: unknown;
}

/** The `ipam` section of a plugin configuration. */
export interface CniIpamConfig {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A validated CNI network configuration list (`.conflist`). */
export interface CniConflist {
  readonly cniVersion: string;
  readonly name: string;
  readonly disableCheck?: boolean;
  readonly plugins: readonly CniPluginConfig[];
}

/** One IP configuration of a CNI result. */
export interface CniIpConfig {
  /** CIDR notation, e.g. `198.18.0.2/24`. */
  readonly address: string;
  readonly gateway?: string;
  readonly interface?: number;
}

/** A CNI success result (the parts the lab reads; the rest is passed through as prevResult). */
export interface CniResult {
  readonly cniVersion: string;
  readonly interfaces?: readonly {
    readonly name: string;
    readonly mac?: string;
    readonly sandbox?: string;
  }[];
  readonly ips?: readonly CniIpConfig[];
  readonly routes?: readonly { readonly dst: string; readonly gw?: string }[];
  readonly [key: string]: unknown;
}

/** A CNI error result, as printed on stdout by a failing plugin. */
export interface CniErrorResult {
  readonly code: number;
  readonly msg: string;
  readonly details?: string;
}

/** The CNI operations a runtime performs. */
export type CniCommand = 'ADD' | 'CHECK' | 'DEL';
