import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../../core/errors.js';
import { mustRun } from '../commands.js';
import type { LabDeps } from '../deps.js';

/** The BPF objects the lab loads, built from bpf/*.c by `scripts/setup.sh` (bpf/build.sh). */
export const BPF_OBJECTS = {
  hostrouting: 'hostrouting.o',
  socketLb: 'sock-lb.o',
  nodePort: 'nodeport.o',
} as const;

/** One of the lab's BPF objects. */
export type BpfObjectName = keyof typeof BPF_OBJECTS;

/**
 * `bpf/out` of the checkout or package this code runs from: the first ancestor directory of this
 * module that holds `bpf/build.sh` (works from src/ under tsx and from the bundled dist/).
 */
export function defaultBpfObjectDir(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'bpf', 'build.sh'))) return join(dir, 'bpf', 'out');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(process.cwd(), 'bpf', 'out');
}

/**
 * Path and `sha256:<hex>` of a built BPF object; a UserError saying how to build it when it is
 * missing (objects are compiled on this machine by scripts/setup.sh, never downloaded).
 */
export async function bpfObject(
  deps: LabDeps,
  objectDir: string,
  name: BpfObjectName,
): Promise<{ path: string; hash: string }> {
  const path = `${objectDir}/${BPF_OBJECTS[name]}`;
  const hex = await deps.sha256File(path).catch(() => undefined);
  if (!hex) {
    throw new UserError(
      `BPF object ${path} is not built: run sudo ./scripts/setup.sh (it compiles bpf/*.c with clang and libbpf-dev; or run bash bpf/build.sh)`,
    );
  }
  return { path, hash: `sha256:${hex}` };
}

/** Runs bpftool and throws a ToolError with its message on failure. */
export function bpftool(deps: LabDeps, args: readonly string[], signal?: AbortSignal) {
  return mustRun(deps, 'bpftool', args, signal ? { signal } : undefined);
}

/** Runs a command in a namespace's network stack only (`nsenter --net`), keeping this mount namespace (so bpffs pins stay visible, unlike `ip netns exec`). */
export function inNetns(
  deps: LabDeps,
  namespace: string,
  command: string,
  args: readonly string[],
  signal?: AbortSignal,
) {
  return mustRun(
    deps,
    'nsenter',
    [`--net=/run/netns/${namespace}`, command, ...args],
    signal ? { signal } : undefined,
  );
}
