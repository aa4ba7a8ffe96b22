#!/usr/bin/env bash
# Compiles the lab's BPF programs (bpf/*.c) into bpf/out/*.o with Debian's clang and libbpf
# headers. Rebuilds an object only when its source (or common.h, or this script) is newer. No prebuilt object
# is ever used: `scripts/setup.sh` installs clang/libbpf-dev and runs this.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v clang >/dev/null; then
  echo "bpf/build.sh: clang is not installed: run sudo ./scripts/setup.sh (apt-get install clang llvm libbpf-dev)" >&2
  exit 2
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
  echo "bpf/build.sh: libbpf headers are missing: apt-get install libbpf-dev" >&2
  exit 2
fi
# clang -target bpf does not search Debian's multiarch include directory (asm/types.h lives there).
asm_dir=$(dirname "$(dirname "$(ls /usr/include/*-linux-gnu/asm/types.h 2>/dev/null | head -n 1)")")
mkdir -p out
for src in *.c; do
  obj="out/${src%.c}.o"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ build.sh -nt "$obj" ] || [ common.h -nt "$obj" ]; then
    clang -O2 -g -Wall -Werror -target bpf -I"$asm_dir" -c "$src" -o "$obj.tmp"
    mv "$obj.tmp" "$obj"
    echo "bpf: built $obj"
  fi
done
