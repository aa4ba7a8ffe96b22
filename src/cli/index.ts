#!/usr/bin/env node
/** CLI entry point (placeholder until the commands land). */
console.log('cni-perf-gate');
