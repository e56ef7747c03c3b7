import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/runtimes/**', 'node_modules/**'],
    // TypeScript 7's tsc, named by path: both compilers install a `tsc` bin (see docs/performance.md).
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], checker: 'node_modules/typescript7/bin/tsc' },
    testTimeout: 20_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
