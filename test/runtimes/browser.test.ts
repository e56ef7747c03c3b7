import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';
import { describe, expect, inject, it } from 'vitest';
import { allowedMissing, findChromium, installCommand } from '../../scripts/system-packages.mjs';
import { fixture, join } from './run.js';

const consumer = inject('consumer');
const CHROMIUM = findChromium();
const VECTORS: [string, string][] = [
  ['2014-10-16 03:13:31 UTC', 'secret'],
  ['2026-11-26 10:19:19 UTC', 'tökén-ünïcødé-☃-😀'],
  ['2000-02-29 00:00:00 UTC', 'x'.repeat(200)],
  ['', ''],
];

if (CHROMIUM === undefined) {
  // npm test refuses to start without Chromium unless WMSPANEL_TEST_ALLOW_MISSING names it (scripts/test.mjs).
  console.error(`\n*** Chromium is not installed: the browser test ${allowedMissing('chromium') ? 'is SKIPPED' : 'FAILS'} (${installCommand(['chromium'])}) ***\n`);
}

describe('the fetch entry bundled by esbuild, in headless Chromium', () => {
  it.skipIf(CHROMIUM === undefined && allowedMissing('chromium'))('computes the same digests as node:crypto and answers 200 / 401', async () => {
    expect(CHROMIUM, `Chromium is not installed: ${installCommand(['chromium'])}`).toBeDefined();
    const bundle = await build({
      entryPoints: [fixture('browser.js')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      absWorkingDir: consumer,
      nodePaths: [join(consumer, 'node_modules')],
      logLevel: 'error',
    });
    const script = bundle.outputFiles[0]!.text.replaceAll('</script', '<\\/script');
    const dir = mkdtempSync(join(tmpdir(), 'wmspanel-browser-'));
    const page = join(dir, 'index.html');
    writeFileSync(
      page,
      `<!doctype html><meta charset="utf-8"><script type="application/json" id="vectors">${JSON.stringify(VECTORS)}</script>` +
        `<pre id="results">pending</pre><script>${script}</script>`,
    );
    const dom = execFileSync(
      CHROMIUM!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--virtual-time-budget=5000',
        '--dump-dom',
        `file://${page}`,
      ],
      { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const text = /<pre id="results">([^<]*)<\/pre>/.exec(dom)?.[1] ?? '';
    const results = JSON.parse(text.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as Record<string, unknown>;
    expect(results.error).toBeUndefined();
    expect(results.digests).toEqual(VECTORS.map(([time, token]) => createHash('md5').update(time + token).digest('hex')));
    expect(results).toMatchObject({ verified: true, status: 200, tampered: 401 });
  });
});
