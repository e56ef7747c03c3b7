import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/runtimes/**', 'node_modules/**'],
    // TypeScript 7's tsc, named by path: both compilers install a `tsc` bin (see docs/performance.md).
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], checker: 'node_modules/typescript7/bin/tsc' },
    testTimeout: 20_000,
    // Most test files wait on sockets, child processes and timers rather than compute: more files at a time
    // than cores (vitest's default is cores - 1, which is one here). Measured in docs/performance.md.
    maxWorkers: 3,
    globalSetup: ['test/global-setup.ts'],
  },
});
