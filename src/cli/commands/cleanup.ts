import { cleanupLabLeftovers, createNodeLabDeps, type LabDeps } from '../../platform/lab/index.js';
import { checkPrivileges } from '../../platform/lab/prerequisites.js';
import { expectPositionals, parseCommandArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { createNodeElevation, rerunAsRootIfNeeded, type Elevation } from '../elevate.js';

const USAGE = 'cni-perf-gate cleanup [--all]';

const HELP = `Usage: ${USAGE}

Removes lab resources this tool left behind: every cpg-<run>-… network namespace (processes
inside are stopped first), the run's eBPF traces (its cpg-<run> cgroup and the programs attached
to it, pins under /sys/fs/bpf/cpg-<run>, bpffs/cgroup2 mounts it made) and
/run/cni-perf-gate/<run>, for runs whose owning process is gone.
Nothing that was not created by cni-perf-gate is touched. Needs root: started by another user,
it re-runs itself with \`sudo -n\`.

Options:
  --all        also remove runs whose owner process is still alive (stops those runs)
  -h, --help   show this help
`;

/** Builds the `cleanup` command on the given lab side effects (and how it reaches root, if it may). */
export function createCleanupCommand(deps: () => LabDeps, elevation?: Elevation): CliCommand {
  return {
    name: 'cleanup',
    summary: 'remove leftover lab namespaces and state of crashed runs (only this tool’s)',
    help: HELP,
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs('cleanup', argv, {
        all: { type: 'boolean' },
      } as const);
      expectPositionals('cleanup', positionals, [], USAGE);
      if (elevation) {
        const code = await rerunAsRootIfNeeded(elevation, ['cleanup', ...argv], io.env, (line) =>
          io.stderr(`${line}\n`),
        );
        if (code !== undefined) return code;
      }
      const lab = deps();
      await checkPrivileges(lab, 'cleanup');
      const { removed } = await cleanupLabLeftovers(lab, { all: values.all === true });
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
export const cleanupCommand: CliCommand = createCleanupCommand(createNodeLabDeps, createNodeElevation());
