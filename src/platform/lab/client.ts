import { pinnedCommand } from './cpu-pinning.js';
import { attributeCpu, foreignTicks, type ProcessSnapshot } from '../../core/interference/cpu-attribution.js';
import { cpuUsageBetween, parseProcStat, type CpuTimes } from '../../core/parsers/proc-stat.js';
import {
  assertPlainFileNames,
  substituteFileArgs,
  type CpuUsage,
  type ToolInvocation,
  type ToolOutput,
} from '../platform.js';
import type { LabDeps } from './deps.js';
import { readProcessSnapshot } from './process-snapshot.js';
import type { CommandLine } from './service-proxy.js';

/** Exit code reported when the tool was killed at its timeout (as coreutils `timeout` does). */
export const TIMEOUT_EXIT_CODE = 124;

async function readCpu(deps: LabDeps): Promise<CpuTimes | undefined> {
  try {
    return parseProcStat(await deps.readFile('/proc/stat'));
  } catch {
    return undefined;
  }
}

/**
 * The CPU facts of one tool run: with both process snapshots, split into the run's own cost,
 * other processes' work and steal (core/interference); otherwise machine-wide busy and softirq.
 */
function measuredCpu(
  ownPid: number,
  before: CpuTimes | undefined,
  after: CpuTimes | undefined,
  procsBefore: ProcessSnapshot | null,
  procsAfter: ProcessSnapshot | null,
): CpuUsage | undefined {
  if (!before || !after) return undefined;
  if (procsBefore && procsAfter) {
    const attributed = attributeCpu(before, after, foreignTicks(procsBefore, procsAfter, ownPid));
    if (attributed) return attributed;
  }
  try {
    return cpuUsageBetween(before, after);
  } catch {
    return undefined;
  }
}

/**
 * Runs one tool in the client namespace (`ip netns exec`), with its files written to `fileDir`,
 * optionally wrapped (the ebpf kube-proxy runs clients in its cgroup), killed at `timeoutMs` (then exit code 124 and a stderr saying so), CPU measured from /proc/stat.
 */
export async function runInNamespace(
  deps: LabDeps,
  namespace: string,
  fileDir: string,
  invocation: ToolInvocation,
  signal?: AbortSignal,
  wrap: (line: CommandLine) => CommandLine = (line) => line,
  pinnedCpu?: number,
): Promise<ToolOutput> {
  const files = invocation.files ?? [];
  assertPlainFileNames(files);
  for (const file of files) await deps.writeFile(`${fileDir}/${file.name}`, file.content);
  const args = substituteFileArgs(invocation.args, files, (name) => `${fileDir}/${name}`);
  const procsBefore = await readProcessSnapshot(deps).catch(() => null);
  const before = await readCpu(deps);
  const startMs = deps.now();
  const line = wrap({
    command: 'ip',
    args: ['netns', 'exec', namespace, ...pinnedCommand(pinnedCpu, [invocation.tool, ...args])],
  });
  const result = await deps.exec.run(line.command, line.args, {
    timeoutMs: invocation.timeoutMs,
    ...(signal ? { signal } : {}),
  });
  const endMs = deps.now();
  const after = await readCpu(deps);
  const procsAfter = await readProcessSnapshot(deps).catch(() => null);
  const cpu = measuredCpu(deps.pid, before, after, procsBefore, procsAfter);
  const timedOut = result.timedOut;
  return {
    exitCode: timedOut ? TIMEOUT_EXIT_CODE : result.exitCode,
    stdout: result.stdout,
    stderr: timedOut
      ? `${invocation.tool} timed out after ${invocation.timeoutMs} ms and was killed${result.stderr.trim() ? `; it printed: ${result.stderr.trim()}` : ''}`
      : result.stderr,
    startedAt: new Date(startMs).toISOString(),
    durationS: (endMs - startMs) / 1000,
    ...(cpu ? { cpu } : {}),
    ...(timedOut ? { timedOut } : {}),
  };
}
