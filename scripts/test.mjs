#!/usr/bin/env node
// `npm test`: runs vitest. The lab end-to-end tests create network namespaces and need root, so a
// user who is not root re-runs it through `sudo -n` (scripts/setup.sh cached the credentials),
// keeping PATH; as root it runs directly, so machines without sudo work too.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const args = [vitest, 'run', ...process.argv.slice(2)];

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
