/**
 * CPU pinning of the lab's measuring processes (a benchmark option, off in the product): the client
 * tool (iperf3, wrk, wrk2) on one CPU, the server (iperf3 -s, nginx) on another, so the scheduler
 * cannot move them between samples.
 */
export interface CpuPinning {
  /** The CPU the client tool runs on. */
  readonly client: number;
  /** The CPU the server runs on. */
  readonly server: number;
}

/** The pinning bench:gate tries (BENCH_PIN) on a machine with `cpus` CPUs: client on CPU 0, server on CPU 1; none on 1 CPU. */
export function defaultCpuPinning(cpus: number): CpuPinning | null {
  return cpus >= 2 ? { client: 0, server: 1 } : null;
}

/** The words that run `command` on `cpu` (`taskset -c CPU`), or none without pinning. */
export function pinnedCommand(cpu: number | undefined, command: readonly string[]): string[] {
  return cpu === undefined ? [...command] : ['taskset', '-c', String(cpu), ...command];
}
