// Writes schema/results-v1.schema.json from src/core/results/schema.ts (run after changing the schema).
import { writeFile } from 'node:fs/promises';
import { register } from 'tsx/esm/api';

register();
const { RESULTS_V1_SCHEMA } = await import('../src/core/results/schema.ts');
await writeFile(
  new URL('../schema/results-v1.schema.json', import.meta.url),
  `${JSON.stringify(RESULTS_V1_SCHEMA, null, 2)}\n`,
);
