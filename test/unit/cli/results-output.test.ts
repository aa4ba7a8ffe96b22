import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../helpers/memory-io.js';
import { createRunCommand } from '../../../src/cli/commands/run.js';
import { claimOutputs, writeResultsFiles } from '../../../src/cli/results-output.js';
import { UserError } from '../../../src/core/errors.js';
import { createLoopbackPlatform, type LoopbackPlatform } from '../../helpers/loopback-platform.js';

const dir = mkdtempSync(join(tmpdir(), 'cpg-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--out is checked before measuring (issue 13 item 2)', () => {
  it('run --out /proc/nope/x.json fails at once, before any platform is prepared', async () => {
    const platforms: LoopbackPlatform[] = [];
    const io = memoryIo(dir);
    const command = createRunCommand({
      now: () => Date.now(),
      createPlatforms: (request) =>
        (request.datapaths ?? []).map((datapath) => {
          const p = createLoopbackPlatform({ datapath });
          platforms.push(p);
          return p;
        }),
    });
    await expect(
      command.run(['--datapath', 'host', '--quick', '--out', '/proc/nope/x.json'], io),
    ).rejects.toThrow(
      new UserError(
        'run: cannot write results file /proc/nope/x.json: no such directory (checked before measuring)',
      ),
    );
    for (const p of platforms) expect(p.invocations).toHaveLength(0);
    expect(io.stderrText()).not.toContain('datapath(s)');
  });

  it('a file that still cannot be written at the end is saved to a fallback, and the error says where', async () => {
    const fallbackDir = mkdtempSync(join(dir, 'fallback-'));
    const lines: string[] = [];
    const error = await writeResultsFiles(
      [
        { path: 'ok.json', content: '{"a":1}' },
        { path: 'gone/x.json', content: '{"b":2}' },
      ],
      dir,
      (line) => lines.push(line),
      new Set(),
      fallbackDir,
    ).catch((e: unknown) => e);
    expect(lines).toEqual(['wrote ok.json']);
    expect(error).toBeInstanceOf(UserError);
    const match =
      /^run: cannot write results file gone\/x\.json \(no such directory\): saved to (\S+) instead$/.exec(
        (error as Error).message,
      );
    expect(match).not.toBeNull();
    expect(match![1]!.startsWith(fallbackDir)).toBe(true);
    expect(readFileSync(match![1]!, 'utf8')).toBe('{"b":2}');
  });
});

describe('two runs with the same --out (issue 13 item 7)', () => {
  it('the second is refused while the first holds the file, naming it and the pid', async () => {
    const first = await claimOutputs(['same.json'], dir);
    try {
      // Another live process owns the lock: a child that sleeps.
      await expect(
        claimOutputs(['same.json'], dir, process.pid + 100000, (pid) => pid === process.pid),
      ).rejects.toThrow(
        `run: results file same.json is being written by another run (pid ${process.pid}, lock same.json.lock); wait for it or use another --out`,
      );
    } finally {
      await first.release();
    }
    expect(existsSync(join(dir, 'same.json.lock'))).toBe(false);
    const again = await claimOutputs(['same.json'], dir);
    await again.release();
  });

  it('a lock left by a dead run is taken over; replacing an earlier file is said', async () => {
    const child = spawn('true');
    await new Promise((resolve) => child.on('close', resolve));
    writeFileSync(join(dir, 'old.json'), '{}');
    writeFileSync(join(dir, 'old.json.lock'), `${child.pid}\n`);
    const claim = await claimOutputs(['old.json'], dir);
    expect(readFileSync(join(dir, 'old.json.lock'), 'utf8').trim()).toBe(String(process.pid));
    const lines: string[] = [];
    await writeResultsFiles(
      [{ path: 'old.json', content: '{"new":1}' }],
      dir,
      (l) => lines.push(l),
      claim.replacing,
    );
    await claim.release();
    expect(lines).toEqual(['wrote old.json (replaced the earlier file)']);
    expect(existsSync(join(dir, 'old.json.lock'))).toBe(false);
  });

  it('two run commands started together with the same --out: one refused, the other writes', async () => {
    const make = () => {
      const io = memoryIo(dir);
      const command = createRunCommand({
        now: () => Date.now(),
        createPlatforms: (request) =>
          (request.datapaths ?? []).map((datapath) => createLoopbackPlatform({ datapath })),
      });
      return { io, command, err: io.err };
    };
    writeFileSync(
      join(dir, 'tiny.yaml'),
      'topologies: [pod-to-pod-cross-node]\ntests: [tcp-stream]\nrepetitions: 1\niperf: { durationS: 1, omitS: 0 }\n',
    );
    const a = make();
    const b = make();
    const args = ['--datapath', 'host', '--suite', 'tiny.yaml', '--out', 'both.json'];
    const [ra, rb] = await Promise.allSettled([a.command.run(args, a.io), b.command.run(args, b.io)]);
    const outcomes = [ra, rb].map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message));
    expect(outcomes).toContain(0);
    expect(outcomes).toContain(
      `run: results file both.json is being written by another run (pid ${process.pid}, lock both.json.lock); wait for it or use another --out`,
    );
    expect(existsSync(join(dir, 'both.json'))).toBe(true);
    expect(existsSync(join(dir, 'both.json.lock'))).toBe(false);
  });
});
