import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeResults } from '../../../src/core/results/serialize.js';
import { readResultsInputs, type ListDirectory } from '../../../src/cli/results-inputs.js';
import { makeResults } from '../../helpers/results-factory.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('readResultsInputs', () => {
  it('skips a subdirectory it cannot list with a reason, as it skips unreadable files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpg-inputs-'));
    const file = serializeResults(
      makeResults({ scenarios: { 'pod-to-pod-cross-node/tcp-stream': { tcp_throughput_bps: { n: 3 } } } }),
    );
    await mkdir(join(dir, 'runs/locked'), { recursive: true });
    await writeFile(join(dir, 'runs/r1.json'), file);
    await writeFile(join(dir, 'runs/locked/r2.json'), file);
    // Root can list any directory, so the lister is what refuses here (as EACCES does for a user).
    const list: ListDirectory = async (path) => {
      if (path.endsWith('locked'))
        throw Object.assign(new Error('EACCES: permission denied, scandir'), { code: 'EACCES' });
      return readdir(path, { withFileTypes: true });
    };
    const { loaded, skipped } = await readResultsInputs(['runs'], dir, list);
    expect(loaded.map((l) => l.file)).toEqual([join('runs', 'r1.json')]);
    expect(skipped).toEqual([
      { file: join('runs', 'locked'), reason: 'cannot list the directory: permission denied' },
    ]);
  });
});
