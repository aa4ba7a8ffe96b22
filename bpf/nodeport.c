// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * cni-perf-gate lab kube-proxy mode `ebpf`: NodePort on the ingress node, LoxiLB/Cilium style.
 * A tc ingress program on the node's underlay device:
 *  - a packet to <this node>:<NodePort> is DNAT'd to the backend and SNAT'd to this node's
 *    address (the client's source port is kept), remembered in `ct`, and forwarded by FIB lookup;
 *  - a reply from the backend to <this node>:<that port> found in `ct` gets the NodePort as its
 *    source and the client as its destination, and is forwarded the same way.
 * Packets that are neither go on to the next filter / the stack (TC_ACT_UNSPEC).
 */
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include "common.h"

#define IP_OFF ETH_HLEN
#define L4_OFF (ETH_HLEN + sizeof(struct iphdr))
#define IP_CSUM_OFF (IP_OFF + offsetof(struct iphdr, check))
#define IP_SRC_OFF (IP_OFF + offsetof(struct iphdr, saddr))
#define IP_DST_OFF (IP_OFF + offsetof(struct iphdr, daddr))
#define IP_TTL_OFF (IP_OFF + offsetof(struct iphdr, ttl))
#define SPORT_OFF (L4_OFF + 0)
#define DPORT_OFF (L4_OFF + 2)
#define TCP_CSUM_OFF (L4_OFF + offsetof(struct tcphdr, check))
#define UDP_CSUM_OFF (L4_OFF + offsetof(struct udphdr, check))

struct np_key {
	__u16 port; /* network byte order */
	__u8 proto;
	__u8 pad;
};

struct ct_key {
	__u32 backend_ip;
	__u16 backend_port;
	__u16 node_port; /* the SNAT'd source port = the client's source port */
	__u8 proto;
	__u8 pad[3];
};

struct ct_value {
	__u32 client_ip;
	__u16 client_port;
	__u16 service_port; /* the NodePort */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, struct np_key);
	__type(value, struct backend);
} nodeports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 262144);
	__type(key, struct ct_key);
	__type(value, struct ct_value);
} ct SEC(".maps");

/* [0]: this node's underlay IPv4 (network order), set by the lab. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} node_ip SEC(".maps");

enum { STAT_DNAT = 0, STAT_REVNAT = 1, STAT_MAX = 2 };

STATS_MAP

static __always_inline int csum_off(__u8 proto)
{
	return proto == IPPROTO_TCP ? TCP_CSUM_OFF : UDP_CSUM_OFF;
}

static __always_inline __u64 l4_flags(__u8 proto)
{
	return proto == IPPROTO_UDP ? BPF_F_MARK_MANGLED_0 : 0;
}

/* Rewrites an IPv4 address field and both checksums that cover it. */
static __always_inline int set_addr(struct __sk_buff *skb, __u8 proto, int off, __u32 old, __u32 new)
{
	if (bpf_l4_csum_replace(skb, csum_off(proto), old, new, l4_flags(proto) | BPF_F_PSEUDO_HDR | sizeof(new)))
		return -1;
	if (bpf_l3_csum_replace(skb, IP_CSUM_OFF, old, new, sizeof(new)))
		return -1;
	return bpf_skb_store_bytes(skb, off, &new, sizeof(new), 0);
}

static __always_inline int set_port(struct __sk_buff *skb, __u8 proto, int off, __u16 old, __u16 new)
{
	if (bpf_l4_csum_replace(skb, csum_off(proto), old, new, l4_flags(proto) | sizeof(new)))
		return -1;
	return bpf_skb_store_bytes(skb, off, &new, sizeof(new), 0);
}

