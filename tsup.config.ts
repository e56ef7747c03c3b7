import { resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';

/** The one module the adapters, the Redis store and the test helpers take from the package root. */
const ERRORS_MODULE = resolve('src/lib/errors.ts');

const shared: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  splitting: false,
};

// Tree-shaking: an application's bundler keeps only what it reaches in these files, since package.json says
// `sideEffects: false` and no module runs code at its top level (test/size.test.ts checks it; a top-level
// `new`, call or loop is marked /* @__PURE__ */ or built lazily). Bundling them ships what bundling src/
// would, within a few bytes: bench/size.mjs measures it, and docs/performance.md ("Size") reports it.
/** The adapters and test helpers: bundled on their own (below), declared with the root. */
const SUBPATH_ENTRIES = {
  express: 'src/adapters/express.ts',
  koa: 'src/adapters/koa.ts',
  fetch: 'src/adapters/fetch.ts',
  node: 'src/adapters/node.ts',
  fastify: 'src/adapters/fastify.ts',
  redis: 'src/redis/index.ts',
  testing: 'src/testing.ts',
};

export default defineConfig([
  // The package root: one self-contained file. Importing it reads one module, not a graph of shared
  // chunks (the chunks cost about 2 ms more at cold start, measured by `npm run bench`).
  // Every entry point's declarations are built here, in one pass (two passes, one per build, took twice the
  // CPU; the declarations a consumer sees are the same: docs/performance.md, "The test run").
  { ...shared, entry: { index: 'src/index.ts' }, dts: { entry: { index: 'src/index.ts', ...SUBPATH_ENTRIES } } },
  // Adapters and test helpers: self-contained too, except the error class, which they import from the
  // package root, so `error instanceof NotificationError` holds whichever entry point threw it.
  {
    ...shared,
    dts: false,
    entry: SUBPATH_ENTRIES,
    esbuildPlugins: [
      {
        name: 'errors-from-package-root',
        setup(build) {
          // Only an import that resolves to src/lib/errors.ts, whatever its relative spelling.
          build.onResolve({ filter: /errors\.js$/ }, (args) =>
            resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts') === ERRORS_MODULE
              ? { path: 'wmspanel-notifications', external: true }
              : undefined,
          );
        },
      },
    ],
  },
  // The command-line tool: ESM only, Node only, everything bundled in.
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
