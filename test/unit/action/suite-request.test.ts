import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runArgsFor } from '../../../src/action/suite/root-cli.js';
import { pairedRunOptions, type SuiteRunRequest } from '../../../src/action/suite/suite-request.js';
import { parseCommandArgs } from '../../../src/cli/args.js';
import { pairedFlags } from '../../../src/cli/commands/run-paired-flags.js';
import { RUN_OPTIONS } from '../../../src/cli/commands/run-flags.js';
import { memoryIo } from '../../helpers/memory-io.js';

const dir = mkdtempSync(join(tmpdir(), 'cpg-suite-request-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(existsSync(dir)).toBe(false);
});

const request = (adaptive: boolean): SuiteRunRequest => ({
  platform: 'lab',
  datapath: 'custom',
  cniConfig: '/w/net.conflist',
  routing: 'vxlan',
  kubeconfig: null,
  suite: null,
  quick: true,
  repetitions: 6,
  paired: {
    base: { source: 'net.conflist@abc', text: '{}' },
    head: { source: 'net.conflist', text: '{}' },
    pairingId: '42-abcdef12',
    thresholds: { tcp_throughput_bps: 2.5, http_latency_p99_ms: 12 },
    adaptive,
  },
});

describe('a paired suite request', () => {
  it.each([true, false])(
    'reaches the root CLI with the options an in-process run gets (adaptive %s)',
    async (adaptive) => {
      writeFileSync(join(dir, 'base.conflist'), '{}');
      writeFileSync(join(dir, 'head.conflist'), '{}');
      const r = request(adaptive);
      const files = { base: join(dir, 'base.conflist'), head: join(dir, 'head.conflist') };
      const [command, ...argv] = runArgsFor(r, null, join(dir, 'out'), files);
      expect(command).toBe('run');
      const { values, positionals } = parseCommandArgs('run', argv, RUN_OPTIONS);
      expect(values.paired).toBe(true);
      const { options } = await pairedFlags(values, positionals, memoryIo(dir), () => 0);
      const inProcess = pairedRunOptions(r, r.paired!);
      expect({
        routing: options.routing,
        adaptive: options.adaptive,
        thresholds: options.thresholds,
        pairingId: options.pairingId,
      }).toEqual(inProcess);
      expect(options.suite.repetitions).toBe(6);
      expect(options.suite.profile).toBe('quick');
    },
  );
});
