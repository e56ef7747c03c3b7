import { cpSync, writeFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { fixture, join, runScript } from './run.js';

const consumer = inject('consumer');
// TypeScript 5.9 and 7 (the Go port, what `npm install typescript` gives today), both as npm installs them.
const COMPILERS = [
  ['5.9', new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname],
  ['7', new URL('../../node_modules/typescript7/bin/tsc', import.meta.url).pathname],
] as const;
cpSync(fixture('ts'), join(consumer, 'ts'), { recursive: true });

describe.each(
  COMPILERS.flatMap(([version, tsc]) =>
    [
      ['node16', 'node16'],
      ['nodenext', 'nodenext'],
      ['esnext', 'bundler'],
    ].map(([module, moduleResolution]) => ({ version, tsc, module: module!, moduleResolution: moduleResolution! })),
  ),
)('a TypeScript $version consumer with module $module, moduleResolution $moduleResolution', ({ version, tsc, module, moduleResolution }) => {
  it('is the compiler it says', () => {
    expect(runScript(process.execPath, [tsc, '--version'], consumer).stdout).toMatch(new RegExp(`^Version ${version.replace('.', '\\.')}`));
  });

  /** Type-checks `files` in the consumer with these settings plus `extra`; its output (the errors). */
  function compile(name: string, files: string[], extra: Record<string, unknown>) {
    const config = join(consumer, 'ts', `tsconfig.${name}.${version}.${moduleResolution}.json`);
    const compilerOptions = { module, moduleResolution, target: 'es2022', lib: ['es2022', 'dom'], strict: true, noEmit: true, types: ['node'], exactOptionalPropertyTypes: true, ...extra };
    writeFileSync(config, JSON.stringify({ compilerOptions, files }));
    return runScript(process.execPath, [tsc, '-p', config], consumer);
  }

  // The package's own declaration files are checked too (skipLibCheck false) once per compiler, with
  // nodenext: that also checks every other declaration file the consumer loads (@types/node's, about 2 s of
  // a TypeScript 5.9 run's 2.5 s of checking), and a declaration file's errors do not depend on the mode
  // (how each mode resolves each entry point is what attw checks, in check:package).
  const libCheck = moduleResolution === 'nodenext';
  it(`type-checks against the tarball types${libCheck ? ' (its declaration files checked too)' : ''}, and a missing token is a type error`, () => {
    // Only node's types: a body parser's types (which the repository's own tests load) must not be needed.
    const { code, stdout } = compile('package', moduleResolution === 'bundler' ? ['index.ts'] : ['index.ts', 'require.cts'], { skipLibCheck: !libCheck });
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('a Koa app calls the middleware itself with only @types/koa (no body parser types)', () => {
    // @types/koa itself does not type-check against the content-disposition this repository links in; the
    // package's own types are checked by the test above.
    const { code, stdout } = compile('koa', ['koa-app.ts'], { esModuleInterop: true, skipLibCheck: true });
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });
});
