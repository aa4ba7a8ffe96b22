import { cleanupLabLeftovers, createNodeLabDeps, type LabDeps } from '../../platform/lab/index.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import type { CliCommand } from '../command.js';

const USAGE = 'cni-perf-gate cleanup [--all]';

const HELP = `Usage: ${USAGE}

Removes lab resources this tool left behind: every cpg-<run>-… network namespace (processes
inside are stopped first) and /run/cni-perf-gate/<run>, for runs whose owning process is gone.
Nothing that was not created by cni-perf-gate is touched. Needs root.

Options:
  --all        also remove runs whose owner process is still alive (stops those runs)
  -h, --help   show this help
`;

/** Builds the `cleanup` command on the given lab side effects. */
export function createCleanupCommand(deps: () => LabDeps): CliCommand {
  return {
    name: 'cleanup',
    summary: 'remove leftover lab namespaces and state of crashed runs (only this tool’s)',
    help: HELP,
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs('cleanup', argv, {
        all: { type: 'boolean' },
      } as const);
      expectPositionals('cleanup', positionals, [], USAGE);
      const { removed } = await cleanupLabLeftovers(deps(), { all: values.all === true });
      if (removed.length === 0) {
        io.stdout(
          `cleanup: nothing to remove${values.all ? '' : ' (runs whose owner is alive are kept; --all removes them too)'}\n`,
        );
      } else {
        io.stdout(`cleanup: removed ${removed.length}:\n${removed.map((r) => `  ${r}\n`).join('')}`);
      }
      return 0;
    },
  };
}

/** `cni-perf-gate cleanup` on the real machine. */
export const cleanupCommand: CliCommand = createCleanupCommand(createNodeLabDeps);
