/** A kernel counter the diagnostics read, and what it counts. */
export interface CounterInfo {
  /** `<Prefix>.<Name>` as the kernel names it (`Ip.InReceives`), or `conntrack.*`, `softnet.*`, `softirqs.*`. */
  readonly id: string;
  /** What one count is, for reports. */
  readonly label: string;
  /** Printed as a 32-bit number by the kernel: a delta wraps modulo 2^32. */
  readonly wraps32?: boolean;
}

const info = (id: string, label: string): CounterInfo => ({ id, label });
const wrapping = (id: string, label: string): CounterInfo => ({ id, label, wraps32: true });

/**
 * Counters read per network namespace: from `/proc/net/snmp`, `/proc/net/netstat` and, where the
 * namespace has conntrack, `/proc/net/stat/nf_conntrack` (summed over CPUs). Gauges (CurrEstab,
 * conntrack `entries`) are left out: a delta of a gauge is not an amount of work.
 */
export const NAMESPACE_COUNTERS: readonly CounterInfo[] = [
  info('Ip.InReceives', 'IP packets received (a GRO/GSO batch counts once)'),
  info('Ip.InDelivers', 'IP packets delivered to local protocols'),
  info('Ip.OutRequests', 'IP packets sent by local protocols (a GSO batch counts once)'),
  info('Ip.ForwDatagrams', 'IP packets forwarded'),
  info('Ip.InHdrErrors', 'IP packets dropped: bad header'),
  info('Ip.InAddrErrors', 'IP packets dropped: bad address'),
  info('Ip.InDiscards', 'IP packets discarded on input'),
  info('Ip.OutDiscards', 'IP packets discarded on output'),
  info('Ip.OutNoRoutes', 'IP packets dropped: no route'),
  info('Ip.ReasmReqds', 'IP fragments received for reassembly'),
  info('Ip.ReasmOKs', 'IP packets reassembled'),
  info('Ip.ReasmFails', 'IP reassembly failures'),
  info('Ip.FragOKs', 'IP packets fragmented'),
  info('Ip.FragFails', 'IP packets not fragmented (DF set)'),
  info('Ip.FragCreates', 'IP fragments created'),
  info('IpExt.InNoECTPkts', 'packets received, each segment counted (not ECN-capable)'),
  info('IpExt.InCEPkts', 'packets received with ECN congestion experienced'),
  info('IpExt.InTruncatedPkts', 'IP packets truncated'),
  info('IpExt.InCsumErrors', 'IP checksum errors'),
  info('Icmp.InDestUnreachs', 'ICMP destination unreachable received'),
  info('Icmp.OutDestUnreachs', 'ICMP destination unreachable sent'),
  info('Icmp.InErrors', 'ICMP errors received'),
  info('Tcp.ActiveOpens', 'TCP connections opened'),
  info('Tcp.PassiveOpens', 'TCP connections accepted'),
  info('Tcp.AttemptFails', 'TCP connection attempts failed'),
  info('Tcp.EstabResets', 'TCP connections reset'),
  info('Tcp.InSegs', 'TCP segments received'),
  info('Tcp.OutSegs', 'TCP segments sent'),
  info('Tcp.RetransSegs', 'TCP segments retransmitted'),
  info('Tcp.InErrs', 'TCP segments received in error'),
  info('Tcp.OutRsts', 'TCP resets sent'),
  info('Tcp.InCsumErrors', 'TCP checksum errors'),
  info('TcpExt.TCPTimeouts', 'TCP retransmission timeouts'),
  info('TcpExt.TCPLossProbes', 'TCP tail loss probes'),
  info('TcpExt.TCPSynRetrans', 'TCP SYN retransmissions'),
  info('TcpExt.TCPSpuriousRtxHostQueues', 'TCP retransmits while the original was still queued'),
  info('TcpExt.TCPOFOQueue', 'TCP segments queued out of order'),
  info('TcpExt.TCPOFODrop', 'TCP out-of-order segments dropped'),
  info('TcpExt.TCPBacklogDrop', 'TCP segments dropped: socket backlog full'),
  info('TcpExt.TCPRcvQDrop', 'TCP segments dropped: receive queue full'),
  info('TcpExt.TCPZeroWindowDrop', 'TCP segments dropped: zero window'),
  info('TcpExt.PruneCalled', 'TCP receive queue prunes (memory pressure)'),
  info('TcpExt.TCPMemoryPressures', 'TCP memory pressure events'),
  info('TcpExt.TCPAbortOnTimeout', 'TCP connections aborted on timeout'),
  info('TcpExt.ListenOverflows', 'TCP listen queue overflows'),
  info('TcpExt.ListenDrops', 'TCP SYNs dropped by a listener'),
  info('TcpExt.TCPReqQFullDrop', 'TCP SYNs dropped: request queue full'),
  info('TcpExt.SyncookiesSent', 'TCP SYN cookies sent'),
  info('TcpExt.TW', 'TCP sockets finished TIME_WAIT'),
  info('TcpExt.TCPTimeWaitOverflow', 'TCP TIME_WAIT sockets not created: table full'),
  info('TcpExt.TCPRetransFail', 'TCP retransmissions that failed to send'),
  info('Udp.InDatagrams', 'UDP datagrams received'),
  info('Udp.OutDatagrams', 'UDP datagrams sent'),
  info('Udp.NoPorts', 'UDP datagrams to a closed port'),
  info('Udp.InErrors', 'UDP datagrams received in error'),
  info('Udp.RcvbufErrors', 'UDP datagrams dropped: receive buffer full'),
  info('Udp.SndbufErrors', 'UDP datagrams dropped: send buffer full'),
  info('Udp.InCsumErrors', 'UDP checksum errors'),
  info('Udp.MemErrors', 'UDP datagrams dropped: memory'),
  wrapping('conntrack.found', 'conntrack lookups that found an entry'),
  wrapping('conntrack.new', 'conntrack entries created'),
  wrapping('conntrack.invalid', 'conntrack: packets not trackable (invalid)'),
  wrapping('conntrack.insert', 'conntrack entries inserted'),
  wrapping('conntrack.insert_failed', 'conntrack insertions failed'),
  wrapping('conntrack.drop', 'conntrack: packets dropped (table full)'),
  wrapping('conntrack.early_drop', 'conntrack entries evicted early (table full)'),
  wrapping('conntrack.search_restart', 'conntrack lookups restarted'),
  wrapping('conntrack.clashres', 'conntrack insert clashes resolved'),
];

