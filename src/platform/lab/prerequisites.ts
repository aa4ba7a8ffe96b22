import { UserError } from '../../core/errors.js';
import type { LabDeps } from './deps.js';

const CAP_NET_ADMIN = 12n;
const CAP_SYS_ADMIN = 21n;

/** Debian package that provides each binary the lab runs. */
export const DEBIAN_PACKAGES: Readonly<Record<string, string>> = {
  ip: 'iproute2',
  tc: 'iproute2',
  bridge: 'iproute2',
  sysctl: 'procps',
  kill: 'procps',
  uname: 'coreutils',
  iptables: 'iptables',
  'iptables-restore': 'iptables',
  iperf3: 'iperf3',
  wrk: 'wrk',
  wrk2: 'wrk2',
  nginx: 'nginx-light',
  bash: 'bash',
  nft: 'nftables',
  bpftool: 'bpftool',
  nsenter: 'util-linux',
  mount: 'mount',
  umount: 'mount',
  rmdir: 'coreutils',
};

/** The Debian package of the CNI reference plugins. */
export const CNI_PLUGINS_PACKAGE = 'containernetworking-plugins';

/**
 * Throws a UserError unless the process may create network namespaces (root or CAP_NET_ADMIN +
 * CAP_SYS_ADMIN); `command` is the CLI command to repeat as root in the message.
 */
export async function checkPrivileges(deps: LabDeps, command = 'run …'): Promise<void> {
  const { uid, capEff } = await deps.privileges();
  const has = (bit: bigint): boolean => ((capEff >> bit) & 1n) === 1n;
  if (!has(CAP_NET_ADMIN) || !has(CAP_SYS_ADMIN)) {
    throw new UserError(
      `the lab platform creates network namespaces and needs root (CAP_NET_ADMIN + CAP_SYS_ADMIN; running as uid ${uid}${has(CAP_NET_ADMIN) ? ' without CAP_SYS_ADMIN' : ' without CAP_NET_ADMIN'}): run as root: sudo npx cni-perf-gate ${command}`,
    );
  }
}

/** Absolute path of a tool on the tool path, or undefined. */
export async function findTool(deps: LabDeps, name: string): Promise<string | undefined> {
  for (const dir of deps.toolPath) {
    const candidate = `${dir}/${name}`;
    if (await deps.isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Throws a UserError naming the first missing tool and its Debian package. */
export async function requireTools(deps: LabDeps, names: readonly string[]): Promise<void> {
  for (const name of names) {
    if (!(await findTool(deps, name))) {
      const pkg = DEBIAN_PACKAGES[name] ?? name;
      throw new UserError(
        `${name} is not installed (not found in ${deps.toolPath.join(':')}): apt-get install ${pkg}`,
      );
    }
  }
}

/** Splits a CNI_PATH-style list. */
export function splitCniPath(cniPath: string): string[] {
  return cniPath.split(':').filter((d) => d !== '');
}

/** Path of each plugin binary; throws a UserError naming the first missing one, the path's origin and the fix. */
export async function resolvePlugins(
  deps: LabDeps,
  cniPath: string,
  types: readonly string[],
  source: string,
  origin: 'option' | 'CNI_PATH' | 'default' = 'default',
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const type of types) {
    let path: string | undefined;
    for (const dir of splitCniPath(cniPath)) {
      if (await deps.isExecutable(`${dir}/${type}`)) {
        path = `${dir}/${type}`;
        break;
      }
    }
    if (!path) {
      const from =
        origin === 'option'
          ? ' (from --cni-path / cniPath)'
          : origin === 'CNI_PATH'
            ? ' (from CNI_PATH)'
            : '';
      throw new UserError(
        `CNI plugin "${type}" (used by ${source}) not found in CNI path ${cniPath}${from}: install ${CNI_PLUGINS_PACKAGE} (apt-get install ${CNI_PLUGINS_PACKAGE}) or point --cni-path / CNI_PATH at the directory that holds it`,
      );
    }
    found.set(type, path);
  }
  return found;
}
