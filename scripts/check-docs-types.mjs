// `npm test` type-checks every ```ts block of README.md and docs/*.md against the built package, so the
// docs cannot drift from the API. Each block is a module of its own; the names the blocks use without
// defining them (a request, a raw body, your database) are declared once in docs/snippets-prelude.d.ts.
// Imports of 'wmspanel-notifications' resolve to ./dist by the package's own exports (self-reference).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.tmp', 'docs-types');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const files = [];
for (const document of documents) {
  const text = readFileSync(join(root, document), 'utf8');
  const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)];
  blocks.forEach((match, index) => {
    const line = text.slice(0, match.index).split('\n').length;
    const name = `${document.replace(/[/.]/g, '_')}_${index + 1}.ts`;
    // `export {}` keeps each block a module, so that blocks do not see each other's names.
    writeFileSync(join(out, name), `// ${document}:${line}\n${match[1]}\nexport {};\n`);
    files.push(name);
  });
}
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      module: 'esnext',
      moduleResolution: 'bundler',
      target: 'es2022',
      lib: ['es2022', 'dom', 'dom.iterable'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: ['node', 'jest'],
      typeRoots: [join(root, 'node_modules', '@types')],
      // Deno imports npm packages as `npm:name`.
      paths: { 'npm:wmspanel-notifications/*': [join(root, 'dist', '*.d.ts')], 'npm:wmspanel-notifications': [join(root, 'dist', 'index.d.ts')] },
    },
    files: [join(root, 'docs', 'snippets-prelude.d.ts'), ...files],
  }),
);
try {
  // TypeScript 7: what `npm install typescript` gives readers today (the consumer test runs 5.9 as well).
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript7', 'bin', 'tsc'), '-p', join(out, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  console.log(`docs: ${files.length} TypeScript blocks of ${documents.length} documents type-check against the built package`);
} catch (error) {
  // Point at the document and line, not at the generated file.
  const report = String(error.stdout).replace(/^(\S+\.ts)\((\d+),(\d+)\)/gm, (whole, file, line) => {
    const source = readFileSync(join(out, file.split('/').pop()), 'utf8').split('\n')[0].slice(3);
    const [document, start] = source.split(':');
    return document === undefined || start === undefined ? whole : `${document}:${Number(start) + Number(line) - 2}`;
  });
  console.error(report);
  process.exitCode = 1;
}
