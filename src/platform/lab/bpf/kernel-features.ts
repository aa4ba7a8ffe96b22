/**
 * Which kernel features the eBPF presets need, read from `bpftool -j feature probe kernel`
 * (pure: the platform runs bpftool and hands the text here).
 */

/** What one eBPF piece of the lab needs from the kernel. */
export interface BpfRequirement {
  /** Program type names as bpftool spells them (`sched_cls`, `cgroup_sock_addr`). */
  readonly programTypes: readonly string[];
  /** Helpers per program type. */
  readonly helpers: Readonly<Record<string, readonly string[]>>;
  /** Map types (`hash`, `percpu_array`). */
  readonly mapTypes: readonly string[];
}

/** The tc host-routing programs (bpf/hostrouting.c). */
export const HOSTROUTING_NEEDS: BpfRequirement = {
  programTypes: ['sched_cls'],
  helpers: { sched_cls: ['bpf_redirect_peer', 'bpf_redirect_neigh', 'bpf_redirect', 'bpf_fib_lookup'] },
  mapTypes: ['hash', 'percpu_array'],
};

/** The socket-LB programs (bpf/sock-lb.c). */
export const SOCKLB_NEEDS: BpfRequirement = {
  programTypes: ['cgroup_sock_addr'],
  helpers: { cgroup_sock_addr: ['bpf_get_prandom_u32', 'bpf_map_lookup_elem'] },
  mapTypes: ['hash', 'percpu_array'],
};

/**
 * The first thing `requirement` needs that the probe says is missing, as a one-line reason, or
 * null when everything is there. A probe that is not bpftool's JSON is itself the reason.
 */
export function missingBpfFeature(probeJson: string, requirement: BpfRequirement): string | null {
  let probe: unknown;
  try {
    probe = JSON.parse(probeJson);
  } catch {
    return 'the kernel feature probe (bpftool -j feature probe kernel) gave no JSON';
  }
  const section = (name: string): Record<string, unknown> => {
    const value = (probe as Record<string, unknown> | null)?.[name];
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  };
  if (section('syscall_config')['have_bpf_syscall'] !== true) return 'the kernel has no bpf() system call';
  for (const type of requirement.programTypes) {
    if (section('program_types')[`have_${type}_prog_type`] !== true)
      return `the kernel cannot load BPF programs of type ${type}`;
  }
  for (const type of requirement.mapTypes) {
    if (section('map_types')[`have_${type}_map_type`] !== true)
      return `the kernel has no BPF map type ${type}`;
  }
  for (const [type, helpers] of Object.entries(requirement.helpers)) {
    const available = section('helpers')[`${type}_available_helpers`];
    const list = Array.isArray(available) ? (available as unknown[]) : [];
    for (const helper of helpers) {
      if (!list.includes(helper)) return `the kernel has no BPF helper ${helper} for ${type} programs`;
    }
  }
  return null;
}
