import { METRIC_IDS } from '../metrics.js';
import { UNDERNEATH_SCHEMA } from './underneath-schema.js';

/** Version of the JSON report `compare --format json` writes (`reportVersion`). */
export const COMPARE_REPORT_VERSION = 1;

const ratioOrNull = { type: ['number', 'null'], exclusiveMinimum: 0 } as const;
const intervalOrNull = {
  oneOf: [{ type: 'null' }, { type: 'array', minItems: 2, maxItems: 2, items: { type: ['number', 'null'] } }],
} as const;
const verdictCounts = {
  type: 'object',
  additionalProperties: false,
  required: ['regression', 'improvement', 'inconclusive', 'unchanged'],
  properties: Object.fromEntries(
    ['regression', 'improvement', 'inconclusive', 'unchanged'].map((v) => [
      v,
      { type: 'integer', minimum: 0 },
    ]),
  ),
} as const;
const side = {
  type: 'object',
  required: ['n', 'median'],
  properties: { n: { type: 'integer', minimum: 0 }, median: { type: ['number', 'null'] } },
} as const;
const interferenceSide = {
  type: 'object',
  required: ['samples', 'disturbed', 'discarded', 'maxForeignCpuPercent', 'maxStealPercent'],
  properties: {
    samples: { type: 'integer', minimum: 0 },
    disturbed: { type: 'integer', minimum: 0 },
    discarded: { type: 'integer', minimum: 0 },
    maxForeignCpuPercent: { type: ['number', 'null'] },
    maxStealPercent: { type: ['number', 'null'] },
    disturbedScenarios: { type: 'array', items: { type: 'string' } },
  },
} as const;

/**
 * The JSON Schema (draft-07) of the comparison report, version 1. Objects may gain properties in
 * later versions of this tool (additive); the ones listed are always there with these meanings.
 * `schema/compare-report-v1.schema.json` ships the same document; a test keeps the two identical.
 */
export const COMPARE_REPORT_V1_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:cni-perf-gate:compare-report:v1',
  title: 'cni-perf-gate comparison report, version 1',
  type: 'object',
  required: [
    'reportVersion',
    'verdict',
    'reason',
    'comparisons',
    'control',
    'interference',
    'unmatched',
    'environment',
    'warnings',
    'counts',
    'countsByRole',
  ],
  properties: {
    reportVersion: { const: COMPARE_REPORT_VERSION },
    verdict: {
      enum: ['pass', 'regression', 'inconclusive', 'incomparable'],
      description:
        'pass: every headline metric tested and a material regression excluded; regression: a headline metric regressed; inconclusive: neither; incomparable: strict environment mismatch',
    },
    reason: {
      type: 'string',
      minLength: 1,
      description: 'why, in one sentence (the first line of the text report)',
    },
    base: { type: 'object', properties: { label: { type: 'string' }, createdAt: { type: 'string' } } },
    head: { type: 'object', properties: { label: { type: 'string' }, createdAt: { type: 'string' } } },
    method: {
      type: 'object',
      properties: {
        paired: { type: 'boolean' },
        alpha: { type: 'number' },
        confidence: { type: 'number', description: 'two-sided level of every `ci`' },
        boundConfidence: { type: 'number', description: 'one-sided level of every `bound`' },
      },
    },
    comparisons: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'scenario',
          'metric',
          'unit',
          'better',
          'role',
          'gate',
          'tested',
          'verdict',
          'ratio',
          'ci',
          'bound',
          'p',
          'pAdjusted',
          'thresholdPct',
          'minDetectableEffectPct',
          'base',
          'head',
          'reason',
        ],
        properties: {
          scenario: { type: 'string', pattern: '^[a-z-]+/[a-z-]+$' },
          metric: { enum: [...METRIC_IDS] },
          unit: { type: 'string' },
          better: { enum: ['higher', 'lower'] },
          role: {
            enum: ['headline', 'informational'],
            description: 'headline metrics decide the verdict; informational ones are reported only',
          },
          gate: {
            enum: ['regression', 'cleared', 'open', null],
            description:
              'headline only (null for informational): a material regression shown, excluded, or neither',
          },
          tested: { type: 'boolean', description: 'enough samples (pairs) on each side to test' },
          verdict: { enum: ['regression', 'improvement', 'unchanged', 'inconclusive'] },
          ratio: { ...ratioOrNull, description: 'head/base (paired: exp of the median per-pair log ratio)' },
          ci: intervalOrNull,
          bound: {
            ...ratioOrNull,
            description: 'the worse-side one-sided bound of the ratio at method.boundConfidence',
          },
          p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
          pAdjusted: { type: ['number', 'null'], minimum: 0, maximum: 1 },
          thresholdPct: { type: 'number', minimum: 0 },
          minDetectableEffectPct: { type: ['number', 'null'] },
          base: side,
          head: side,
          reason: { type: 'string' },
        },
      },
    },
    control: {
      type: 'object',
      required: ['presence', 'tolerancePct', 'moved', 'normalized', 'summary', 'shifts'],
      properties: {
        presence: { enum: ['both', 'base-missing', 'head-missing', 'none'] },
        tolerancePct: { type: 'number' },
        moved: { type: 'boolean', description: 'the host path moved beyond tolerance: the runner changed' },
        normalized: { type: 'boolean', description: 'pod metrics were judged relative to the control' },
        summary: { type: ['string', 'null'] },
        shifts: {
          type: 'array',
          items: {
            type: 'object',
            required: ['scenario', 'metric', 'ratio', 'ci', 'moved'],
            properties: {
              scenario: { type: 'string' },
              metric: { enum: [...METRIC_IDS] },
              ratio: ratioOrNull,
              ci: intervalOrNull,
              moved: { type: 'boolean' },
            },
          },
        },
      },
    },
    interference: {
      type: 'object',
      required: ['disturbed', 'summary', 'base', 'head'],
      properties: {
        disturbed: { type: 'boolean' },
        summary: { type: ['string', 'null'] },
        base: interferenceSide,
        head: interferenceSide,
      },
    },
    unmatched: {
      type: 'array',
      items: {
        type: 'object',
        required: ['scenario', 'metric', 'side', 'headline'],
        properties: {
          scenario: { type: 'string' },
          metric: { type: 'string' },
          side: { enum: ['base', 'head'], description: 'the side that has it' },
          headline: { type: 'boolean', description: 'a missing headline metric keeps the verdict from pass' },
          skipped: { type: 'string', description: "the other side's recorded skip reason" },
          unavailable: {
            type: 'string',
            description: "why the other side's samples lack the metric, when it recorded a reason",
          },
        },
      },
    },
    environment: {
      type: 'object',
      required: ['match', 'differences'],
      properties: {
        match: { type: 'boolean' },
        differences: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'base', 'head'],
            properties: { field: { type: 'string' }, base: { type: 'string' }, head: { type: 'string' } },
          },
        },
      },
    },
    warnings: { type: 'array', items: { type: 'string' } },
    counts: { ...verdictCounts, description: 'verdicts of the headline metrics (= countsByRole.headline)' },
    countsByRole: {
      type: 'object',
      required: ['headline', 'informational'],
      properties: { headline: verdictCounts, informational: verdictCounts },
    },
    underneath: UNDERNEATH_SCHEMA,
  },
} as const;
