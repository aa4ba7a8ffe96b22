import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OverallVerdict } from '../../core/compare/types.js';
import { UserError } from '../../core/errors.js';
import { REPORT_FILE_NAME, REPORT_META_FILE_NAME } from './names.js';
import { writeTextFile } from '../inputs/files.js';

/** Identifies the metadata format of a report bundle. */
export const REPORT_BUNDLE_SCHEMA = 'cni-perf-gate-comment/1';

/** Longest comment body accepted from a bundle (GitHub's limit is 65536 characters). */
export const MAX_COMMENT_CHARS = 65_000;

/** What the pull_request workflow hands to the privileged commenting workflow. */
export interface ReportBundle {
  readonly key: string;
  readonly pullRequestNumber: number;
  readonly verdict: OverallVerdict | 'none';
  readonly markdown: string;
}

const VERDICTS = ['pass', 'regression', 'inconclusive', 'incomparable', 'none'];
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Writes a bundle into `dir` (markdown + metadata) and returns the file paths. */
export async function writeReportBundle(dir: string, bundle: ReportBundle): Promise<string[]> {
  const mdPath = join(dir, REPORT_FILE_NAME);
  const metaPath = join(dir, REPORT_META_FILE_NAME);
  await writeTextFile(mdPath, bundle.markdown);
  const meta = {
    schema: REPORT_BUNDLE_SCHEMA,
    key: bundle.key,
    pullRequestNumber: bundle.pullRequestNumber,
    verdict: bundle.verdict,
  };
  await writeTextFile(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  return [mdPath, metaPath];
}

/**
 * Reads and validates a bundle downloaded from another (untrusted) run. Every field is
 * checked; anything odd is a UserError naming the artifact.
 */
export async function readReportBundle(dir: string, artifactName: string): Promise<ReportBundle> {
  const bad = (why: string): UserError =>
    new UserError(
      `report artifact '${artifactName}' ${why}; it must be uploaded by this action's gate/compare mode with 'report-artifact'`,
    );
  let meta: Record<string, unknown>;
  let markdown: string;
  try {
    meta = JSON.parse(await readFile(join(dir, REPORT_META_FILE_NAME), 'utf8')) as Record<string, unknown>;
    markdown = await readFile(join(dir, REPORT_FILE_NAME), 'utf8');
  } catch {
    throw bad(`lacks a readable ${REPORT_META_FILE_NAME} and ${REPORT_FILE_NAME}`);
  }
  if (typeof meta !== 'object' || meta === null || meta['schema'] !== REPORT_BUNDLE_SCHEMA) {
    throw bad(`has no '${REPORT_BUNDLE_SCHEMA}' metadata`);
  }
  const key = meta['key'];
  const pr = meta['pullRequestNumber'];
  const verdict = meta['verdict'];
  if (typeof key !== 'string' || !KEY.test(key)) throw bad('has an invalid key');
  if (typeof pr !== 'number' || !Number.isInteger(pr) || pr < 1)
    throw bad('has an invalid pullRequestNumber');
  if (typeof verdict !== 'string' || !VERDICTS.includes(verdict)) throw bad('has an invalid verdict');
  if (markdown.length > MAX_COMMENT_CHARS)
    throw bad(`holds a report longer than ${MAX_COMMENT_CHARS} characters`);
  return { key, pullRequestNumber: pr, verdict: verdict as ReportBundle['verdict'], markdown };
}
