import { HOST_SCOPE } from './types.js';

const counterMap = {
  type: 'object',
  propertyNames: { pattern: '^[A-Za-z][A-Za-z0-9]*\\.[A-Za-z0-9_]+$' },
  additionalProperties: { type: 'number', exclusiveMinimum: 0 },
} as const;

/** JSON Schema of `samples[].counters` inside diagnostics (a SampleCounters). */
const SAMPLE_COUNTERS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description:
    "kernel counters over this sample: increases per scope (zeros left out) and the sample's work, which compare divides them by",
  required: ['workUnit', 'work', 'readCostMs', 'scopes'],
  properties: {
    workUnit: {
      type: 'string',
      minLength: 1,
      description: "what work is measured in: 'GB' moved (iperf3 tests), '1k requests', '1k connections'",
    },
    work: { type: 'number', exclusiveMinimum: 0, description: "the sample's work in workUnit" },
    readCostMs: {
      type: 'number',
      minimum: 0,
      description: 'wall time of the two counter readings around the sample, milliseconds',
    },
    scopes: {
      type: 'object',
      description: `scope → counter → increase during the sample. Scopes: one per network namespace the traffic crosses (node-0, node-1, client and server pods) with counters of /proc/net/snmp and /proc/net/netstat keyed <Prefix>.<Name> (Ip.InReceives, TcpExt.TCPTimeouts) and of /proc/net/stat/nf_conntrack as conntrack.<column>; '${HOST_SCOPE}': the machine's /proc/net/softnet_stat (softnet.processed, .dropped, .time_squeeze …) and /proc/softirqs (softirqs.NET_RX, softirqs.NET_TX), not per namespace`,
      propertyNames: { pattern: '^[a-z][a-z0-9-]*$' },
      additionalProperties: counterMap,
    },
  },
} as const;

/**
 * JSON Schema of `samples[].diagnostics` (a SampleDiagnostics): additive to results version 1,
 * never gating. Today it holds `counters`; other kinds of diagnostics may be added beside it.
 */
export const SAMPLE_DIAGNOSTICS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description:
    'what the kernel did during this sample, to explain a change (compare: "What changed underneath"); never gating',
  properties: { counters: SAMPLE_COUNTERS_SCHEMA },
} as const;
