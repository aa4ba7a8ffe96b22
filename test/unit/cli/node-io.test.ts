import { describe, expect, it } from 'vitest';
import { abortOnSignals, createNodeIo } from '../../../src/cli/node-io.js';

describe('node io', () => {
  it('aborts the signal on SIGTERM and removes its handlers', () => {
    const before = process.listenerCount('SIGTERM');
    const controller = new AbortController();
    const seen: string[] = [];
    const remove = abortOnSignals(controller, (signal) => seen.push(signal));
    try {
      expect(process.listenerCount('SIGTERM')).toBe(before + 1);
      process.emit('SIGTERM', 'SIGTERM');
      expect(controller.signal.aborted).toBe(true);
      expect(seen).toEqual(['SIGTERM']);
    } finally {
      remove();
    }
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('a second signal says what may be left behind, then exits at once with 128 + signal', () => {
    const controller = new AbortController();
    const events: string[] = [];
    const remove = abortOnSignals(
      controller,
      (signal) => events.push(`first ${signal}`),
      (signal) => events.push(`second ${signal}`),
      (code) => events.push(`exit ${code}`),
    );
    try {
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT');
    } finally {
      remove();
    }
    expect(events).toEqual(['first SIGINT', 'second SIGINT', 'exit 130']);
  });

  it('builds a CliIo over the process', () => {
    const signal = new AbortController().signal;
    const io = createNodeIo(signal);
    expect(io.cwd).toBe(process.cwd());
    expect(io.signal).toBe(signal);
    expect(io.env).toBe(process.env);
  });
});
