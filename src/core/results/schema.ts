import { SAMPLE_DIAGNOSTICS_SCHEMA } from '../diagnostics/schema.js';
import { METRIC_IDS } from '../metrics.js';
import { SAMPLE_PROFILE_SCHEMA, SCENARIO_PROFILE_SCHEMA } from '../profile/schema.js';
import { TEST_IDS, TOPOLOGY_IDS } from '../scenarios.js';

const SHA256 = '^sha256:[0-9a-f]{64}$';

const metricProperties = Object.fromEntries(METRIC_IDS.map((id) => [id, { type: 'number', minimum: 0 }]));

/** One sample (also the shape of a discarded one, which adds `discardReason`). */
const sampleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['metrics', 'startedAt', 'durationS'],
  properties: {
    metrics: {
      type: 'object',
      additionalProperties: false,
      properties: metricProperties,
    },
    startedAt: { type: 'string', format: 'date-time' },
    durationS: { type: 'number', minimum: 0 },
    notes: {
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
    disturbed: { type: 'string', minLength: 1 },
    sharedLoad: { type: 'string', minLength: 1 },
    profile: SAMPLE_PROFILE_SCHEMA,
    diagnostics: SAMPLE_DIAGNOSTICS_SCHEMA,
  },
} as const;

/**
 * The JSON Schema (draft-07) of results files, schema version 1.
 * `schema/results-v1.schema.json` ships the same document to users; a test keeps the two identical.
 * Semantic rules the schema cannot say (scenario id = `<topology>/<test>`, unique ids) live in parse.ts.
 */
export const RESULTS_V1_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:cni-perf-gate:results:v1',
  title: 'cni-perf-gate results, schema version 1',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tool', 'createdAt', 'subject', 'environment', 'suite', 'scenarios'],
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: {
        name: { const: 'cni-perf-gate' },
        version: { type: 'string', minLength: 1 },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    subject: {
      type: 'object',
      required: ['platform', 'datapath', 'cni', 'configHash'],
      properties: {
        platform: { enum: ['lab', 'kubernetes'] },
        datapath: { type: 'string', minLength: 1 },
        cni: { type: 'object' },
        kubeProxy: { type: 'string', minLength: 1 },
        bpf: { type: 'object', additionalProperties: { type: 'string', pattern: SHA256 } },
        configHash: { type: 'string', pattern: SHA256 },
      },
    },
    environment: {
      type: 'object',
      required: ['kernel', 'cpuModel', 'cpus', 'mtu', 'tools', 'kubernetes', 'fingerprint'],
      properties: {
        kernel: { type: 'string' },
        cpuModel: { type: 'string' },
        cpus: { type: 'integer', minimum: 1 },
        mtu: { type: 'integer', minimum: 68 },
        tools: { type: 'object', additionalProperties: { type: 'string' } },
        kubernetes: {
          type: ['object', 'null'],
          required: ['version', 'nodeImage', 'nodes', 'kubeProxyMode', 'cni'],
          properties: {
            version: { type: 'string' },
            nodeImage: { type: ['string', 'null'] },
            nodes: { type: 'integer', minimum: 1 },
            kubeProxyMode: { type: ['string', 'null'] },
            architecture: { type: 'string' },
            cni: {
              type: 'object',
              required: ['name', 'version'],
              properties: {
                name: { type: 'string' },
                version: { type: ['string', 'null'] },
              },
            },
          },
        },
        fingerprint: { type: 'string', pattern: SHA256 },
      },
    },
    suite: { type: 'object' },
    scenarios: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'topology', 'test', 'samples'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9-]+/[a-z0-9-]+$' },
          topology: { enum: [...TOPOLOGY_IDS] },
          test: { enum: [...TEST_IDS] },
          skipped: { type: 'string' },
          sampling: {
            type: 'object',
            additionalProperties: false,
            required: ['n', 'looks', 'stopReason'],
            properties: {
              n: { type: 'integer', minimum: 0 },
              looks: { type: 'array', items: { type: 'integer', minimum: 1 } },
              stopReason: {
                enum: [
                  'settled',
                  'no-material-regression',
                  'futile',
                  'regression',
                  'max-repetitions',
                  'time-budget',
                ],
              },
            },
          },
          samples: { type: 'array', items: sampleSchema },
          unavailable: {
            type: 'object',
            description: 'metric id → why some or all samples of the scenario lack it',
            propertyNames: { enum: [...METRIC_IDS] },
            additionalProperties: { type: 'string', minLength: 1 },
          },
          countersUnavailable: {
            type: 'string',
            minLength: 1,
            description:
              "why the scenario's samples have no kernel counters although its test has a unit of work (the platform cannot read them there)",
          },
          profile: SCENARIO_PROFILE_SCHEMA,
          discarded: {
            type: 'array',
            items: {
              ...sampleSchema,
              required: [...sampleSchema.required, 'discardReason'],
              properties: { ...sampleSchema.properties, discardReason: { type: 'string', minLength: 1 } },
            },
          },
        },
      },
    },
    pairing: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'order', 'role', 'warmupPairs'],
      properties: {
        id: { type: 'string', minLength: 1 },
        order: { const: 'ABBA' },
        role: { enum: ['base', 'head'] },
        warmupPairs: { type: 'integer', minimum: 0 },
      },
    },
    source: {
      type: 'object',
      additionalProperties: false,
      properties: {
        commit: { type: 'string', pattern: '^[0-9a-f]{7,64}$' },
        ref: { type: 'string', minLength: 1 },
        repository: { type: 'string', minLength: 1 },
        runUrl: { type: 'string', pattern: '^https?://' },
      },
    },
    sampling: {
      type: 'object',
      additionalProperties: false,
      required: ['mode', 'alpha', 'alphaPerLook', 'looks', 'maxRepetitions', 'timeBudgetS'],
      properties: {
        mode: { const: 'adaptive' },
        alpha: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        alphaPerLook: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
        alphaPerScenarioLook: {
          type: 'number',
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          description:
            "the α one scenario's look is judged at (alphaPerLook / scenarios), each scenario its own Holm family; compare judges the files so",
        },
        looks: { type: 'array', items: { type: 'integer', minimum: 1 } },
        maxRepetitions: { type: 'integer', minimum: 1 },
        timeBudgetS: { type: 'number', minimum: 0 },
      },
    },
  },
} as const;
