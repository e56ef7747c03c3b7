// `npm run bench`; `-- --quick` for short rounds (figures meaningless, no targets); `npm run bench:smoke`
// (`--smoke`, which `npm test` runs) calls every subject once, tiny, only to prove the benchmark runs.
// Runs every comparison in a process of its own and prints ratios from this one run: absolute figures
// move with the machine's load, ratios measured side by side hold.
import { execFileSync } from 'node:child_process';
import { MODE_FLAGS, QUICK, SMOKE } from './harness.mjs';
import { measureHttp } from './http.mjs';

const here = new URL('.', import.meta.url).pathname;
const run = (script, subject) =>
  JSON.parse(
    execFileSync(process.execPath, [`${here}${script}`, subject, ...MODE_FLAGS], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1),
  );
// Every line goes through print, so that a quick run can check what it printed (at the end).
const printed = [];
const print = (line = '') => {
  printed.push(line);
  console.log(line);
};
// A target is compared only in a full run: quick figures cannot meet or miss one.
const target = (text) => (QUICK ? '' : `; target ${text}`);
const fmt = (n) => Math.round(n).toLocaleString('en-US').padStart(11);

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Each subject runs in PASSES processes, interleaved (A B C, A B C, ...), and keeps its median: a slow
// spell on a shared machine then hurts every subject alike instead of whichever ran during it.
const PASSES = QUICK ? 1 : 5;
function table(title, script, subjects, baseline) {
  print(`\n${title}`);
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
    print(`  ${r.subject.padEnd(42)} ${fmt(r.opsPerSecond)} ops/s  ${(r.opsPerSecond / base.opsPerSecond).toFixed(2)}x`);
  }
  return results;
}

print(
  `node ${process.version}, ${SMOKE ? 'smoke mode (each subject once, on small bodies: syncs of 100 and of 1,000 players, not the sizes the titles give; no targets): figures are not meaningful' : QUICK ? 'quick mode (no targets): figures are not meaningful' : 'median of 5 interleaved processes x 7 rounds'}`,
);
const verify = table(
  'verify one notification-sized body (ratio to wmspanel-notifications)',
  'verify.mjs',
  ['wmspanel-notifications', 'wmspanel-notifications (parsed object)', '@octokit/webhooks-methods', 'standardwebhooks', 'svix', 'stripe'],
  'wmspanel-notifications',
);
const ours = verify[0].opsPerSecond;
const fastestPeer = verify.slice(2).reduce((a, b) => (b.opsPerSecond > a.opsPerSecond ? b : a));
print(`  => ${(ours / fastestPeer.opsPerSecond).toFixed(2)}x the fastest peer (${fastestPeer.subject})${target('2.5x')}`);

for (const size of ['1 event', '100 events']) {
  table(
    `verify a stream notification of ${size} (ratio to JSON.parse of the same body: the floor)`,
    'stream.mjs',
    [`verifyStreamNotification, ${size}`, `JSON.parse, ${size}`],
    `JSON.parse, ${size}`,
  );
}

const ppv = table(
  'verify a pay-per-view sync of 10,000 players, 1.5 MB (ratio to JSON.parse of the same body: the floor)',
  'pay-per-view.mjs',
  ['verifyPayPerViewSync, 10,000 players', 'JSON.parse, 10,000 players'],
  'JSON.parse, 10,000 players',
);
print(`  => ${(ppv[0].opsPerSecond / ppv[1].opsPerSecond).toFixed(2)}x JSON.parse${target('0.8x')}`);

const forged = table(
  'refuse a forged pay-per-view sync of 7.8 MiB, 35,000 players (ratio to JSON.parse of the same body: the floor)',
  'forged-sync.mjs',
  ['verifyPayPerViewSync, forged 7.8 MiB sync', 'receive step, forged 7.8 MiB sync', 'JSON.parse, forged 7.8 MiB sync'],
  'JSON.parse, forged 7.8 MiB sync',
);
print(`  => refused for ${(forged[2].opsPerSecond / forged[0].opsPerSecond).toFixed(2)}x the cost of JSON.parse${target('at most 1.1x')}`);

