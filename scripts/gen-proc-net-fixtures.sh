#!/usr/bin/env bash
# Regenerates the diagnostics parser fixtures under test/fixtures/proc-net from a REAL 1 s iperf3
# run through a router namespace: client (cpg-fx<PID>-c) → router (cpg-fx<PID>-r, forwarding, one
# conntrack rule) → server (cpg-fx<PID>-s), on 198.18.250.0/24 and 198.18.251.0/24 (RFC 2544
# benchmarking ranges). Captures, before and after the run, what the lab reads: `cat /proc/net/snmp
# /proc/net/netstat /proc/net/stat/nf_conntrack` inside the client and router namespaces, and the
# machine's /proc/net/softnet_stat and /proc/softirqs. Everything it creates is removed on exit,
# even on failure. Needs Linux, root, iperf3, iptables. Usage: sudo scripts/gen-proc-net-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "gen-proc-net-fixtures: must run as root (it creates network namespaces)" >&2
  exit 2
fi
for tool in ip iperf3 iptables; do
  command -v "$tool" >/dev/null || { echo "gen-proc-net-fixtures: $tool not found; run scripts/setup.sh" >&2; exit 2; }
done

readonly ID="fx$(( $$ % 100000 ))"
readonly C="cpg-$ID-c" R="cpg-$ID-r" S="cpg-$ID-s"
readonly OUT=test/fixtures/proc-net
readonly FILES="/proc/net/snmp /proc/net/netstat /proc/net/stat/nf_conntrack"

cleanup() {
  for ns in "$C" "$R" "$S"; do
    pids="$(ip netns pids "$ns" 2>/dev/null || true)"
    [ -n "$pids" ] && kill $pids 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT

for ns in "$C" "$R" "$S"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip link add "v$ID-c" netns "$C" type veth peer name "v$ID-rc" netns "$R"
ip link add "v$ID-s" netns "$S" type veth peer name "v$ID-rs" netns "$R"
ip -n "$C" addr add 198.18.250.2/24 dev "v$ID-c"
ip -n "$R" addr add 198.18.250.1/24 dev "v$ID-rc"
ip -n "$S" addr add 198.18.251.2/24 dev "v$ID-s"
ip -n "$R" addr add 198.18.251.1/24 dev "v$ID-rs"
for pair in "$C:v$ID-c" "$R:v$ID-rc" "$R:v$ID-rs" "$S:v$ID-s"; do ip -n "${pair%%:*}" link set "${pair#*:}" up; done
ip -n "$C" route add default via 198.18.250.1
ip -n "$S" route add default via 198.18.251.1
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$R" iptables -A FORWARD -m conntrack --ctstate NEW,ESTABLISHED -j ACCEPT
ip netns exec "$S" iperf3 -s -1 -D -p 5299
sleep 0.3

capture() {
  local when=$1
  cat /proc/net/softnet_stat >"$OUT/softnet_stat.$when.txt"
  cat /proc/softirqs >"$OUT/softirqs.$when.txt"
  # shellcheck disable=SC2086
  ip netns exec "$C" cat $FILES >"$OUT/client-netns.$when.txt"
  # shellcheck disable=SC2086
  ip netns exec "$R" cat $FILES >"$OUT/router-netns.$when.txt"
}
mkdir -p "$OUT"
capture before
ip netns exec "$C" iperf3 -c 198.18.251.2 -p 5299 -t 1 -J >"$OUT/iperf3.json"
capture after
echo "gen-proc-net-fixtures: wrote $OUT"
