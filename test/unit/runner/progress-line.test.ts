import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../src/runner/progress-line.js';

const event = {
  datapath: 'bridge-vxlan',
  scenario: 'pod-to-pod-cross-node/tcp-stream' as const,
  repetition: 2,
  repetitions: 7,
  done: 2,
  total: 20,
  elapsedS: 14.2,
};

describe('progressLine', () => {
  it('shows position, datapath, scenario, repetition and time', () => {
    expect(progressLine(event)).toBe('[ 3/20] bridge-vxlan pod-to-pod-cross-node/tcp-stream rep 2/7 · 14 s');
    expect(progressLine(event, 'pair')).toContain(' pair 2/7 ');
  });

  it('counts samples re-taken for interference once there are any', () => {
    expect(progressLine({ ...event, retaken: 0 })).not.toContain('re-taken');
    expect(progressLine({ ...event, retaken: 3 })).toBe(
      '[ 3/20] bridge-vxlan pod-to-pod-cross-node/tcp-stream rep 2/7 · 14 s · 3 re-taken',
    );
  });
});
