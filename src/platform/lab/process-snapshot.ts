import type { ProcessSnapshot } from '../../core/interference/cpu-attribution.js';
import { parseProcPidStat, type ProcessTimes } from '../../core/parsers/proc-pid-stat.js';

/** What a process snapshot reads: `/proc` entries and files. */
export interface ProcReader {
  readFile(path: string): Promise<string>;
  listDir(path: string): Promise<string[]>;
}

/**
 * Every process's CPU times from `/proc/<pid>/stat`. Processes that exit while it reads are left
 * out; null when `/proc` cannot be listed (then interference is not measured).
 */
export async function readProcessSnapshot(reader: ProcReader): Promise<ProcessSnapshot | null> {
  const names = await reader.listDir('/proc');
  const pids = names.filter((name) => /^\d+$/.test(name));
  if (pids.length === 0) return null;
  const entries = await Promise.all(
    pids.map(async (pid): Promise<ProcessTimes | null> => {
      try {
        return parseProcPidStat(await reader.readFile(`/proc/${pid}/stat`));
      } catch {
        return null;
      }
    }),
  );
  const snapshot = new Map<number, ProcessTimes>();
  for (const entry of entries) if (entry) snapshot.set(entry.pid, entry);
  return snapshot;
}
