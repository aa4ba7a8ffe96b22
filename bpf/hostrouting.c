// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * cni-perf-gate lab datapath `ebpf-hostrouting`: Cilium-style BPF host routing.
 *
 * Pods sit on routed veth pairs (no bridge). Two tc ingress programs forward in the node namespace:
 *  - from_pod     on every pod's host-side veth: a packet for a pod of this node is handed straight
 *                 to that pod's namespace with bpf_redirect_peer; anything else is routed by a FIB
 *                 lookup and sent out of the egress device with bpf_redirect (neighbour known) or
 *                 bpf_redirect_neigh (the kernel resolves the next hop), skipping the node's
 *                 netfilter hooks and backlog queue;
 *  - from_netdev  on the node's underlay device: a packet for a pod of this node goes straight into
 *                 the pod with bpf_redirect_peer; everything else continues up the node's stack.
 * The endpoints map (pod IPv4 -> host-side veth ifindex and MACs) is filled by the lab after each
 * CNI ADD, like Cilium's endpoint map. Packets the programs do not handle are left to the stack.
 */
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include "common.h"

/** A pod of this node. */
struct endpoint {
	__u32 ifindex;     /* host-side veth, in the node namespace */
	__u8 pod_mac[6];   /* the pod's eth0 */
	__u8 node_mac[6];  /* the host-side veth */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32); /* pod IPv4, network byte order */
	__type(value, struct endpoint);
} endpoints SEC(".maps");

/* Counters (STATS_MAP, common.h): the tests read them to prove the programs, not the stack, forwarded the traffic. */
enum { STAT_PEER = 0, STAT_FIB = 1, STAT_NEIGH = 2, STAT_PASS = 3, STAT_MAX = 4 };

STATS_MAP

/* ip_decrease_ttl(): TTL - 1 with an incremental header checksum update. */
static __always_inline void decrease_ttl(struct iphdr *ip)
{
	__u32 check = ip->check;
	check += bpf_htons(0x0100);
	ip->check = (__u16)(check + (check >= 0xFFFF));
	ip->ttl--;
}

static __always_inline int forward(struct __sk_buff *skb, int from_netdev)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->ttl <= 1)
		return TC_ACT_OK;

	__u32 daddr = ip->daddr;
	struct endpoint *ep = bpf_map_lookup_elem(&endpoints, &daddr);
	if (ep) {
		if (ep->ifindex == skb->ingress_ifindex) {
			count(STAT_PASS);
			return TC_ACT_OK;
		}
		__builtin_memcpy(eth->h_dest, ep->pod_mac, ETH_ALEN);
		__builtin_memcpy(eth->h_source, ep->node_mac, ETH_ALEN);
		decrease_ttl(ip);
		count(STAT_PEER);
		return bpf_redirect_peer(ep->ifindex, 0);
	}
	if (from_netdev) {
		count(STAT_PASS);
		return TC_ACT_OK;
	}

	struct bpf_fib_lookup fib = {};
	fib.family = AF_INET;
	fib.tos = ip->tos;
	fib.l4_protocol = ip->protocol;
	fib.tot_len = bpf_ntohs(ip->tot_len);
	fib.ipv4_src = ip->saddr;
	fib.ipv4_dst = ip->daddr;
	fib.ifindex = skb->ingress_ifindex;

	int rc = bpf_fib_lookup(skb, &fib, sizeof(fib), 0);
	if (rc == BPF_FIB_LKUP_RET_SUCCESS) {
		/* eth and ip are still valid: bpf_fib_lookup does not change the packet. */
		__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
		__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
		decrease_ttl(ip);
		count(STAT_FIB);
		return bpf_redirect(fib.ifindex, 0);
	}
	if (rc == BPF_FIB_LKUP_RET_NO_NEIGH) {
		struct bpf_redir_neigh nh = {};
		nh.nh_family = AF_INET;
		nh.ipv4_nh = fib.ipv4_dst; /* the next hop the lookup chose */
		decrease_ttl(ip);
		count(STAT_NEIGH);
		return bpf_redirect_neigh(fib.ifindex, &nh, sizeof(nh), 0);
	}
	/* Local destination, no route, forwarding off…: the stack decides. */
	count(STAT_PASS);
	return TC_ACT_OK;
}

SEC("tc")
int from_pod(struct __sk_buff *skb)
{
	return forward(skb, 0);
}

SEC("tc")
int from_netdev(struct __sk_buff *skb)
{
	return forward(skb, 1);
}

LICENSE_DUAL_BSD_GPL;
