import { describe, expect, it } from 'vitest';
import { defaultCpuPinning, pinnedCommand } from '../../../src/platform/lab/cpu-pinning.js';

describe('lab CPU pinning', () => {
  it('pins the client to CPU 0 and the server to CPU 1 on machines with 2 CPUs or more, none on 1', () => {
    expect(defaultCpuPinning(2)).toEqual({ client: 0, server: 1 });
    expect(defaultCpuPinning(64)).toEqual({ client: 0, server: 1 });
    expect(defaultCpuPinning(1)).toBeNull();
  });

  it('prefixes a command with taskset only when a CPU is given', () => {
    expect(pinnedCommand(1, ['nginx', '-c', 'x.conf'])).toEqual([
      'taskset',
      '-c',
      '1',
      'nginx',
      '-c',
      'x.conf',
    ]);
    expect(pinnedCommand(undefined, ['wrk', '-t2'])).toEqual(['wrk', '-t2']);
  });
});
