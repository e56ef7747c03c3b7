import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      express: 'src/adapters/express.ts',
      koa: 'src/adapters/koa.ts',
      fetch: 'src/adapters/fetch.ts',
      node: 'src/adapters/node.ts',
      testing: 'src/testing.ts',
    },
    // Shared chunks in both formats: one NotificationError class for every entry point, so `instanceof`
    // holds for errors an adapter passes to onError, in CommonJS too.
    splitting: true,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
  },
  // The command-line tool: ESM only, Node only, the package's code bundled in.
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
