#!/usr/bin/env bash
# Installs what cni-perf-gate needs on a fresh Debian/Ubuntu machine: the Debian packages the lab
# and the tests use (only those missing), then the npm dependencies. Idempotent. Run it as root or
# as a user with sudo: it elevates itself (sudo) only for the package install, and only when a
# package is missing; npm ci runs as you, so node_modules stays yours.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- privileges: run a command as root (directly when root, else through sudo) -----------------
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup: installing Debian packages needs root, and sudo is not installed: run this script as root" >&2
    exit 2
  fi
}

packages=(iperf3 wrk containernetworking-plugins iproute2 iptables nginx-light procps)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # iperf3 asks whether to start a daemon; answer no.
  echo 'iperf3 iperf3/start_daemon boolean false' | as_root debconf-set-selections
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-fund --no-audit
fi

# --- CPU profiles (run --profile, issue 19) ---------------------------------------------------------
# Debian's linux-perf records them (cpu-clock: no hardware PMU needed). Where the distribution has
# no such package (Ubuntu ships perf per kernel as linux-tools-*), --profile says so and runs without.
if ! command -v perf >/dev/null 2>&1 && apt-cache show linux-perf >/dev/null 2>&1; then
  echo "setup: installing linux-perf"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends linux-perf >/dev/null ||
    echo "setup: linux-perf could not be installed; run --profile will say so and run without profiles" >&2
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
  echo "setup: installing ${bpf_missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${bpf_missing[@]}" >/dev/null
fi
bash bpf/build.sh

# The lab (cni-perf-gate run, the lab tests) creates network namespaces and re-runs itself with
# `sudo -n` when you are not root: cache the sudo credentials now, while a prompt is possible.
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
  sudo -v || echo "setup: sudo -v failed: the lab needs root; run cni-perf-gate and the tests as root" >&2
fi
