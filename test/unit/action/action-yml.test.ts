/**
 * action.yml is the contract the runner reads: every input the action reads must be declared there
 * (the runner passes nothing else), every declared input must be read, and the runner's defaults
 * (what INPUT_* holds when a workflow omits an input) must parse.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readActionInputs } from '../../../src/action/inputs/inputs.js';

interface ActionYml {
  runs: { using: string; main: string; post: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const action = parse(readFileSync(resolve(import.meta.dirname, '../../../action.yml'), 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('runs the bundled main and post on node24', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/action/main.js',
      post: 'dist/action/post.js',
    });
  });

  it('declares exactly the inputs the action reads, and its defaults are valid inputs', () => {
    const asked = new Set<string>();
    const read = (name: string): string => {
      asked.add(name);
      const declared = action.inputs[name];
      if (!declared) return '';
      // The runner substitutes expressions before the step; a literal token stands in for it.
      return declared.default?.startsWith('${{') ? 'token-from-expression' : (declared.default ?? '');
    };
    const inputs = readActionInputs(read, { runnerOs: 'Linux' });
    expect([...asked].sort()).toEqual(Object.keys(action.inputs).sort());
    expect(inputs).toMatchObject({
      mode: 'gate',
      platform: 'lab',
      datapath: 'bridge-vxlan',
      comment: 'always',
      failOn: 'regression',
      quick: false,
      strictEnvironment: false,
      githubToken: 'token-from-expression',
    });
  });

  it('describes every input and output', () => {
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toMatch(/\S/);
    expect(Object.keys(action.outputs)).toEqual(
      expect.arrayContaining(['verdict', 'regressions', 'results-path', 'report-path']),
    );
  });
});
