import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/runtimes/**', 'node_modules/**'],
    // TypeScript 7's tsc, named by path: both compilers install a `tsc` bin (see docs/performance.md).
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], checker: 'node_modules/typescript7/bin/tsc' },
    testTimeout: 20_000,
    // Most test files wait on sockets, child processes and timers rather than compute: more files at a time
    // than cores (vitest's default is cores - 1, which is one here). And a worker keeps the modules it has
    // loaded from one file to the next instead of a fresh process per file: 110 s of CPU for the suite
    // instead of 158 s. A test file must therefore leave no state behind (timers restored, servers closed,
    // replay keys of its own). Measured in docs/performance.md ("The test run").
    maxWorkers: 2,
    isolate: false,
    globalSetup: ['test/global-setup.ts'],
  },
});
