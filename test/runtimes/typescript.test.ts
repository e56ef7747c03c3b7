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
});
