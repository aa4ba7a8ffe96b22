/**
 * Golden-file assertions for what users read (reports): the expected text lives in
 * test/golden/<name>.golden. A mismatch writes what was produced next to it as <name>.got (diff the
 * two to review) and fails with a message naming both; `UPDATE_GOLDEN=1 npx vitest run golden`
 * rewrites every golden file (and the README excerpts, see {@link expectReadmeBlock}) after a
 * deliberate change. Inputs are fixed (creation times, tool versions), never scrubbed from outputs.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

const dir = new URL('../golden/', import.meta.url);
const readme = new URL('../../README.md', import.meta.url);

/** True when the run should rewrite golden files instead of comparing (`UPDATE_GOLDEN=1`). */
const updating = (): boolean => process.env['UPDATE_GOLDEN'] === '1';

/** Asserts `text` equals test/golden/<name>.golden (see the module comment). */
export function expectGolden(name: string, text: string): void {
  const golden = new URL(`${name}.golden`, dir);
  const got = new URL(`${name}.got`, dir);
  if (updating()) {
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
  expect.fail(
    expected === null
      ? `${name}: test/golden/${name}.golden does not exist; wrote test/golden/${name}.got (UPDATE_GOLDEN=1 creates it)`
      : `${name}: output differs from test/golden/${name}.golden; wrote test/golden/${name}.got (diff the two; UPDATE_GOLDEN=1 accepts)\n${firstDifference(expected, text)}`,
  );
}

/** Where two texts first differ, as two short lines (the golden's and the output's). */
function firstDifference(expected: string, got: string): string {
  const a = expected.split('\n');
  const b = got.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (line: string | undefined) =>
    line === undefined
      ? '(end of text)'
      : JSON.stringify(line.length > 160 ? `${line.slice(0, 160)}…` : line);
  return `  line ${i + 1}: golden ${show(a[i])}\n  line ${i + 1}: got    ${show(b[i])}`;
}

/** The README's text between `<!-- <marker>:start -->` and `<!-- <marker>:end -->` and where it sits. */
function readmeBlock(marker: string): { text: string; before: string; after: string } {
  const all = readFileSync(readme, 'utf8');
  const start = `<!-- ${marker}:start -->\n`;
  const end = `<!-- ${marker}:end -->`;
  const from = all.indexOf(start);
  const to = all.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`README.md has no ${start.trim()} … ${end} block`);
  return {
    text: all.slice(from + start.length, to),
    before: all.slice(0, from + start.length),
    after: all.slice(to),
  };
}

/**
 * Asserts that the README block between `<!-- <marker>:start -->` and `<!-- <marker>:end -->` is
 * `text` (the command's output the README quotes, regenerated from the same inputs). A mismatch
 * writes test/golden/README.<marker>.got; `UPDATE_GOLDEN=1` rewrites the block in README.md.
 */
export function expectReadmeBlock(marker: string, text: string): void {
  const block = readmeBlock(marker);
  const got = new URL(`README.${marker}.got`, dir);
  if (updating()) {
    if (block.text !== text) writeFileSync(readme, block.before + text + block.after);
    rmSync(got, { force: true });
    return;
  }
  if (block.text === text) {
    rmSync(got, { force: true });
    return;
  }
  writeFileSync(got, text);
  expect.fail(
    `README.md's ${marker} block differs from what the command prints now; wrote test/golden/README.${marker}.got (UPDATE_GOLDEN=1 rewrites the README block)\n${firstDifference(block.text, text)}`,
  );
}
