/** Reading /proc/self/mounts (pure). */

/** One mount: where, and which file system type. */
export interface MountEntry {
  readonly target: string;
  readonly fstype: string;
}

/** Undoes the octal escapes of /proc/mounts (`\040` for a space, …). */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parses the text of /proc/self/mounts. */
export function parseMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3) continue;
    entries.push({ target: unescape(fields[1]!), fstype: fields[2]! });
  }
  return entries;
}

/** True when `target` is a mount point of type `fstype` (the last mount on it wins). */
export function isMountedAs(mounts: readonly MountEntry[], target: string, fstype: string): boolean {
  const last = [...mounts].reverse().find((m) => m.target === target);
  return last?.fstype === fstype;
}

/** The first mount of type `fstype` (e.g. `cgroup2`), outside `excludePrefix` when given. */
export function firstMountOf(
  mounts: readonly MountEntry[],
  fstype: string,
  excludePrefix?: string,
): string | undefined {
  return mounts.find(
    (m) => m.fstype === fstype && (excludePrefix === undefined || !m.target.startsWith(excludePrefix)),
  )?.target;
}

/** Mount points at or below `prefix`, deepest first (the order to unmount them in). */
export function mountsUnder(mounts: readonly MountEntry[], prefix: string): string[] {
  const base = prefix.replace(/\/+$/, '');
  return [...new Set(mounts.map((m) => m.target).filter((t) => t === base || t.startsWith(`${base}/`)))].sort(
    (a, b) => b.length - a.length || b.localeCompare(a),
  );
}
