import { createRequire as __cpgCreateRequire } from 'node:module';
const require = __cpgCreateRequire(import.meta.url);
