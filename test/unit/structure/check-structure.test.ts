import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../../scripts/check-structure.mjs');
const dir = mkdtempSync(join(tmpdir(), 'cpg-structure-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(existsSync(dir)).toBe(false);
});

/** Writes a checkout with the given src/ files and runs the check on it. */
function check(name: string, files: Record<string, string>): { code: number; output: string } {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  try {
    const output = execFileSync(process.execPath, [SCRIPT, root], { encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stderr}${e.stdout}` };
  }
}

const body = (lines: number): string =>
  Array.from({ length: lines }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('structure check', () => {
  it('passes a tree that keeps the rules, counting a function of exactly 80 lines and a file of exactly 400 lines as fine', () => {
    const result = check('ok', {
      'src/core/a.ts': `import { b } from './b.js';\nimport { median } from 'simple-statistics';\nexport function f(): void {\n${body(78)}\n}\n`,
      // 399 lines and the final newline's empty line: 400.
      'src/core/b.ts': `export const b = 1;\n${'// filler\n'.repeat(398)}`,
      'src/action/main.ts': "import { b } from '../core/b.js';\nexport const x = b;\n",
    });
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toContain('3 files in src/ ok');
  });

  it('names a long function, a core import from outside the core and an entry point importing the other', () => {
    const result = check('bad', {
      'src/core/a.ts': `import type { P } from '../platform/p.js';\nimport { readFile } from 'node:fs';\nexport const g = (): void => {\n${body(79)}\n};\n`,
      'src/platform/long.ts': `export const l = 1;\n${'// filler\n'.repeat(399)}`,
      'src/platform/p.ts': 'export type P = number;\n',
      'src/action/main.ts': "import { run } from '../cli/run.js';\nexport const x = run;\n",
      'src/cli/run.ts': 'export const run = 1;\n',
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('src/core/a.ts:3: function g is 81 lines (at most 80)');
    expect(result.output).toContain('src/platform/long.ts: 401 lines (at most 400)');
    expect(result.output).toContain(
      "src/core/a.ts:1: src/core must import only src/core (pure core), not '../platform/p.js'",
    );
    expect(result.output).toContain("not 'node:fs'");
    expect(result.output).toContain(
      "src/action/main.ts:1: src/action must not import src/cli ('../cli/run.js')",
    );
    expect(result.output).toContain('structure: 5 finding(s)');
  });

  it('names an import circle (type-only imports count) with its files', () => {
    const result = check('circle', {
      'src/core/a.ts': "import type { B } from './b.js';\nexport type A = B[];\n",
      'src/core/b.ts': "import type { C } from './c.js';\nexport type B = C;\n",
      'src/core/c.ts': "import type { A } from './a.js';\nexport type C = A | number;\n",
      'src/core/d.ts': "import type { A } from './a.js';\nexport type D = A;\n",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      'import circle of 3 files: src/core/a.ts → src/core/b.ts → src/core/c.ts: move what they share into one module below them',
    );
    expect(result.output).toContain('structure: 1 finding(s)');
  });
});