/**
 * Counters of the whole machine (scope `host`): `/proc/net/softnet_stat` and `/proc/softirqs`,
 * summed over CPUs. Not per namespace: they count every namespace's packets (and other work on
 * the machine) during the sample.
 */
export const HOST_COUNTERS: readonly CounterInfo[] = [
  wrapping('softnet.processed', 'packets processed from CPU backlogs (all namespaces)'),
  wrapping('softnet.dropped', 'packets dropped: CPU backlog full (all namespaces)'),
  wrapping('softnet.time_squeeze', 'NET_RX runs out of budget or time (all namespaces)'),
  wrapping('softnet.received_rps', 'packets steered by RPS (all namespaces)'),
  wrapping('softnet.flow_limit_count', 'packets dropped by the flow limit (all namespaces)'),
  wrapping('softirqs.NET_RX', 'NET_RX softirqs run (all CPUs)'),
  wrapping('softirqs.NET_TX', 'NET_TX softirqs run (all CPUs)'),
];

const BY_ID = new Map([...NAMESPACE_COUNTERS, ...HOST_COUNTERS].map((c) => [c.id, c]));

/** The catalogue entry of a counter id, or undefined for an id this version does not read. */
export function counterInfo(id: string): CounterInfo | undefined {
  return BY_ID.get(id);
}
