/** What the BPF map memory of one run's programs is made of. */
export interface BpfMapMemory {
  /** Sum of `bytes_memlock` over the maps the run's programs use (each map once). */
  readonly bytes: number;
  /** Ids of the run's programs (pinned under its pin root). */
  readonly programIds: readonly number[];
  /** Ids of the maps those programs use. */
  readonly mapIds: readonly number[];
}

function jsonArray(text: string, what: string): Record<string, unknown>[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${what} did not print JSON`);
  }
  if (!Array.isArray(value)) throw new Error(`${what} did not print a JSON list`);
  return value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
}

const ids = (value: unknown): number[] =>
  Array.isArray(value) ? value.filter((v): v is number => Number.isInteger(v)) : [];

/**
 * The memory of the BPF maps used by one run's programs, from `bpftool -j -f prog show` (programs
 * with their `map_ids` and, with `-f`, their `pinned` paths) and `bpftool -j map show` (maps with
 * `bytes_memlock`). A run's programs are those pinned under `pinRoot`; other processes' programs
 * and maps no program of the run uses are left out. Throws a one-line Error when the output is not
 * bpftool's JSON or a map of the run is not listed.
 */
export function bpfMapMemory(progShowJson: string, mapShowJson: string, pinRoot: string): BpfMapMemory {
  const prefix = pinRoot.endsWith('/') ? pinRoot : `${pinRoot}/`;
  const programs = jsonArray(progShowJson, 'bpftool prog show').filter((p) =>
    (Array.isArray(p['pinned']) ? (p['pinned'] as unknown[]) : []).some(
      (path) => typeof path === 'string' && path.startsWith(prefix),
    ),
  );
  const mapIds = [...new Set(programs.flatMap((p) => ids(p['map_ids'])))].sort((a, b) => a - b);
  const maps = new Map(jsonArray(mapShowJson, 'bpftool map show').map((m) => [m['id'], m]));
  let bytes = 0;
  for (const id of mapIds) {
    const memlock = maps.get(id)?.['bytes_memlock'];
    if (typeof memlock !== 'number' || !Number.isFinite(memlock) || memlock < 0)
      throw new Error(`bpftool map show lists no bytes_memlock for map ${id} of the run's programs`);
    bytes += memlock;
  }
  const programIds = programs.flatMap((p) => ids([p['id']])).sort((a, b) => a - b);
  return { bytes, programIds, mapIds };
}
