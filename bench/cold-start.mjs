// Cold start: how long a fresh Node process takes to import a module, measured inside that process
// (performance.now() around the dynamic import), for the package's entry points, the peers, and an
// empty module as the baseline. One process per measurement; the median of several.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const here = new URL('.', import.meta.url).pathname;
// Two baselines: an empty file imported by URL, and an empty package imported by name, which pays the
// same package resolution (node_modules lookup, package.json exports) as any package does.
const scratch = mkdtempSync(join(tmpdir(), 'wmspanel-empty-'));
const empty = join(scratch, 'empty.mjs');
writeFileSync(empty, 'export {};\n');
mkdirSync(join(scratch, 'node_modules', 'empty-package'), { recursive: true });
writeFileSync(join(scratch, 'node_modules', 'empty-package', 'package.json'), '{"name":"empty-package","type":"module","exports":"./index.js"}');
writeFileSync(join(scratch, 'node_modules', 'empty-package', 'index.js'), 'export {};\n');

export const COLD_START_SUBJECTS = [
  ['an empty module (file URL)', pathToFileURL(empty).href],
  ['an empty package (by name)', 'empty-package', scratch],
  ['wmspanel-notifications', 'wmspanel-notifications'],
  ['wmspanel-notifications/fetch', 'wmspanel-notifications/fetch'],
  ['wmspanel-notifications/express', 'wmspanel-notifications/express'],
  ['wmspanel-notifications/koa', 'wmspanel-notifications/koa'],
  ['wmspanel-notifications/node', 'wmspanel-notifications/node'],
  ['@octokit/webhooks-methods', '@octokit/webhooks-methods'],
  ['standardwebhooks', 'standardwebhooks'],
  ['svix', 'svix'],
  ['stripe', 'stripe'],
];

/** Milliseconds one fresh process spends importing `specifier` (resolved from `cwd`, bench/ by default). */
function importMillis(specifier, cwd = here) {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
  return Number(out.trim());
}

export function coldStart({ processes }) {
  const runs = new Map(COLD_START_SUBJECTS.map(([name]) => [name, []]));
  // Interleaved, so a slow spell of the machine hits every subject alike.
  for (let i = 0; i < processes; i++) {
    for (const [name, specifier, cwd] of COLD_START_SUBJECTS) runs.get(name).push(importMillis(specifier, cwd));
  }
  return COLD_START_SUBJECTS.map(([name]) => {
    const sorted = runs.get(name).sort((a, b) => a - b);
    return { subject: name, millis: sorted[Math.floor(sorted.length / 2)] };
  });
}
