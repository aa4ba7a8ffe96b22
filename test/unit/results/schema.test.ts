import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { RESULTS_V1_SCHEMA } from '../../../src/core/results/schema.js';
import { METRIC_IDS } from '../../../src/core/metrics.js';

describe('results v1 schema', () => {
  it('ships schema/results-v1.schema.json identical to the schema the code validates with', async () => {
    const shipped: unknown = JSON.parse(
      await readFile(new URL('../../../schema/results-v1.schema.json', import.meta.url), 'utf8'),
    );
    // If this fails: regenerate the JSON file from src/core/results/schema.ts (JSON.stringify, 2 spaces).
    expect(shipped).toEqual(JSON.parse(JSON.stringify(RESULTS_V1_SCHEMA)));
  });

  it('lists every catalogue metric id and nothing else under sample metrics', () => {
    const metrics =
      RESULTS_V1_SCHEMA.properties.scenarios.items.properties.samples.items.properties.metrics.properties;
    expect(Object.keys(metrics)).toEqual([...METRIC_IDS]);
  });
});
