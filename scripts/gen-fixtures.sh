#!/usr/bin/env bash
# Regenerates the parser fixtures under test/fixtures/{iperf3,wrk,proc-stat} from REAL runs of
# iperf3 and wrk between two network namespaces this script creates (cpgfix-srv-PID and
# cpgfix-cli-PID, joined by a veth pair on 198.18.250.0/24, an RFC 2544 benchmarking range).
# The server namespace runs an iperf3 server and an nginx (nginx-light) with a temporary config.
# Everything it creates is removed on exit, even on failure. Needs Linux, root, iperf3, wrk,
# nginx-light (scripts/setup.sh installs them). Usage: sudo scripts/gen-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "gen-fixtures: must run as root (it creates network namespaces)" >&2
  exit 2
fi
for tool in ip iperf3 wrk nginx; do
  command -v "$tool" >/dev/null || { echo "gen-fixtures: $tool not found; run scripts/setup.sh" >&2; exit 2; }
done

readonly SRV_NS="cpgfix-srv-$$"
readonly CLI_NS="cpgfix-cli-$$"
readonly VETH_SRV="cpgfs$$"
readonly VETH_CLI="cpgfc$$"
readonly SRV_IP=198.18.250.2
readonly CLI_IP=198.18.250.1
readonly IPERF_PORT=5201
readonly HTTP_PORT=8080
readonly CLOSED_PORT=5299
readonly OUT_IPERF=test/fixtures/iperf3
readonly OUT_WRK=test/fixtures/wrk
readonly OUT_STAT=test/fixtures/proc-stat

TMP="$(mktemp -d /tmp/cpgfix.XXXXXX)"
readonly TMP
pids=()

cleanup() {
  local status=$?
  set +e
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null
  done
  # Anything still inside our namespaces (e.g. an nginx worker) would keep them alive after
  # `ip netns del`: kill those processes by pid. Only this script's processes are in them.
  for ns in "$SRV_NS" "$CLI_NS"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null
    done
  done
  ip netns del "$SRV_NS" 2>/dev/null
  ip netns del "$CLI_NS" 2>/dev/null
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "gen-fixtures: WARNING: process $pid still running" >&2
      status=1
    fi
  done
  rm -rf "$TMP"
  if ip netns list | grep -q -e "^$SRV_NS\b" -e "^$CLI_NS\b"; then
    echo "gen-fixtures: WARNING: namespaces left behind" >&2
    status=1
  fi
  exit "$status"
}
trap cleanup EXIT INT TERM

in_srv() { ip netns exec "$SRV_NS" "$@"; }
in_cli() { ip netns exec "$CLI_NS" "$@"; }

echo "gen-fixtures: creating namespaces $SRV_NS and $CLI_NS"
ip netns add "$SRV_NS"
ip netns add "$CLI_NS"
ip link add "$VETH_SRV" netns "$SRV_NS" type veth peer name "$VETH_CLI" netns "$CLI_NS"
in_srv ip addr add "$SRV_IP/24" dev "$VETH_SRV"
in_cli ip addr add "$CLI_IP/24" dev "$VETH_CLI"
for ns in "$SRV_NS" "$CLI_NS"; do ip -n "$ns" link set lo up; done
in_srv ip link set "$VETH_SRV" up
in_cli ip link set "$VETH_CLI" up

# --- servers ---------------------------------------------------------------------------------
# Started with `ip netns exec` directly (not through a shell function, which would fork a
# subshell): ip execs the server, so $! is the server's own pid and cleanup can kill it.
ip netns exec "$SRV_NS" iperf3 -s -B "$SRV_IP" -p "$IPERF_PORT" >"$TMP/iperf3-server.log" 2>&1 &
pids+=($!)

echo_module=/usr/share/nginx/modules/ngx_http_echo_module.so
slow_location="location = /slow { return 200 \"slow\\n\"; }"
if [ -f "$echo_module" ]; then
  load_echo="load_module $echo_module;"
  # echo_sleep delays the response without blocking the worker: latency shows in seconds.
  slow_location="location = /slow { echo_sleep 1.2; echo slow; }"
else
  load_echo=""
  echo "gen-fixtures: nginx echo module missing; /slow answers immediately" >&2
fi
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<EOF
$load_echo
daemon off;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  server {
    listen $SRV_IP:$HTTP_PORT;
    location = / { default_type text/plain; return 200 "ok\n"; }
    location = /missing { return 404; }
    $slow_location
  }
}
EOF
ip netns exec "$SRV_NS" nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log" \
  >"$TMP/nginx/stdout.log" 2>&1 &
pids+=($!)

wait_port() {
  local port=$1
  for _ in $(seq 1 50); do
    if in_cli bash -c "exec 3<>/dev/tcp/$SRV_IP/$port" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "gen-fixtures: nothing listening on $SRV_IP:$port" >&2
  return 1
}
wait_port "$IPERF_PORT"
wait_port "$HTTP_PORT"

# Start from empty directories so a run this script no longer makes leaves no stale fixture.
rm -rf "$OUT_IPERF" "$OUT_WRK" "$OUT_STAT"
mkdir -p "$OUT_IPERF" "$OUT_WRK" "$OUT_STAT"