/* TTL - 1, then out by FIB lookup (bpf_redirect, or bpf_redirect_neigh when the neighbour is unknown). */
static __always_inline int forward(struct __sk_buff *skb, __u32 saddr, __u32 daddr, __u8 proto)
{
	__u16 old_word, new_word;
	if (bpf_skb_load_bytes(skb, IP_TTL_OFF, &old_word, sizeof(old_word)))
		return TC_ACT_SHOT;
	new_word = bpf_htons(bpf_ntohs(old_word) - 0x0100);
	if (bpf_l3_csum_replace(skb, IP_CSUM_OFF, old_word, new_word, sizeof(new_word)) ||
	    bpf_skb_store_bytes(skb, IP_TTL_OFF, &new_word, sizeof(new_word), 0))
		return TC_ACT_SHOT;

	struct bpf_fib_lookup fib = {};
	fib.family = AF_INET;
	fib.l4_protocol = proto;
	fib.ipv4_src = saddr;
	fib.ipv4_dst = daddr;
	fib.ifindex = skb->ingress_ifindex;
	int rc = bpf_fib_lookup(skb, &fib, sizeof(fib), BPF_FIB_LOOKUP_OUTPUT);
	if (rc == BPF_FIB_LKUP_RET_SUCCESS) {
		if (bpf_skb_store_bytes(skb, 0, fib.dmac, ETH_ALEN, 0) ||
		    bpf_skb_store_bytes(skb, ETH_ALEN, fib.smac, ETH_ALEN, 0))
			return TC_ACT_SHOT;
		return bpf_redirect(fib.ifindex, 0);
	}
	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH) {
		struct bpf_redir_neigh nh = {};
		nh.nh_family = AF_INET;
		nh.ipv4_nh = fib.ipv4_dst;
		return bpf_redirect_neigh(fib.ifindex, &nh, sizeof(nh), 0);
	}
	return TC_ACT_SHOT;
}

SEC("tc")
int nodeport_lb(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__u16 *ports;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_UNSPEC;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->ihl != 5 || ip->ttl <= 1)
		return TC_ACT_UNSPEC;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return TC_ACT_UNSPEC;
	if (ip->frag_off & bpf_htons(0x3fff))
		return TC_ACT_UNSPEC;
	ports = (void *)(ip + 1);
	if ((void *)(ports + 2) > data_end)
		return TC_ACT_UNSPEC;

	__u32 zero = 0;
	__u32 *self = bpf_map_lookup_elem(&node_ip, &zero);
	if (!self || *self == 0 || ip->daddr != *self)
		return TC_ACT_UNSPEC;

	__u8 proto = ip->protocol;
	__u32 saddr = ip->saddr, daddr = ip->daddr;
	__u16 sport = ports[0], dport = ports[1];

	/* A backend's reply to a connection this program translated. */
	struct ct_key reply = {};
	reply.backend_ip = saddr;
	reply.backend_port = sport;
	reply.node_port = dport;
	reply.proto = proto;
	struct ct_value *conn = bpf_map_lookup_elem(&ct, &reply);
	if (conn) {
		__u32 client_ip = conn->client_ip;
		__u16 service_port = conn->service_port;
		if (set_addr(skb, proto, IP_SRC_OFF, saddr, daddr) ||
		    set_addr(skb, proto, IP_DST_OFF, daddr, client_ip) ||
		    set_port(skb, proto, SPORT_OFF, sport, service_port))
			return TC_ACT_SHOT;
		count(STAT_REVNAT);
		return forward(skb, daddr, client_ip, proto);
	}

	/* A new packet to a NodePort. */
	struct np_key key = {};
	key.port = dport;
	key.proto = proto;
	struct backend *be = bpf_map_lookup_elem(&nodeports, &key);
	if (!be)
		return TC_ACT_UNSPEC;
	__u32 backend_ip = be->ip;
	__u16 backend_port = be->port;
	struct ct_key fwd = {};
	fwd.backend_ip = backend_ip;
	fwd.backend_port = backend_port;
	fwd.node_port = sport;
	fwd.proto = proto;
	struct ct_value entry = {};
	entry.client_ip = saddr;
	entry.client_port = sport;
	entry.service_port = dport;
	bpf_map_update_elem(&ct, &fwd, &entry, BPF_ANY);
	if (set_addr(skb, proto, IP_DST_OFF, daddr, backend_ip) ||
	    set_addr(skb, proto, IP_SRC_OFF, saddr, daddr) ||
	    set_port(skb, proto, DPORT_OFF, dport, backend_port))
		return TC_ACT_SHOT;
	count(STAT_DNAT);
	return forward(skb, daddr, backend_ip, proto);
}

LICENSE_DUAL_BSD_GPL;
