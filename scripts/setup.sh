#!/usr/bin/env bash
# Installs what cni-perf-gate needs on a fresh Debian/Ubuntu machine: the Debian packages the lab
# and the tests use (only those missing), then the npm dependencies. Idempotent; run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(iperf3 wrk containernetworking-plugins iproute2 iptables nginx-light procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}; run this script as root (sudo $0)" >&2
    exit 2
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # iperf3 asks whether to start a daemon; answer no.
  echo 'iperf3 iperf3/start_daemon boolean false' | debconf-set-selections
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-fund --no-audit
fi

# --- eBPF datapaths and kube-proxy modes (issue 11) ---------------------------------------------
# Debian's clang/llvm/libbpf compile the lab's BPF programs (bpf/*.c) here, on this machine: no
# prebuilt object is ever downloaded. bpftool loads and pins them, nft runs the nftables kube-proxy
# mode. Only what is missing is installed; the objects are rebuilt when a source is newer.
bpf_packages=(clang llvm libbpf-dev bpftool nftables util-linux mount)
bpf_missing=()
for p in "${bpf_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || bpf_missing+=("$p")
done
if [ ${#bpf_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages for the eBPF datapaths: ${bpf_missing[*]}; run this script as root (sudo $0)" >&2
    exit 2
  fi
  echo "setup: installing ${bpf_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${bpf_missing[@]}" >/dev/null
fi
bash bpf/build.sh