# Runs a tool in the client namespace, saving stdout (the fixture) and the exit code next to it.
# Failing runs are expected for the error fixtures, so the exit code is recorded, not fatal.
capture() {
  local out=$1
  shift
  local rc=0
  in_cli "$@" >"$out" 2>"$out.stderr" || rc=$?
  echo "$rc" >"$out.exit-code"
  # Keep stderr only when the tool wrote something there.
  [ -s "$out.stderr" ] || rm -f "$out.stderr"
  echo "gen-fixtures: $out (exit $rc)"
}

# --- iperf3 ----------------------------------------------------------------------------------
capture "$OUT_IPERF/tcp.json" iperf3 -c "$SRV_IP" -p "$IPERF_PORT" -J -t 1 -O 1
capture "$OUT_IPERF/tcp-parallel-4.json" iperf3 -c "$SRV_IP" -p "$IPERF_PORT" -J -t 1 -O 1 -P 4
capture "$OUT_IPERF/tcp-reverse.json" iperf3 -c "$SRV_IP" -p "$IPERF_PORT" -J -t 1 -O 1 -R
capture "$OUT_IPERF/udp.json" iperf3 -c "$SRV_IP" -p "$IPERF_PORT" -J -t 1 -u -b 200M
capture "$OUT_IPERF/udp-reverse.json" iperf3 -c "$SRV_IP" -p "$IPERF_PORT" -J -t 1 -u -b 200M -R
capture "$OUT_IPERF/error-connection-refused.json" iperf3 -c "$SRV_IP" -p "$CLOSED_PORT" -J -t 1
# Unpaced UDP overruns the receiver: the one fixture with real datagram loss.
capture "$OUT_IPERF/udp-unlimited.json" iperf3 -c "$SRV_IP" -p "$IPERF_PORT" -J -t 1 -u -b 0
# A congestion control algorithm the kernel does not have: an error inside iperf3's JSON.
capture "$OUT_IPERF/error-bad-congestion.json" iperf3 -c "$SRV_IP" -p "$IPERF_PORT" -J -t 1 -C no-such-cc
# A datagram larger than UDP allows: a parameter error, usage text on stdout, no JSON at all.
capture "$OUT_IPERF/error-usage-bad-length.json" iperf3 -c "$SRV_IP" -p "$IPERF_PORT" -J -t 1 -u -l 70000

# --- wrk -------------------------------------------------------------------------------------
cat >"$TMP/paced.lua" <<'EOF'
-- Pace each connection: wait a fixed 10 ms before every request.
function delay()
  return 10
end
EOF
base="http://$SRV_IP:$HTTP_PORT"
capture "$OUT_WRK/plain.txt" wrk -t 2 -c 8 -d 1s "$base/"
capture "$OUT_WRK/latency.txt" wrk -t 2 -c 8 -d 1s --latency "$base/"
# http-conn-rate: a new TCP connection per request (wrk reconnects after each "Connection: close").
capture "$OUT_WRK/connection-close.txt" wrk -H "Connection: close" -t 2 -c 8 -d 1s --latency "$base/"
capture "$OUT_WRK/slow-latency.txt" wrk -t 1 -c 4 -d 3s --latency --timeout 5s "$base/slow"
# wrk takes whole seconds only; /slow answers after 1.2 s, so a 1 s timeout expires.
capture "$OUT_WRK/timeouts.txt" wrk -t 1 -c 4 -d 3s --timeout 1s "$base/slow"
capture "$OUT_WRK/paced-lua.txt" wrk -t 2 -c 4 -d 2s --latency -s "$TMP/paced.lua" "$base/"
capture "$OUT_WRK/all-404.txt" wrk -t 2 -c 8 -d 1s "$base/missing"
capture "$OUT_WRK/error-unable-to-connect.txt" wrk -t 1 -c 1 -d 1s "http://$SRV_IP:$CLOSED_PORT/"
capture "$OUT_WRK/error-usage-no-url.txt" wrk -t 1 -c 1 -d 1s
capture "$OUT_WRK/error-usage-bad-option.txt" wrk --no-such-option "$base/"
# A script path inside a fixture would be this machine's temp dir: replace it.
sed -i "s#$TMP/paced.lua#paced.lua#g" "$OUT_WRK/paced-lua.txt"

# --- /proc/stat ------------------------------------------------------------------------------
cat /proc/stat >"$OUT_STAT/before.txt"
# Keep one CPU busy for about half a second, in user space.
end=$(($(date +%s%N) + 500000000))
while [ "$(date +%s%N)" -lt "$end" ]; do :; done
cat /proc/stat >"$OUT_STAT/after.txt"
echo "gen-fixtures: $OUT_STAT/{before,after}.txt"

# Record which tools produced the fixtures (wrk -v exits non-zero; sed reads all, no SIGPIPE).
iperf3 --version 2>&1 | sed -n 1p >"$OUT_IPERF/tool-version.txt"
{
  { wrk -v 2>&1 || true; } | sed -n '1s/ *$//p'
  nginx -v 2>&1
} >"$OUT_WRK/tool-version.txt"
uname -sr >"$OUT_STAT/kernel.txt"
echo "gen-fixtures: done"
