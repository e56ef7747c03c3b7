import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    express: 'src/adapters/express.ts',
    koa: 'src/adapters/koa.ts',
    fetch: 'src/adapters/fetch.ts',
    node: 'src/adapters/node.ts',
  },
  // Shared chunks in both formats: one NotificationError class for every entry point, so `instanceof`
  // holds for errors an adapter passes to onError, in CommonJS too.
  splitting: true,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
});
