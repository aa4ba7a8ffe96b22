import { METRIC_IDS } from '../metrics.js';

const nullableNumber = { type: ['number', 'null'] } as const;
const counterSide = {
  type: 'object',
  required: ['n', 'median', 'perSample'],
  properties: {
    n: { type: 'integer', minimum: 0, description: 'samples with counters (pairs when paired)' },
    median: { ...nullableNumber, description: 'median count per unit of work' },
    perSample: { ...nullableNumber, description: 'mean count per sample' },
  },
} as const;

/** JSON Schema of the comparison report's `underneath` section (additive to report version 1). */
export const UNDERNEATH_SCHEMA = {
  type: 'object',
  description:
    'What changed underneath the headline scenarios that regressed, improved or could not be cleared: kernel counters per unit of work, base vs head, with the statistics of the metrics, Holm-corrected within this family (one family per direction). Present when either results file has counters; never gating.',
  required: ['alpha', 'materialPct', 'familySize', 'scenarios'],
  properties: {
    alpha: { type: 'number', description: 'family-wise level of the Holm correction' },
    materialPct: { type: 'number', description: 'smallest change (percent) for a counter to be named' },
    familySize: { type: 'integer', minimum: 0, description: 'counters tested per direction' },
    scenarios: {
      type: 'array',
      items: {
        type: 'object',
        required: ['scenario', 'verdict', 'metrics', 'workUnit', 'paired', 'negligible', 'note', 'counters'],
        properties: {
          scenario: { type: 'string', pattern: '^[a-z-]+/[a-z-]+$' },
          verdict: {
            enum: ['regression', 'improvement', 'inconclusive'],
            description: 'a headline metric regressed; else improved; else could not be cleared (gate open)',
          },
          metrics: {
            type: 'array',
            items: { enum: [...METRIC_IDS] },
            description: 'headline metrics with that verdict',
          },
          workUnit: {
            type: ['string', 'null'],
            description: "what counters are divided by: 'GB', '1k requests', '1k connections'",
          },
          paired: { type: 'boolean' },
          negligible: {
            type: 'integer',
            minimum: 0,
            description: 'counters under one count per sample on both sides, not tested',
          },
          note: { type: ['string', 'null'], description: 'why no counter is named, when so' },
          counters: {
            type: 'array',
            description: 'every counter tested, the named (moved) ones first, largest change first',
            items: {
              type: 'object',
              required: [
                'scope',
                'counter',
                'label',
                'moved',
                'ratio',
                'ci',
                'p',
                'pAdjusted',
                'paired',
                'base',
                'head',
              ],
              properties: {
                scope: {
                  type: 'string',
                  description: "network namespace (node-0, client, server …) or 'host' (machine-wide)",
                },
                counter: {
                  type: 'string',
                  description: 'kernel name, e.g. IpExt.InNoECTPkts, softnet.time_squeeze',
                },
                label: { type: 'string' },
                moved: {
                  type: 'boolean',
                  description: 'significant after Holm and changed by at least materialPct',
                },
                ratio: {
                  type: ['number', 'null'],
                  minimum: 0,
                  description: 'head/base per unit of work; null when base is 0',
                },
                ci: {
                  oneOf: [
                    { type: 'null' },
                    { type: 'array', minItems: 2, maxItems: 2, items: { type: ['number', 'null'] } },
                  ],
                },
                p: {
                  type: ['number', 'null'],
                  minimum: 0,
                  maximum: 1,
                  description: 'one-sided, in the direction moved',
                },
                pAdjusted: { type: ['number', 'null'], minimum: 0, maximum: 1 },
                paired: { type: 'boolean' },
                base: counterSide,
                head: counterSide,
              },
            },
          },
        },
      },
    },
  },
} as const;
