// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * cni-perf-gate lab kube-proxy mode `ebpf`: socket-level load balancing, as the socket-LB of
 * eBPF kube-proxy replacements (Cilium, Calico eBPF) does it. Attached to the run's own cgroup
 * (v2) that the lab puts its client processes in:
 *  - cgroup/connect4  rewrites a TCP or UDP connect() to ClusterIP:port into backend:port, so the
 *                     connection is made to the backend directly: no per-packet NAT, no conntrack;
 *  - cgroup/sendmsg4  the same for unconnected UDP sends;
 *  - cgroup/recvmsg4  turns an unconnected UDP reply's source back into ClusterIP:port.
 * Services and backends are filled by the lab (one entry per service and per backend slot, like
 * Cilium's lb4_services / lb4_backends split), dummy services included.
 */
#include <linux/in.h>
#include "common.h"

/** A service frontend: ClusterIP, port (network byte order) and IP protocol. */
struct svc_key {
	__u32 vip;
	__u16 port;
	__u8 proto;
	__u8 pad;
};

struct svc_value {
	__u32 backends; /* number of backend slots, 1..backends */
};

struct backend_key {
	struct svc_key svc;
	__u32 slot;
};

/* Backend address -> frontend, for recvmsg4 (unconnected UDP replies). */
struct rev_key {
	__u32 ip;
	__u16 port;
	__u8 proto;
	__u8 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 262144);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct svc_key);
	__type(value, struct svc_value);
} services SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 262144);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct backend_key);
	__type(value, struct backend);
} backends SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 262144);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct rev_key);
	__type(value, struct svc_key);
} revnat SEC(".maps");

enum { STAT_REWRITE = 0, STAT_MISS = 1, STAT_REVNAT = 2, STAT_MAX = 3 };

STATS_MAP

static __always_inline __u8 l4_proto(struct bpf_sock_addr *ctx)
{
	if (ctx->protocol == IPPROTO_TCP)
		return IPPROTO_TCP;
	if (ctx->protocol == IPPROTO_UDP)
		return IPPROTO_UDP;
	return 0;
}

static __always_inline int translate(struct bpf_sock_addr *ctx)
{
	struct svc_key key = {};
	key.proto = l4_proto(ctx);
	if (!key.proto)
		return 1;
	key.vip = ctx->user_ip4;
	key.port = (__u16)ctx->user_port;

	struct svc_value *svc = bpf_map_lookup_elem(&services, &key);
	if (!svc) {
		count(STAT_MISS);
		return 1;
	}
	if (svc->backends == 0)
		return 1;
	struct backend_key bkey = {};
	bkey.svc = key;
	bkey.slot = 1 + bpf_get_prandom_u32() % svc->backends;
	struct backend *be = bpf_map_lookup_elem(&backends, &bkey);
	if (!be)
		return 1;
	ctx->user_ip4 = be->ip;
	ctx->user_port = be->port;
	count(STAT_REWRITE);
	return 1;
}

SEC("cgroup/connect4")
int sock4_connect(struct bpf_sock_addr *ctx)
{
	return translate(ctx);
}

SEC("cgroup/sendmsg4")
int sock4_sendmsg(struct bpf_sock_addr *ctx)
{
	return translate(ctx);
}

SEC("cgroup/recvmsg4")
int sock4_recvmsg(struct bpf_sock_addr *ctx)
{
	struct rev_key key = {};
	key.proto = l4_proto(ctx);
	if (key.proto != IPPROTO_UDP)
		return 1;
	key.ip = ctx->user_ip4;
	key.port = (__u16)ctx->user_port;
	struct svc_key *svc = bpf_map_lookup_elem(&revnat, &key);
	if (!svc)
		return 1;
	ctx->user_ip4 = svc->vip;
	ctx->user_port = svc->port;
	count(STAT_REVNAT);
	return 1;
}

LICENSE_DUAL_BSD_GPL;
