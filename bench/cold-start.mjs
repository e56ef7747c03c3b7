// Cold start: how long a fresh Node process takes to import a module, measured inside that process
// (performance.now() around the dynamic import), for the package's entry points, the peers, and an
// empty module as the baseline. One process per measurement; the median of several.
//
//   node bench/cold-start.mjs [--processes 41] [--root-only]
//     prints the medians; --root-only measures the two baselines and the package root alone (a long run
//     of many processes for the root's figure: goal at most +1 ms over an empty package)
//   WMSPANEL_DIST=/path/dist node bench/cold-start.mjs ...
//     also measures that build's root (its parent folder must hold its package.json), interleaved with
//     this one: before/after in one run
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** The subjects `--root-only` measures: the baselines and the package root. */
const ROOT_SUBJECTS = new Set(['an empty module (file URL)', 'an empty package (by name)', 'wmspanel-notifications']);

// Another build's root, imported by name from a node_modules of its own, measured beside this one's.
export const COMPARED = 'wmspanel-notifications, WMSPANEL_DIST build';
if (process.env.WMSPANEL_DIST) {
  const compared = join(scratch, 'compared');
  mkdirSync(join(compared, 'node_modules'), { recursive: true });
  symlinkSync(dirname(resolve(process.env.WMSPANEL_DIST)), join(compared, 'node_modules', 'wmspanel-notifications'), 'dir');
  COLD_START_SUBJECTS.splice(3, 0, [COMPARED, 'wmspanel-notifications', compared]);
  ROOT_SUBJECTS.add(COMPARED);
}

/**
 * Milliseconds one fresh process spends importing `specifier` (resolved from `cwd`, bench/ by default):
 * the wall time, and the process's CPU time over the same span (every thread), which a busy host inflates
 * less than the wall time.
 */
function importMillis(specifier, cwd = here) {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(specifier)}); const w = performance.now() - t; const u = process.cpuUsage(c); console.log(w, (u.user + u.system) / 1000);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
  const [wall, cpu] = out.trim().split(' ').map(Number);
  return { wall, cpu };
}

export function coldStart({ processes, rootOnly = false }) {
  const subjects = COLD_START_SUBJECTS.filter(([name]) => !rootOnly || ROOT_SUBJECTS.has(name));
  const runs = new Map(subjects.map(([name]) => [name, []]));
  // Interleaved, so a slow spell of the machine hits every subject alike.
  for (let i = 0; i < processes; i++) {
    for (const [name, specifier, cwd] of subjects) runs.get(name).push(importMillis(specifier, cwd));
  }
  return subjects.map(([name]) => {
    const quantile = (key, q) => {
      const sorted = runs.get(name).map((run) => run[key]).sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
    };
    return {
      subject: name,
      millis: quantile('wall', 0.5),
      min: quantile('wall', 0),
      p25: quantile('wall', 0.25),
      p75: quantile('wall', 0.75),
      cpuMillis: quantile('cpu', 0.5),
    };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--processes');
  const processes = flag === -1 ? 41 : Number(process.argv[flag + 1]);
  const starts = coldStart({ processes, rootOnly: process.argv.includes('--root-only') });
  const base = starts.find((r) => r.subject === 'an empty package (by name)');
  const signed = (ms) => `${ms >= 0 ? '+' : ''}${ms.toFixed(2)}`;
  console.log(`Cold start: time to import in a fresh process, node ${process.version}, ${processes} interleaved processes per subject`);
  console.log(`  ${''.padEnd(46)} wall ms: median (25th-75th)  over an empty package   fastest  over   CPU ms: median  over`);
  for (const { subject, millis, min, p25, p75, cpuMillis } of starts) {
    const wall = `${millis.toFixed(2)} (${p25.toFixed(2)}-${p75.toFixed(2)})`;
    console.log(
      `  ${subject.padEnd(46)} ${wall.padStart(27)}  ${signed(millis - base.millis).padStart(12)} ms  ${min.toFixed(2).padStart(12)}  ${signed(min - base.min).padStart(5)}  ${cpuMillis.toFixed(2).padStart(14)}  ${signed(cpuMillis - base.cpuMillis).padStart(5)}`,
    );
  }
}
