import { cpSync, writeFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { fixture, join, runScript } from './run.js';

const consumer = inject('consumer');
const tsc = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname;
cpSync(fixture('ts'), join(consumer, 'ts'), { recursive: true });

describe.each([
  ['node16', 'node16'],
  ['nodenext', 'nodenext'],
  ['esnext', 'bundler'],
])('a TypeScript consumer with module %s, moduleResolution %s', (module, moduleResolution) => {
  it('type-checks against the tarball types, and a missing token is a type error', () => {
    const config = join(consumer, 'ts', `tsconfig.${moduleResolution}.json`);
    const files = moduleResolution === 'bundler' ? ['index.ts'] : ['index.ts', 'require.cts'];
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          module,
          moduleResolution,
          target: 'es2022',
          lib: ['es2022', 'dom'],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          // Only these: a body parser's types (which the repository's own tests load) must not be needed.
          types: ['node'],
          exactOptionalPropertyTypes: true,
        },
        files,
      }),
    );
    const { code, stdout } = runScript(process.execPath, [tsc, '-p', config], consumer);
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it('a Koa app calls the middleware itself with only @types/koa (no body parser types)', () => {
    const config = join(consumer, 'ts', `tsconfig.koa.${moduleResolution}.json`);
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          module,
          moduleResolution,
          target: 'es2022',
          lib: ['es2022', 'dom'],
          strict: true,
          noEmit: true,
          esModuleInterop: true,
          // @types/koa itself does not type-check against the content-disposition this repository
          // links in; the package's own types are checked by the test above.
          skipLibCheck: true,
          types: ['node'],
          exactOptionalPropertyTypes: true,
        },
        files: ['koa-app.ts'],
      }),
    );
    const { code, stdout } = runScript(process.execPath, [tsc, '-p', config], consumer);
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });
});
