// What an application ships: a tiny entry file that imports one thing from the BUILT package, by its name
// (resolved through package.json "exports", as a user's bundler resolves it), bundled by esbuild (ESM,
// minified, platform neutral) and gzipped at level 9; and the package's installed size from `npm pack`.
//
//   node bench/size.mjs            every figure, with its goal; exits 1 when a goal is exceeded or a
//                                  server-status-only bundle carries another kind
//   node bench/size.mjs --json     the same as JSON lines
//   WMSPANEL_DIST=/path/dist       measure another build (its parent folder must hold its package.json)
//
// `npm run bench` (bench/run.mjs) prints the same figures and fails the same way; test/size.test.ts checks,
// from src/, that no module runs code at its top level (what a bundler could not drop).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const NAME = 'wmspanel-notifications';
/** The package folder measured: this repository, or the parent of `WMSPANEL_DIST`. */
const packageDir = process.env.WMSPANEL_DIST ? dirname(resolve(process.env.WMSPANEL_DIST)) : root;

export const ADAPTERS = [
  ['express', 'createExpressMiddleware', 'expressMiddleware'],
  ['koa', 'createKoaMiddleware', 'koaMiddleware'],
  ['fastify', 'wmspanelPlugin', 'fastifyPlugin'],
  ['node', 'createNodeHandler', 'nodeHandler'],
  ['fetch', 'createFetchHandler', 'fetchHandler'],
];

