// `npm run bench` (add `-- --quick` for a short run that only proves the benchmark works).
// Runs every comparison in a process of its own and prints ratios from this one run: absolute figures
// move with the machine's load, ratios measured side by side hold.
import { execFileSync } from 'node:child_process';
import { QUICK } from './harness.mjs';

const here = new URL('.', import.meta.url).pathname;
const run = (script, subject) =>
  JSON.parse(
    execFileSync(process.execPath, [`${here}${script}`, subject, ...(QUICK ? ['--quick'] : [])], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1),
  );
const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(11);

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Each subject runs in PASSES processes, interleaved (A B C, A B C, ...), and keeps its median: a slow
// spell on a shared machine then hurts every subject alike instead of whichever ran during it.
const PASSES = QUICK ? 1 : 3;
function table(title, script, subjects, baseline) {
  console.log(`\n${title}`);
  const runs = new Map(subjects.map((subject) => [subject, []]));
  for (let pass = 0; pass < PASSES; pass++) {
    for (const subject of subjects) runs.get(subject).push(run(script, subject));
  }
  const results = subjects.map((subject) => ({
    ...runs.get(subject)[0],
    opsPerSecond: median(runs.get(subject).map((r) => r.opsPerSecond)),
  }));
  const base = results.find((r) => r.subject === baseline);
  for (const r of results) {
    console.log(`  ${r.subject.padEnd(42)} ${fmt(r.opsPerSecond)} ops/s  ${(r.opsPerSecond / base.opsPerSecond).toFixed(2)}x`);
  }
  return results;
}

console.log(
  `node ${process.version}, ${QUICK ? 'quick mode: figures are not meaningful' : 'median of 3 interleaved processes x 7 rounds'}`,
);
const verify = table(
  'verify one notification-sized body (ratio to wmspanel-notifications)',
  'verify.mjs',
  ['wmspanel-notifications', 'wmspanel-notifications (parsed object)', '@octokit/webhooks-methods', 'standardwebhooks', 'svix', 'stripe'],
  'wmspanel-notifications',
);
const ours = verify[0].opsPerSecond;
const fastestPeer = verify.slice(2).reduce((a, b) => (b.opsPerSecond > a.opsPerSecond ? b : a));
console.log(`  => ${(ours / fastestPeer.opsPerSecond).toFixed(2)}x the fastest peer (${fastestPeer.subject}); target 2.5x`);

table('MD5 of 55 bytes (ratio to node:crypto)', 'md5.mjs', ['wmspanel-notifications computeDigest', 'node:crypto createHash', '@noble/hashes md5'], 'node:crypto createHash');
