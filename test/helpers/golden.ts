/**
 * Golden-file assertions for what users read (reports): the expected text lives in
 * test/golden/<name>.golden. A mismatch writes what was produced next to it as <name>.got (diff the
 * two to review) and fails; `UPDATE_GOLDEN=1 npx vitest run test/unit/report/golden.test.ts`
 * rewrites the golden files after a deliberate change.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

const dir = new URL('../golden/', import.meta.url);

/** Asserts `text` equals test/golden/<name>.golden (see the module comment). */
export function expectGolden(name: string, text: string): void {
  const golden = new URL(`${name}.golden`, dir);
  const got = new URL(`${name}.got`, dir);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    writeFileSync(golden, text);
    rmSync(got, { force: true });
    return;
  }
  const expected = existsSync(golden) ? readFileSync(golden, 'utf8') : null;
  if (expected === text) {
    rmSync(got, { force: true });
    return;
  }
  writeFileSync(got, text);
  expect(
    expected === null ? `(no ${name}.golden: run with UPDATE_GOLDEN=1)` : text,
    `${name}: output differs from test/golden/${name}.golden; see ${name}.got (UPDATE_GOLDEN=1 to accept)`,
  ).toBe(expected);
}