/** An entry file importing `names` from `from` and using them, as an application would. */
const uses = (imports) => {
  const lines = imports.map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`);
  return `${lines.join('\n')}\nconsole.log(${imports.flatMap(([, names]) => names).join(', ')});\n`;
};

/**
 * What is measured. `goal`: the most min+gz bytes it may ship (KB = 1,000 bytes). `only`: the one kind it
 * may carry; the bundle must then hold none of the others' tags or callbacks.
 */
export const SUBJECTS = [
  { name: 'verifyDigest alone', code: uses([[NAME, ['verifyDigest']]]), goal: 2100 },
  { name: 'verifyNotification alone', code: uses([[NAME, ['verifyNotification']]]) },
  ...ADAPTERS.map(([adapter, flat]) => ({ name: `${adapter}, every kind (${flat})`, code: uses([[`${NAME}/${adapter}`, [flat]]]) })),
  ...ADAPTERS.map(([adapter, , lean]) => ({
    name: `${adapter}, server status alone (${lean})`,
    code: uses([
      [NAME, ['createReceiver', 'serverStatusKind']],
      [`${NAME}/${adapter}`, [lean]],
    ]),
    goal: 9500,
    only: 'server-status',
  })),
  // Whole entry points (`import * as`), for the record: what a bundler that cannot tree-shake would ship.
  ...['', '/express', '/koa', '/fastify', '/node', '/fetch', '/redis', '/testing'].map((entry) => ({
    name: `${NAME}${entry}, whole`,
    code: `import * as entry from '${NAME}${entry}';\nconsole.log(entry);\n`,
    whole: true,
  })),
];

/**
 * What gives a kind away in a bundle: its tag (its folder's name under src/kinds/), as its spec carries it
 * and a minifier leaves it. Read from the folders, so that a kind added is counted without a line here.
 */
const KIND_MARKERS = Object.fromEntries(
  readdirSync(new URL('../src/kinds/', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => [entry.name, [`kind:"${entry.name}"`]]),
);
const kindsIn = (code) => Object.keys(KIND_MARKERS).filter((kind) => KIND_MARKERS[kind].some((marker) => code.includes(marker)));

/** A scratch project whose node_modules holds the package (a link to `packageDir`), as an application's would. */
function scratchProject() {
  const dir = mkdtempSync(join(tmpdir(), 'wmspanel-size-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(packageDir, join(dir, 'node_modules', NAME), 'dir');
  return dir;
}

/** Bundles one subject's entry file with esbuild: the minified code. */
async function bundle(dir, subject, index) {
  const entry = join(dir, `entry-${index}.mjs`);
  writeFileSync(entry, subject.code);
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: dir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    // Keep the link's path, so that the adapters' own `import 'wmspanel-notifications'` resolves through
    // the scratch node_modules as in an application.
    preserveSymlinks: true,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

const gzipped = (code) => gzipSync(code, { level: 9 }).byteLength;

/**
 * Every subject's minified and min+gz bytes, the kinds its bundle carries, and whether it meets its goal.
 * `whole: false` leaves out the whole-entry figures.
 */
export async function sizes({ whole = true } = {}) {
  const dir = scratchProject();
  try {
    const results = [];
    for (const [index, subject] of SUBJECTS.entries()) {
      if (subject.whole && !whole) continue;
      const code = await bundle(dir, subject, index);
      const result = { subject: subject.name, minified: Buffer.byteLength(code), gzipped: gzipped(code), kinds: kindsIn(code) };
      const problems = [];
      if (subject.goal !== undefined && result.gzipped > subject.goal) problems.push(`${result.gzipped} B min+gz, over its goal of ${subject.goal} B`);
      const others = subject.only === undefined ? [] : result.kinds.filter((kind) => kind !== subject.only);
      if (others.length > 0) problems.push(`carries ${others.join(', ')}, which it does not use`);
      results.push({ ...result, goal: subject.goal, problems });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same subjects bundled by rollup (its tree-shaking, not esbuild's), then minified by esbuild: a
 * cross-check that the figures are the package's and not one bundler's. `undefined` when rollup is not
 * installed (it comes with tsup).
 */
export async function rollupSizes(names) {
  let rollup;
  try {
    ({ rollup } = await import('rollup'));
  } catch {
    return undefined;
  }
  const { transform } = await import('esbuild');
  const dir = scratchProject();
  try {
    const results = [];
    for (const [index, subject] of SUBJECTS.entries()) {
      if (!names.includes(subject.name)) continue;
      const entry = join(dir, `entry-${index}.mjs`);
      writeFileSync(entry, subject.code);
      const build = await rollup({
        input: entry,
        // Resolves the package by name through its "exports" (import condition), as node-resolve would.
        plugins: [{ name: 'package-exports', resolveId: (source) => resolveExport(dir, source) }],
        onwarn: () => {},
      });
      const { output } = await build.generate({ format: 'es' });
      await build.close();
      const { code } = await transform(output[0].code, { minify: true, format: 'esm', loader: 'js' });
      results.push({ subject: subject.name, minified: Buffer.byteLength(code), gzipped: gzipped(code), kinds: kindsIn(code) });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The file a specifier of this package names through package.json "exports" (import condition), or null. */
function resolveExport(dir, source) {
  if (source !== NAME && !source.startsWith(`${NAME}/`)) return null;
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const target = manifest.exports[`.${source.slice(NAME.length)}`].import;
  return join(dir, 'node_modules', NAME, typeof target === 'string' ? target : target.default);
}

export function packedSize() {
  const out = mkdtempSync(join(tmpdir(), 'wmspanel-size-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--dry-run', '--pack-destination', out], { cwd: packageDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    return { tarball: packed.size, unpacked: packed.unpackedSize, files: packed.entryCount };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * The lines bench/run.mjs and this script print for `sizes()`: one per subject, with its goal and its
 * problems unless `verdicts` is false (bench/run.mjs --quick names no goal).
 */
export function sizeLines(results, { verdicts = true } = {}) {
  return results.map(({ subject, minified, gzipped, kinds, goal, problems }) => {
    const verdict = !verdicts ? '' : problems.length > 0 ? `  FAILED: ${problems.join('; ')}` : goal !== undefined ? `  (goal at most ${goal} B: met)` : '';
    return `  ${subject.padEnd(60)} ${String(minified).padStart(7)} B minified ${String(gzipped).padStart(6)} B min+gz  ${kinds.length} kind${kinds.length === 1 ? '' : 's'}${verdict}`;
  });
}

/** What to print when a subject exceeds its goal or carries a kind it does not use; `undefined` when none does. */
export function sizeFailures(results) {
  const failed = results.filter((result) => result.problems.length > 0);
  if (failed.length === 0) return undefined;
  return `Size: ${failed.length} subject(s) over a goal (bench/size.mjs):\n${failed.map((r) => `  ${r.subject}: ${r.problems.join('; ')}`).join('\n')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const json = process.argv.includes('--json');
  const results = await sizes();
  const crossCheck = await rollupSizes(['verifyDigest alone', 'express, server status alone (expressMiddleware)']);
  if (json) {
    for (const result of results) console.log(JSON.stringify(result));
    for (const result of crossCheck ?? []) console.log(JSON.stringify({ ...result, bundler: 'rollup' }));
  } else {
    console.log(`What an application ships, bundled by esbuild (ESM, minified, platform neutral), gzip -9; ${packageDir}`);
    for (const line of sizeLines(results)) console.log(line);
    if (crossCheck) {
      console.log('Cross-check: the same entries bundled by rollup, minified by esbuild');
      for (const { subject, minified, gzipped, kinds } of crossCheck) {
        console.log(`  ${subject.padEnd(60)} ${String(minified).padStart(7)} B minified ${String(gzipped).padStart(6)} B min+gz  ${kinds.length} kind${kinds.length === 1 ? '' : 's'}`);
      }
    }
    const packed = packedSize();
    console.log(`npm package: ${packed.tarball} B packed, ${packed.unpacked} B installed, ${packed.files} files`);
  }
  const failures = sizeFailures(results);
  if (failures !== undefined) {
    console.error(`\n${failures}`);
    process.exitCode = 1;
  }
}
