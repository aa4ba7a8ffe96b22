#!/usr/bin/env node
// `npm test`: runs vitest. The lab end-to-end tests create network namespaces and need root, so a
// user who is not root re-runs it through `sudo -n` (scripts/setup.sh cached the credentials),
// keeping PATH; as root it runs directly, so machines without sudo work too.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const args = [vitest, 'run', ...process.argv.slice(2)];

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    try {
      accessSync(`${dir}/${name}`, constants.X_OK);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

// What the tests run for real (scripts/setup.sh installs all of it). Without it, vitest would fail
// dozens of tests with spawn ENOENT traces; say once per missing piece what to do instead.
const REQUIRED = [
  ['iperf3', 'iperf3'],
  ['wrk', 'wrk'],
  ['nginx', 'nginx-light'],
  ['ip', 'iproute2'],
  ['iptables', 'iptables'],
  ['nft', 'nftables'],
  ['bpftool', 'bpftool'],
];
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin'];
const missing = REQUIRED.filter(
  ([tool]) => !onPath(tool) && !SBIN.some((dir) => isExecutable(`${dir}/${tool}`)),
).map(([tool, pkg]) => `${tool} (Debian package ${pkg})`);
if (!['/usr/lib/cni/bridge', '/opt/cni/bin/bridge'].some(isExecutable))
  missing.push('the CNI reference plugins in /usr/lib/cni (Debian package containernetworking-plugins)');
if (!existsSync(fileURLToPath(new URL('../bpf/out/hostrouting.o', import.meta.url))))
  missing.push('the compiled BPF programs in bpf/out (built by scripts/setup.sh with clang and libbpf-dev)');
if (!existsSync(vitest)) missing.push('node_modules (npm ci)');
if (missing.length > 0) {
  for (const what of missing) console.error(`npm test: missing ${what}: run ./scripts/setup.sh first`);
  console.error('npm test: (unit tests alone need none of it: npx vitest run test/unit)');
  process.exit(2);
}

let command = process.execPath;
let commandArgs = args;
if (process.getuid?.() !== 0) {
  if (!onPath('sudo')) {
    console.error(
      'npm test: the lab tests need root (they create network namespaces) and sudo is not installed: run npm test as root',
    );
    process.exit(2);
  }
  command = 'sudo';
  commandArgs = ['-n', 'env', `PATH=${process.env.PATH ?? ''}`, process.execPath, ...args];
}
const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
if (result.error) {
  console.error(`npm test: cannot start ${command}: ${result.error.message}`);
  process.exit(2);
}
process.exit(result.status ?? 1);
