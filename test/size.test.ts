// Tree-shaking guards, bundled from src/ (never a stale dist/): that no module runs code at its top level
// (a bundler must keep such code in every application that imports anything of the package), that an
// endpoint made of `createReceiver` and `serverStatusKind` carries no other kind, and that `verifyDigest`
// alone stays within its goal. bench/size.mjs measures the built package, every goal included.
import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

const NAME = 'wmspanel-notifications';
const src = new URL('../src/', import.meta.url).pathname;
/** The package's entry points (package.json "exports") and their sources (tsup.config.ts). */
const SOURCES: Record<string, string> = {
  '': 'index.ts',
  '/express': 'adapters/express.ts',
  '/koa': 'adapters/koa.ts',
  '/fastify': 'adapters/fastify.ts',
  '/node': 'adapters/node.ts',
  '/fetch': 'adapters/fetch.ts',
  '/redis': 'redis/index.ts',
  '/testing': 'testing.ts',
};
const LEAN: [entry: string, lean: string, flat: string][] = [
  ['/express', 'expressMiddleware', 'createExpressMiddleware'],
  ['/koa', 'koaMiddleware', 'createKoaMiddleware'],
  ['/fastify', 'fastifyPlugin', 'wmspanelPlugin'],
  ['/node', 'nodeHandler', 'createNodeHandler'],
  ['/fetch', 'fetchHandler', 'createFetchHandler'],
];
// Every kind's tag: its folder's name under src/kinds/ (read from the folders: a kind added is counted).
const TAGS = readdirSync(new URL('../src/kinds/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** `wmspanel-notifications[/entry]` resolved to its source, as "exports" resolves it to dist/. */
const fromSources: Plugin = {
  name: 'package-from-sources',
  setup(b) {
    b.onResolve({ filter: /^wmspanel-notifications(\/[a-z]+)?$/ }, (args) => ({ path: `${src}${SOURCES[args.path.slice(NAME.length)]}` }));
  },
};

/**
 * Every module taken as one with side effects (package.json says none has any), so that what is left of
 * an entry imported for nothing is its modules' top-level code that a bundler cannot drop.
 */
const noModuleDropped: Plugin = {
  name: 'no-module-dropped',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if ((args.pluginData as { again?: boolean } | undefined)?.again) return undefined;
      const { path, external, namespace, errors } = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { again: true },
      });
      return { path, external, namespace, errors, sideEffects: true };
    });
  },
};

/** `code` bundled with the package from its sources: minified ESM for any platform, as an application ships it. */
async function bundle(code: string, plugins: Plugin[] = [fromSources]): Promise<string> {
  const result = await build({
    stdin: { contents: code, resolveDir: src, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    plugins,
  });
  return result.outputFiles[0]!.text;
}

const kindsIn = (code: string): string[] => TAGS.filter((tag) => code.includes(`kind:"${tag}"`));

describe('tree-shaking', () => {
  it.each(Object.keys(SOURCES).map((entry) => [`${NAME}${entry}`, entry]))('%s: no module of it runs code at its top level', async (_, entry) => {
    const kept = await bundle(`import '${NAME}${entry}';`, [fromSources, noModuleDropped]);
    // What is left is what every application would ship: a table built by a loop, a `new` or a call that
    // is not marked /* @__PURE__ */, a product of constants. Write it out, mark it pure or build it lazily.
    expect(kept.trim()).toBe('');
  });

  it.each(LEAN)('%s: createReceiver + serverStatusKind + %s carries server status alone', async (entry, lean, flat) => {
    const alone = await bundle(
      `import { createReceiver, serverStatusKind } from '${NAME}'; import { ${lean} } from '${NAME}${entry}'; console.log(createReceiver, serverStatusKind, ${lean});`,
    );
    expect(kindsIn(alone)).toEqual(['server-status']);
    // The flat form composes every kind: the check above can see one.
    const every = await bundle(`import { ${flat} } from '${NAME}${entry}'; console.log(${flat});`);
    expect(kindsIn(every)).toEqual(TAGS);
  });

  it('verifyDigest alone is at most 2.1 KB min+gz (the goal bench/size.mjs checks on the built package)', async () => {
    const code = await bundle(`import { verifyDigest } from '${NAME}'; console.log(verifyDigest);`);
    expect(kindsIn(code)).toEqual([]);
    expect(gzipSync(code, { level: 9 }).byteLength).toBeLessThanOrEqual(2100);
  });
});
