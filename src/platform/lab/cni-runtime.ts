import { pluginStdin, shouldRunCheck } from '../../core/cni/conflist.js';
import { cniFailure, firstIpv4, parseCniResult } from '../../core/cni/result.js';
import type { CniCommand, CniConflist, CniResult } from '../../core/cni/types.js';
import { ToolError } from '../../core/errors.js';
import type { LabDeps } from './deps.js';

/** Time a single plugin invocation may take. */
const PLUGIN_TIMEOUT_MS = 30_000;
/** Interface name inside the pod. */
export const POD_IFNAME = 'eth0';

/** Where and how plugins run. */
export interface CniRuntimeContext {
  /** Node namespace the plugins execute in (they act as the node's runtime). */
  readonly nodeNamespace: string;
  readonly conflist: CniConflist;
  /** Plugin type → absolute binary path. */
  readonly plugins: ReadonlyMap<string, string>;
  /** CNI_PATH handed to plugins (IPAM delegation). */
  readonly cniPath: string;
  readonly signal?: AbortSignal;
}

/** A pod attached to the network. */
export interface Attachment {
  readonly containerId: string;
  readonly podNamespace: string;
  /** Final result of the ADD chain (prevResult of CHECK and DEL). */
  readonly result: CniResult;
  /** The pod's IPv4 address. */
  readonly ip: string;
}

async function invoke(
  deps: LabDeps,
  ctx: CniRuntimeContext,
  command: CniCommand,
  index: number,
  containerId: string,
  podNamespace: string,
  prevResult: unknown,
): Promise<string> {
  const plugin = ctx.conflist.plugins[index]!;
  const path = ctx.plugins.get(plugin.type);
  if (!path) throw new ToolError(`CNI plugin ${plugin.type}`, 'binary was not resolved before use');
  const result = await deps.exec.run('ip', ['netns', 'exec', ctx.nodeNamespace, path], {
    env: {
      CNI_COMMAND: command,
      CNI_CONTAINERID: containerId,
      CNI_NETNS: `/run/netns/${podNamespace}`,
      CNI_IFNAME: POD_IFNAME,
      CNI_PATH: ctx.cniPath,
    },
    input: JSON.stringify(pluginStdin(ctx.conflist, index, prevResult)),
    timeoutMs: PLUGIN_TIMEOUT_MS,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (result.timedOut)
    throw new ToolError(
      `CNI plugin ${plugin.type}`,
      `${command}: no answer within ${PLUGIN_TIMEOUT_MS / 1000}s`,
    );
  if (result.exitCode !== 0)
    throw cniFailure(plugin.type, command, result.exitCode, result.stdout, result.stderr);
  return result.stdout;
}

/**
 * DEL in reverse plugin order, each with the ADD's final result as prevResult (CNI spec 1.0).
 * Every plugin is called even when one fails; the first failure is thrown at the end.
 */
export async function cniDel(
  deps: LabDeps,
  ctx: CniRuntimeContext,
  containerId: string,
  podNamespace: string,
  result: CniResult | undefined,
): Promise<void> {
  let first: unknown;
  for (let i = ctx.conflist.plugins.length - 1; i >= 0; i--) {
    try {
      await invoke(deps, ctx, 'DEL', i, containerId, podNamespace, result);
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== undefined) throw first;
}

/**
 * Attaches a pod like a container runtime: ADD through the chain (each plugin gets the previous
 * one's result as prevResult), then CHECK when the version supports it. A failed ADD is undone
 * with DEL before the error (naming the plugin and its message) is thrown.
 */
export async function cniAdd(
  deps: LabDeps,
  ctx: CniRuntimeContext,
  containerId: string,
  podNamespace: string,
): Promise<Attachment> {
  let prev: CniResult | undefined;
  try {
    for (let i = 0; i < ctx.conflist.plugins.length; i++) {
      const stdout = await invoke(deps, ctx, 'ADD', i, containerId, podNamespace, prev);
      prev = parseCniResult(stdout, ctx.conflist.plugins[i]!.type);
    }
    if (!prev) throw new ToolError('CNI', `conflist ${ctx.conflist.name} has no plugins`);
    if (shouldRunCheck(ctx.conflist)) {
      for (let i = 0; i < ctx.conflist.plugins.length; i++) {
        await invoke(deps, ctx, 'CHECK', i, containerId, podNamespace, prev);
      }
    }
  } catch (error) {
    await cniDel(deps, { ...ctx, signal: undefined }, containerId, podNamespace, prev).catch(() => undefined);
    throw error;
  }
  const podIp = firstIpv4(prev);
  if (!podIp)
    throw new ToolError(
      `CNI plugin ${ctx.conflist.plugins.at(-1)!.type}`,
      'ADD result holds no IPv4 address',
    );
  return { containerId, podNamespace, result: prev, ip: podIp };
}
