import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files run in parallel: lab e2e tests name every namespace and rule with their own run id, so
    // they never collide, and no test asserts a figure that needs an idle machine (benchmarks do).
    fileParallelism: true,
    pool: 'forks',
  },
});
