import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../helpers/memory-io.js';
import { createRunCommand } from '../../../src/cli/commands/run.js';
import { leftoverCommand, leftoverLines } from '../../../src/cli/leftover-notes.js';
import { parseResultsJson } from '../../../src/core/results/parse.js';
import { createLoopbackPlatform } from '../../helpers/loopback-platform.js';

const dir = mkdtempSync(join(tmpdir(), 'cpg-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'tiny.yaml'),
  'topologies: [pod-to-pod-cross-node]\ntests: [tcp-stream]\nrepetitions: 1\niperf: { durationS: 1, omitS: 0 }\n',
);

describe('interrupts around teardown (issue 13 item 6)', () => {
  it('an interrupt during teardown: exit 0, complete file, and it says the interrupt came after measuring', async () => {
    const controller = new AbortController();
    const duringRun: string[][] = [];
    const io = { ...memoryIo(dir), signal: controller.signal };
    const command = createRunCommand({
      now: () => Date.now(),
      createPlatforms: (request) =>
        (request.datapaths ?? []).map((datapath) => {
          request.onRunId?.(datapath, 'ab12');
          const p = createLoopbackPlatform({ datapath });
          const teardown = p.teardown.bind(p);
          return Object.assign(p, {
            teardown: async () => {
              duringRun.push(leftoverLines());
              controller.abort(new Error('interrupted by SIGINT'));
              await teardown();
            },
          });
        }),
    });
    const code = await command.run(['--datapath', 'host', '--suite', 'tiny.yaml', '--out', 'r.json'], io);
    expect(code).toBe(0);
    expect(
      parseResultsJson(readFileSync(join(dir, 'r.json'), 'utf8'), 'r.json').scenarios[0]?.samples,
    ).toHaveLength(1);
    const stderr = io.stderrText();
    expect(stderr).toContain(
      'run: SIGINT arrived after measuring had finished: the results are complete and teardown is done\n',
    );
    // While the run was live, a hard exit would have printed the exact cleanup command …
    expect(duringRun).toEqual([['run ab12 may be left behind: remove it with: npx cni-perf-gate cleanup']]);
    expect(stderr).toContain('(resources cpg-ab12…; if this process is killed: npx cni-perf-gate cleanup)');
    // … and after teardown there is nothing left to name.
    expect(leftoverLines()).toEqual([]);
  });

  it('names the exact command per platform', () => {
    expect(leftoverCommand('lab', 'ab12')).toBe('npx cni-perf-gate cleanup');
    expect(leftoverCommand('kubernetes', 'ab12')).toBe('kind delete cluster --name cpg-ab12');
    expect(leftoverCommand('kubernetes', 'ab12', '/k/config')).toBe(
      'kubectl --kubeconfig /k/config delete namespace cpg-ab12',
    );
  });
});
