import type { Source } from '../../core/results/types.js';
import type { PlatformRequest } from '../../platform/factory.js';
import type { Platform } from '../../platform/platform.js';
import type { CliIo } from '../command.js';
import type { Elevation } from '../elevate.js';
import type { ProfilerFactory } from '../profiler-option.js';

/** What the run command needs from the outside (tests inject loopback platforms and a clock). */
export interface RunCommandDeps {
  readonly createPlatforms: (request: PlatformRequest) => Platform[];
  readonly now: () => number;
  /** Provenance recorded in the results (commit, ref, workflow run); absent = none. */
  readonly source?: (cwd: string, env: CliIo['env']) => Promise<Source | undefined>;
  /** How a lab run that is not root re-runs itself under `sudo -n`; absent = never. */
  readonly elevation?: Elevation;
  /** `--profile`: builds the run's profiler (absent: --profile records nothing and says so). */
  readonly profiler?: ProfilerFactory;
}
