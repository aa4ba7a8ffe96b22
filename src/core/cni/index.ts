/** Pure CNI helpers: conflist parsing/validation, per-node IPAM, results and errors. */
export * from './types.js';
export * from './conflist.js';
export * from './node-ipam.js';
export * from './result.js';
