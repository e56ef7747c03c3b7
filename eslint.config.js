import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Runtime fixtures run in Bun, Deno, workerd and Chromium, and are checked there.
  { ignores: ['dist/**', 'docs/api/**', 'node_modules/**', 'coverage/**', '.tmp/**', 'test/runtimes/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      // noUncheckedIndexedAccess makes typed-array reads `number | undefined`; the hot paths assert instead.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli.ts', 'src/cli/**'],
    rules: {
      // The core and the adapters run unchanged on Node, Bun, Deno, workers and browsers.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'src/ must not import node:* modules at run time', allowTypeImports: true }] },
      ],
      'no-console': 'error',
    },
  },
  {
    // The shared layer knows no kind: the kinds are values handed to it (docs/architecture.md). Type imports
    // count too, so that a kind's type cannot creep back in either.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'src/ must not import node:* modules at run time', allowTypeImports: true },
            { group: ['**/kinds', '**/kinds/**'], message: 'src/lib/ must not import src/kinds/: a kind is handed to the shared layer as a value' },
          ],
        },
      ],
    },
  },
  {
    // On Node 20 and 22, URL.canParse answers false for non-ASCII text once V8 optimises it (src/lib/parse-url.ts).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'URL', property: 'canParse', message: 'use parseUrl (src/lib/parse-url.ts): URL.canParse refuses non-ASCII text once optimised on Node 20 and 22' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', performance: 'readonly', Response: 'readonly', Request: 'readonly' } },
  },
);