// Stalled large bodies: RSS of a receiver holding 60 almost-complete 8 MiB syncs, with and without
// allowedSenders. Memory, not speed: one run is enough; skipped in quick mode (it holds about 500 MB), and
// with 2 connections in a smoke run (to prove it runs).
if (!QUICK || SMOKE) {
  const connections = SMOKE ? 2 : 60;
  print(`\nRSS of a pay-per-view receiver while ${connections} connections each stall one byte short of an 8 MiB body`);
  const lines = execFileSync(process.execPath, [`${here}stalled-bodies.mjs`, String(connections)], { encoding: 'utf8' }).trim().split('\n');
  for (const line of lines) {
    const r = JSON.parse(line);
    print(`  ${r.setup.padEnd(56)} ${String(r.rssBeforeMB).padStart(4)} MB -> ${String(r.rssStalledMB).padStart(4)} MB  (${r.refused403} refused 403 before their body)`);
  }
}

table('MD5 of 55 bytes (ratio to node:crypto)', 'md5.mjs', ['wmspanel-notifications computeDigest', 'node:crypto createHash', '@noble/hashes md5'], 'node:crypto createHash');

// HTTP: autocannon (10 connections) against each adapter and its framework's bare route, interleaved.
print('\nHTTP requests/s on 127.0.0.1, adapter vs. the same framework\'s route that only reads the body');
const pairs = [
  ['node:http, read body only', 'node:http + createNodeHandler', 0.9],
  ['express, express.json() route', 'express + createExpressMiddleware', 0.95],
  ['koa, read body only', 'koa + createKoaMiddleware', undefined],
  ['hono (node-server), read body only', 'hono (node-server) + createFetchHandler', undefined],
];
// A smoke run sends a few requests (`amount`) instead of running for a duration.
const durationSeconds = QUICK ? 0.5 : 3;
const load = SMOKE ? { amount: 20, connections: 2 } : { durationSeconds };
const httpRuns = new Map();
// A smoke run measures every subject at once: its figures mean nothing, and it is done in seconds.
const measureEach = async (subjects, runs) => {
  for (const subject of subjects) if (!runs.has(subject)) runs.set(subject, []);
  if (SMOKE) {
    const results = await Promise.all(subjects.map((subject) => measureHttp(subject, load)));
    results.forEach((result, i) => runs.get(subjects[i]).push(result));
  } else {
    for (const subject of subjects) runs.get(subject).push(await measureHttp(subject, load));
  }
};
for (let pass = 0; pass < PASSES; pass++) await measureEach(pairs.flatMap((pair) => pair.slice(0, 2)), httpRuns);
const medianOf = (subject, key) => median(httpRuns.get(subject).map((r) => r[key]));
for (const [bare, adapter, goal] of pairs) {
  const ratio = medianOf(adapter, 'requestsPerSecond') / medianOf(bare, 'requestsPerSecond');
  for (const subject of [bare, adapter]) {
    print(
      `  ${subject.padEnd(42)} ${fmt(medianOf(subject, 'requestsPerSecond'))} req/s  ${medianOf(subject, 'cpuMicrosPerRequest').toFixed(0).padStart(4)} µs server CPU/req`,
    );
  }
  print(`  => ${(ratio * 100).toFixed(0)}% of the bare route${goal ? target(`${goal * 100}%`) : ''}`);
}

