import { defineConfig } from 'vitest/config';

// The slow suite: the packed tarball installed into throwaway consumer projects, run on Node 20/22/24,
// Bun, Deno, workerd and headless Chromium. `npm test` runs it after the fast suite and the build.
export default defineConfig({
  test: {
    include: ['test/runtimes/**/*.test.ts'],
    globalSetup: ['test/runtimes/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
