import { errorMessage } from '../../../core/errors.js';
import { bpfMapMemory } from '../../../core/parsers/bpftool.js';
import type { ResourceReading } from '../../../core/resources.js';
import type { LabDeps } from '../deps.js';

const METRICS = ['bpf_map_memory_bytes'] as const;

/**
 * The lab's resource probe: the memory of the BPF maps used by the run's programs (those pinned
 * under `pinRoot`): `bpftool -j -f prog show` for the programs and their map ids, `bpftool -j map
 * show` for the maps' `bytes_memlock`. Null when the run loaded no BPF program (no `pinRoot`):
 * nothing to read. Never throws: without bpftool, or when it fails, the reading is unavailable with
 * one line saying why.
 */
export async function readBpfMapMemory(
  deps: LabDeps,
  pinRoot: string | undefined,
): Promise<ResourceReading | null> {
  if (pinRoot === undefined) return null;
  const unavailable = (reason: string): ResourceReading => ({ available: false, reason, metrics: METRICS });
  const progs = await deps.exec.run('bpftool', ['-j', '-f', 'prog', 'show'], { timeoutMs: 30_000 });
  if (progs.exitCode === 127) return unavailable('bpftool is not installed (apt-get install bpftool)');
  if (progs.exitCode !== 0) return unavailable(`bpftool prog show failed: ${firstLine(progs.stderr)}`);
  const maps = await deps.exec.run('bpftool', ['-j', 'map', 'show'], { timeoutMs: 30_000 });
  if (maps.exitCode !== 0) return unavailable(`bpftool map show failed: ${firstLine(maps.stderr)}`);
  try {
    const memory = bpfMapMemory(progs.stdout, maps.stdout, pinRoot);
    if (memory.programIds.length === 0)
      return unavailable(`no BPF program of the run is pinned under ${pinRoot}`);
    return { available: true, levels: { bpf_map_memory_bytes: memory.bytes } };
  } catch (error) {
    return unavailable(errorMessage(error));
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] || 'no message';
}
