import { ToolError } from '../errors.js';
import type { FoldedStacks } from '../profile/types.js';

/** The `perf script -F` fields {@link parsePerfScript} reads (and the recorder asks for). */
export const PERF_SCRIPT_FIELDS = 'comm,pid,tid,cpu,time,period,event,ip,sym,dso';

// `comm pid/tid [cpu] time: period event:` (comm may hold spaces; everything else is fixed). A
// sample perf could not tie to a thread reads `:-1 31830/-1 [001] …` (tid -1, comm `:<tid>`).
const HEADER = /^(.*?)\s+-?\d+\/-?\d+\s+\[\d+\]\s+[\d.]+:\s+(\d+)\s+\S+:\s*$/;
// `\t ffffffff8221623f mas_walk ([kernel.kallsyms])`
const FRAME = /^\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$/;
/** Bracketed DSOs that are not the kernel or a kernel module. */
const USER_BRACKETS = new Set(['[unknown]', '[vdso]', '[vsyscall]', '[heap]', '[stack]', '[anon]']);

/** True when a frame's DSO is the kernel (`[kernel.kallsyms]`) or a kernel module (`[vxlan]`). */
function isKernelDso(dso: string): boolean {
  return /^\[[\w.-]+\]$/.test(dso) && !USER_BRACKETS.has(dso);
}

/** One frame's name in folded form: `;` cannot appear, kernel frames end in `_[k]`. */
function frameName(symbol: string, dso: string): string {
  const name = (symbol === '' ? '[unknown]' : symbol).replace(/;/g, ':');
  return isKernelDso(dso) ? `${name}_[k]` : name;
}

/**
 * Folds `perf script -F comm,pid,tid,cpu,time,period,event,ip,sym,dso` output (with call chains,
 * leaf first) into root-first stacks `comm;root;…;leaf` → nanoseconds (the samples' periods:
 * cpu-clock counts nanoseconds). Pure. Output that is not perf script text is a ToolError.
 */
export function parsePerfScript(text: string): FoldedStacks {
  const stacks = new Map<string, number>();
  let comm: string | null = null;
  let period = 0;
  let frames: string[] = [];
  let headers = 0;
  const flush = (): void => {
    if (comm === null) return;
    const key = [comm.replace(/;/g, ':'), ...frames.reverse()].join(';');
    stacks.set(key, (stacks.get(key) ?? 0) + period);
    comm = null;
    frames = [];
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      flush();
      continue;
    }
    const frame = /^\s/.test(line) ? FRAME.exec(line) : null;
    if (frame && comm !== null) {
      frames.push(frameName(frame[1]!, frame[2]!));
      continue;
    }
    const header = HEADER.exec(line);
    if (!header) {
      throw new ToolError('perf', `perf script output not understood at: ${line.slice(0, 120)}`);
    }
    flush();
    const named = header[1]!.trim();
    comm = named === '' || /^:-?\d+$/.test(named) ? '[unknown]' : named;
    period = Number(header[2]);
    headers++;
  }
  flush();
  if (headers === 0 && text.trim() !== '') throw new ToolError('perf', 'perf script printed no samples');
  return Object.fromEntries(stacks);
}
