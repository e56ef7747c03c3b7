// Minified + gzipped size of each entry point as a bundler would ship it (esbuild, ESM, minified, the
// package's own chunks included), and the package's installed size from `npm pack`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
export const ENTRIES = ['index', 'fetch', 'express', 'koa', 'node', 'testing'];

export async function entrySizes() {
  const sizes = [];
  for (const entry of ENTRIES) {
    const result = await build({
      entryPoints: [join(root, 'dist', `${entry}.js`)],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      logLevel: 'error',
    });
    const code = result.outputFiles[0].contents;
    sizes.push({ entry: entry === 'index' ? '.' : `./${entry}`, minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength });
  }
  return sizes;
}

export function packedSize() {
  const out = mkdtempSync(join(tmpdir(), 'wmspanel-size-'));
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--dry-run', '--pack-destination', out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  return { tarball: packed.size, unpacked: packed.unpackedSize, files: packed.entryCount };
}
