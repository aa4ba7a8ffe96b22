/**
 * Encodes the keys and values of the lab's BPF maps as the byte strings `bpftool map update`
 * takes (`hex 0a 0b …`), laid out as the C structs in bpf/*.c (pure).
 */

const PROTOCOLS = { tcp: 6, udp: 17 } as const;

function hexBytes(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function ipv4Bytes(address: string): number[] {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new Error(`not an IPv4 address: ${address}`);
  return parts;
}

/** Network byte order (big-endian) u16. */
function be16(value: number): number[] {
  return [(value >> 8) & 0xff, value & 0xff];
}

/** Host byte order (little-endian, as on x86-64 and arm64) u32. */
function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

function macBytes(mac: string): number[] {
  const parts = mac.split(':').map((p) => parseInt(p, 16));
  if (parts.length !== 6 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new Error(`not a MAC address: ${mac}`);
  return parts;
}

/** bpf/hostrouting.c `endpoints`: pod IPv4 → host-side veth ifindex and MACs. */
export function endpointEntry(
  podIp: string,
  ifindex: number,
  podMac: string,
  nodeMac: string,
): { key: string; value: string } {
  return {
    key: hexBytes(ipv4Bytes(podIp)),
    value: hexBytes([...le32(ifindex), ...macBytes(podMac), ...macBytes(nodeMac)]),
  };
}

/** One service frontend and its backends, as the socket LB stores it. */
export interface SocketLbService {
  readonly vip: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly backends: readonly { readonly ip: string; readonly port: number }[];
}

function svcKey(vip: string, port: number, protocol: 'tcp' | 'udp'): number[] {
  return [...ipv4Bytes(vip), ...be16(port), PROTOCOLS[protocol], 0];
}

/** `bpftool batch` lines that add a service to bpf/sock-lb.c's maps (pinned under `mapDir`). */
export function socketLbAddCommands(mapDir: string, service: SocketLbService): string[] {
  const key = svcKey(service.vip, service.port, service.protocol);
  const lines = service.backends.flatMap((b, i) => [
    `map update pinned ${mapDir}/backends key hex ${hexBytes([...key, ...le32(i + 1)])} value hex ${hexBytes([...ipv4Bytes(b.ip), ...be16(b.port), 0, 0])}`,
    `map update pinned ${mapDir}/revnat key hex ${hexBytes([...ipv4Bytes(b.ip), ...be16(b.port), PROTOCOLS[service.protocol], 0])} value hex ${hexBytes(key)}`,
  ]);
  // The service last: a connect() never sees a frontend whose backends are not there yet.
  lines.push(
    `map update pinned ${mapDir}/services key hex ${hexBytes(key)} value hex ${hexBytes(le32(service.backends.length))}`,
  );
  return lines;
}

/** `bpftool batch` lines that remove a service (frontend first, then its backends). */
export function socketLbRemoveCommands(mapDir: string, service: SocketLbService): string[] {
  const key = svcKey(service.vip, service.port, service.protocol);
  return [
    `map delete pinned ${mapDir}/services key hex ${hexBytes(key)}`,
    ...service.backends.flatMap((b, i) => [
      `map delete pinned ${mapDir}/backends key hex ${hexBytes([...key, ...le32(i + 1)])}`,
      `map delete pinned ${mapDir}/revnat key hex ${hexBytes([...ipv4Bytes(b.ip), ...be16(b.port), PROTOCOLS[service.protocol], 0])}`,
    ]),
  ];
}

/** bpf/nodeport.c `nodeports`: (NodePort, protocol) → backend address and port. */
export function nodePortEntry(
  nodePort: number,
  protocol: 'tcp' | 'udp',
  backend: { readonly ip: string; readonly port: number },
): { key: string; value: string } {
  return {
    key: hexBytes([...be16(nodePort), PROTOCOLS[protocol], 0]),
    value: hexBytes([...ipv4Bytes(backend.ip), ...be16(backend.port), 0, 0]),
  };
}

/** bpf/nodeport.c `node_ip`: slot 0 → this node's underlay address. */
export function nodeIpEntry(ip: string): { key: string; value: string } {
  return { key: hexBytes(le32(0)), value: hexBytes(ipv4Bytes(ip)) };
}

/** Sum over CPUs of each slot of a per-CPU array as `bpftool -j map dump` prints it. */
export function perCpuCounters(dumpJson: string): number[] {
  const entries = JSON.parse(dumpJson) as {
    formatted?: { key: number; values: { value: number }[] };
  }[];
  const out: number[] = [];
  for (const e of entries) {
    if (!e.formatted) continue;
    out[e.formatted.key] = e.formatted.values.reduce((s, v) => s + v.value, 0);
  }
  return out;
}
