import type { CliCommand } from '../command.js';
import { compareCommand } from './compare.js';
import { parseCommand } from './parse.js';
import { runCommand } from './run.js';
import { cleanupCommand } from './cleanup.js';
import { historyCommand } from './history.js';

/**
 * Every `cni-perf-gate <command>`, in the order the top-level help lists them.
 * Adding a command = one import + one entry here.
 */
export const COMMANDS: readonly CliCommand[] = [
  runCommand,
  compareCommand,
  historyCommand,
  parseCommand,
  cleanupCommand,
];
