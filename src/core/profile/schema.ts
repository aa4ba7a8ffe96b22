/** JSON Schema of `samples[].profile` (a {@link SampleProfile}): additive to results version 1. */
export const SAMPLE_PROFILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description:
    'run --profile: the CPU profile of this kept sample (system-wide perf cpu-clock). Never gating.',
  required: ['work', 'cpuNs', 'kernelTotalNs', 'kernelNs'],
  properties: {
    work: {
      type: 'number',
      exclusiveMinimum: 0,
      description: "the sample's work in the scenario profile's workUnit",
    },
    cpuNs: { type: 'number', minimum: 0, description: 'CPU nanoseconds sampled, all CPUs and processes' },
    kernelTotalNs: { type: 'number', minimum: 0, description: 'of which in the kernel (leaf frame)' },
    kernelNs: {
      type: 'object',
      description: 'inclusive kernel CPU nanoseconds per kernel function (the 300 largest)',
      additionalProperties: { type: 'number', minimum: 0 },
    },
  },
} as const;

/** JSON Schema of `scenarios[].profile` (a {@link ScenarioProfile}): additive to results version 1. */
export const SCENARIO_PROFILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description:
    "run --profile: folded stacks of the scenario's kept samples, summed (root-first frames joined by ';', kernel frames suffixed _[k]) → CPU nanoseconds",
  required: ['recorder', 'workUnit', 'folded', 'prunedBelow', 'totalNs', 'work', 'samples'],
  properties: {
    recorder: { type: 'string', minLength: 1 },
    workUnit: { type: 'string', minLength: 1 },
    folded: { type: 'object', additionalProperties: { type: 'number', minimum: 0 } },
    prunedBelow: { type: 'number', minimum: 0, maximum: 1 },
    totalNs: { type: 'number', minimum: 0 },
    work: { type: 'number', minimum: 0 },
    samples: { type: 'integer', minimum: 0 },
  },
} as const;