// Replay stores: accepted notifications/s through the node adapter with the memory store and with the
// Redis store over each client, against a redis-server on loopback started here, interleaved.
const { REDIS_AVAILABLE, startRedis } = await import('../test/redis/redis-server.mjs');
print('\nAccepted notifications/s through the node adapter, by replay store (Redis on 127.0.0.1)');
if (REDIS_AVAILABLE) {
  const redis = await startRedis();
  process.env.REDIS_URL = redis.url;
  const stores = ['node:http + createNodeHandler', 'node:http + createNodeHandler + Redis store (redis 6)', 'node:http + createNodeHandler + Redis store (ioredis 6)'];
  const storeRuns = new Map();
  try {
    for (let pass = 0; pass < PASSES; pass++) await measureEach(stores, storeRuns);
  } finally {
    await redis.close();
  }
  const storeMedian = (subject, key) => median(storeRuns.get(subject).map((r) => r[key]));
  for (const subject of stores) {
    const ratio = storeMedian(subject, 'requestsPerSecond') / storeMedian(stores[0], 'requestsPerSecond');
    print(
      `  ${subject.padEnd(56)} ${fmt(storeMedian(subject, 'requestsPerSecond'))} req/s  ${storeMedian(subject, 'cpuMicrosPerRequest').toFixed(0).padStart(4)} µs server CPU/req  ${ratio.toFixed(2)}x`,
    );
  }
  print('  Round trips to Redis per delivery: accepted 2 (reserve, commit); duplicate or in progress 1 (reserve); failed 2 (reserve, release)');
} else {
  const { installCommand } = await import('../scripts/system-packages.mjs');
  print(`  SKIPPED: redis-server is not installed (${installCommand(['redis-server'])})`);
}

// Cold start: a fresh process importing each entry point, against an empty module and the peers.
const { coldStart } = await import('./cold-start.mjs');
const coldProcesses = SMOKE ? 1 : QUICK ? 2 : 15;
const starts = coldStart({ processes: coldProcesses });
const startOf = (subject) => starts.find((r) => r.subject === subject).millis;
print(`\nCold start: time to import, in a fresh process (median of ${coldProcesses})`);
for (const { subject, millis } of starts) {
  const over = millis - startOf('an empty package (by name)');
  print(`  ${subject.padEnd(42)} ${millis.toFixed(2).padStart(7)} ms  (${over >= 0 ? '+' : ''}${over.toFixed(2)} ms over an empty package)`);
}
const rootOver = startOf('wmspanel-notifications') - startOf('an empty package (by name)');
print(`  => the package root: ${rootOver >= 0 ? '+' : ''}${rootOver.toFixed(2)} ms over an empty package${target('at most +1 ms')}`);

// Size: what an application ships when it imports one thing (bundled from the built package by name by
// esbuild, minified, gzip -9), each goal checked; and what npm installs. Sizes do not vary between runs,
// but a quick run names no goal: a full run (`npm run bench`) fails when one is exceeded.
const { sizes, sizeLines, sizeFailures, packedSize } = await import('./size.mjs');
print('\nSize of what an application ships, bundled from dist/ by esbuild (ESM, minified, platform neutral), gzip -9');
const sized = await sizes({ whole: !QUICK });
for (const line of sizeLines(sized, { verdicts: !QUICK })) print(line);
const packed = packedSize();
const { readFileSync } = await import('node:fs');
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const runtimeDependencies = Object.keys(manifest.dependencies ?? {}).length;
print(`  npm package: ${packed.tarball} B packed, ${packed.unpacked} B installed, ${packed.files} files, ${runtimeDependencies} runtime dependencies`);

if (!QUICK && sizeFailures(sized) !== undefined) {
  console.error(`\n${sizeFailures(sized)}`);
  process.exitCode = 1;
}

// Quick figures are noise (a loaded machine has measured an adapter at half of its bare route): a quick run
// must never report a target as met or missed. And a quick or smoke run proves the benchmark works only if
// every figure it printed is a figure: `npm test` runs these checks with the smoke run.
if (QUICK) {
  const named = printed.filter((line) => /\btarget\b/i.test(line));
  if (named.length > 0) {
    console.error(`bench ${MODE_FLAGS[0]} named a target, which its figures cannot meet or miss:\n${named.join('\n')}`);
    process.exitCode = 1;
  }
  const broken = printed.filter((line) => /\b(NaN|Infinity|undefined)\b/.test(line));
  if (broken.length > 0) {
    console.error(`bench ${MODE_FLAGS[0]} printed lines that hold no figure:\n${broken.join('\n')}`);
    process.exitCode = 1;
  }
}
