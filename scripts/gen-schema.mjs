// Writes the shipped JSON Schemas from their sources (run `npm run schema` after changing them):
// schema/results-v1.schema.json from src/core/results/schema.ts and
// schema/compare-report-v1.schema.json from src/core/report/compare-report-schema.ts.
import { writeFile } from 'node:fs/promises';
import { register } from 'tsx/esm/api';

register();
const { RESULTS_V1_SCHEMA } = await import('../src/core/results/schema.ts');
const { COMPARE_REPORT_V1_SCHEMA } = await import('../src/core/report/compare-report-schema.ts');
for (const [file, schema] of [
  ['results-v1.schema.json', RESULTS_V1_SCHEMA],
  ['compare-report-v1.schema.json', COMPARE_REPORT_V1_SCHEMA],
]) {
  await writeFile(new URL(`../schema/${file}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
}
