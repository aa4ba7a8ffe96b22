#!/usr/bin/env node
import { createRequire as __cpgCreateRequire } from 'node:module';
const require = __cpgCreateRequire(import.meta.url);

// src/cli/index.ts
console.log("cni-perf-gate");
