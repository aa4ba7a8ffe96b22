/**
 * `cni-perf-gate compare` as users run it, pinned as golden files: the README's MTU example (two
 * results files of one real paired lab run, test/fixtures/results/) in every text format, through
 * the CLI's own argument parsing, file reading and rendering; and the README's excerpt of it must be
 * what the command prints (`UPDATE_GOLDEN=1 npx vitest run golden` rewrites both).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { expectGolden, expectReadmeBlock } from '../../helpers/golden.js';
import { memoryIo } from '../../helpers/memory-io.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/results/', import.meta.url));

/** `cni-perf-gate compare mtu9000.json mtu1500.json …` run in the fixtures directory. */
async function compareMtu(...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(FIXTURES);
  const code = await main(['compare', 'mtu9000.json', 'mtu1500.json', ...flags], io);
  return { code, out: io.stdoutText(), err: io.stderrText() };
}

/** The PR comment's "What changed underneath" section: its heading up to the footnote under it. */
function underneathSection(markdown: string): string {
  const start = markdown.indexOf('#### What changed underneath\n');
  const end = markdown.indexOf('\n\n<sub>', start);
  expect(start, 'the markdown report has a "What changed underneath" section').toBeGreaterThanOrEqual(0);
  expect(end, 'the section ends with its <sub> footnote').toBeGreaterThan(start);
  return markdown.slice(start, end + 1);
}

describe('compare on the README example (golden files)', () => {
  for (const [format, ext] of [
    ['text', 'txt'],
    ['markdown', 'md'],
    ['json', 'json'],
  ] as const) {
    it(`--format ${format}: exits 1 (a regression) and prints test/golden/compare-mtu.${ext}.golden`, async () => {
      const { code, out, err } = await compareMtu('--format', format);
      expect(err).toBe('');
      expect(code).toBe(1);
      expectGolden(`compare-mtu.${ext}`, out);
    });
  }

  it("the README's excerpt is the markdown report's section", async () => {
    const { out } = await compareMtu('--format', 'markdown');
    expectReadmeBlock('compare-underneath-example', `\`\`\`markdown\n${underneathSection(out)}\`\`\`\n`);
  });
});
