import { UserError } from '../errors.js';
import type { CniConflist, CniPluginConfig } from './types.js';

/** CNI spec versions a conflist may declare (the plugins' own support is checked when they run). */
export const KNOWN_CNI_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;

const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const PLUGIN_TYPE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(source: string, field: string, problem: string): never {
  throw new UserError(`${source}: ${field} ${problem}`);
}

function validatePlugin(value: unknown, source: string, field: string): CniPluginConfig {
  if (!isObject(value)) fail(source, field, 'must be an object with a "type"');
  const type = value['type'];
  if (typeof type !== 'string' || type === '')
    fail(source, `${field}.type`, 'is missing: name the plugin binary, e.g. "bridge"');
  if (!PLUGIN_TYPE.test(type)) fail(source, `${field}.type`, `"${type}" is not a plugin binary name`);
  const ipam = value['ipam'];
  if (ipam !== undefined) {
    if (!isObject(ipam)) fail(source, `${field}.ipam`, 'must be an object');
    const ipamType = ipam['type'];
    if (typeof ipamType !== 'string' || !PLUGIN_TYPE.test(ipamType)) {
      fail(source, `${field}.ipam.type`, 'is missing or not a plugin binary name, e.g. "host-local"');
    }
  }
  return value as CniPluginConfig;
}

/**
 * Parses and validates a CNI network configuration list (or a single-plugin `.conf`, which is
 * wrapped into a one-plugin list). Throws a UserError naming `source` and the offending field.
 */
export function parseConflist(text: string, source: string): CniConflist {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!isObject(doc)) throw new UserError(`${source}: must be a JSON object (a CNI conflist)`);
  const cniVersion = doc['cniVersion'];
  if (typeof cniVersion !== 'string')
    fail(source, 'cniVersion', 'is missing: add e.g. "cniVersion": "1.0.0"');
  if (!(KNOWN_CNI_VERSIONS as readonly string[]).includes(cniVersion)) {
    fail(
      source,
      'cniVersion',
      `"${cniVersion}" is not a CNI spec version (${KNOWN_CNI_VERSIONS.join(', ')})`,
    );
  }
  const name = doc['name'];
  if (typeof name !== 'string' || name === '') fail(source, 'name', 'is missing: give the network a name');
  if (!NETWORK_NAME.test(name))
    fail(source, 'name', `"${name}" may only hold letters, digits, "_", "." and "-"`);
  const disableCheck = doc['disableCheck'];
  if (disableCheck !== undefined && typeof disableCheck !== 'boolean')
    fail(source, 'disableCheck', 'must be true or false');

  let plugins: CniPluginConfig[];
  if (doc['plugins'] === undefined && doc['type'] !== undefined) {
    const { cniVersion: _v, name: _n, ...plugin } = doc;
    plugins = [validatePlugin(plugin, source, 'type')];
  } else {
    const raw = doc['plugins'];
    if (!Array.isArray(raw)) fail(source, 'plugins', 'is missing: a conflist needs a "plugins" array');
    if (raw.length === 0) fail(source, 'plugins', 'is empty: list at least one plugin');
    plugins = raw.map((plugin, i) => validatePlugin(plugin, source, `plugins[${i}]`));
  }
  return { cniVersion, name, ...(disableCheck !== undefined ? { disableCheck } : {}), plugins };
}

/** Every binary a conflist needs: plugin types and IPAM types, in order, without duplicates. */
export function requiredPluginTypes(conflist: CniConflist): string[] {
  const types: string[] = [];
  for (const plugin of conflist.plugins) {
    for (const type of [plugin.type, plugin.ipam?.type]) {
      if (type !== undefined && !types.includes(type)) types.push(type);
    }
  }
  return types;
}

/** Compares dotted versions numerically; negative when a < b. */
export function compareCniVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when the runtime should run CHECK after ADD (spec ≥ 0.4.0 and not disabled). */
export function shouldRunCheck(conflist: CniConflist): boolean {
  return conflist.disableCheck !== true && compareCniVersions(conflist.cniVersion, '0.4.0') >= 0;
}

/** The stdin of plugin `index` for one operation: its config plus `name`, `cniVersion` and `prevResult`. */
export function pluginStdin(
  conflist: CniConflist,
  index: number,
  prevResult: unknown,
): Record<string, unknown> {
  const plugin = conflist.plugins[index];
  if (!plugin) throw new RangeError(`conflist ${conflist.name} has no plugin ${index}`);
  return {
    ...plugin,
    cniVersion: conflist.cniVersion,
    name: conflist.name,
    ...(prevResult !== undefined ? { prevResult } : {}),
  };
}
