// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * What every cni-perf-gate lab BPF program shares: the libbpf headers, AF_INET (the UAPI headers
 * the programs include do not define it), a service backend's address (the map value of sock-lb's
 * `backends` and nodeport's `nodeports`), the `stats` counter map the tests read to prove a
 * program (not the kernel stack) handled the traffic, and its increment.
 *
 * A program defines its counter names as an enum ending in STAT_MAX, then writes STATS_MAP; after
 * that, count(STAT_…) adds one to a per-CPU counter.
 */
#ifndef CNI_PERF_GATE_BPF_COMMON_H
#define CNI_PERF_GATE_BPF_COMMON_H

#include <linux/bpf.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#ifndef AF_INET
#define AF_INET 2
#endif

/*
 * A service backend: IPv4 and port, both in network byte order, padded to 8 bytes. The lab writes it
 * as 4 + 2 + 2 bytes (src/platform/lab/bpf/map-entries.ts).
 */
struct backend {
	__u32 ip;
	__u16 port; /* network byte order */
	__u16 pad;
};

/* The per-CPU counters: one __u64 per STAT_… value below STAT_MAX, and count() to bump one. */
#define STATS_MAP                                               \
	struct {                                                \
		__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);        \
		__uint(max_entries, STAT_MAX);                  \
		__type(key, __u32);                             \
		__type(value, __u64);                           \
	} stats SEC(".maps");                                   \
                                                                \
	static __always_inline void count(__u32 which)          \
	{                                                       \
		__u64 *v = bpf_map_lookup_elem(&stats, &which); \
		if (v)                                          \
			*v += 1;                                \
	}

#define LICENSE_DUAL_BSD_GPL char LICENSE[] SEC("license") = "Dual BSD/GPL"

#endif
