// Before/after on the request path: the receive step of two builds of this package, side by side in one
// process, interleaved round by round, for each kind; then HTTP through the node and fetch adapters, each
// build's server in its own process (the other checkout's bench/http.mjs), interleaved too.
//   node bench/compare.mjs /path/to/other/checkout [--receive-only]   (its dist/ built: `npm run build` there)
import { opsPerSecond } from './harness.mjs';

const other = process.argv[2];
if (other === undefined) {
  console.error('usage: node bench/compare.mjs <other checkout with a built dist/>');
  process.exit(2);
}
const here = new URL('..', import.meta.url).pathname;
const builds = [
  ['before', other.replace(/\/$/, '')],
  ['after', here.replace(/\/$/, '')],
];
const ROUNDS = 5;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const token = 'compare-token-0123456789abcdef';
const NOW = Date.now();
const load = async (root) => ({
  lib: await import(`${root}/dist/index.js`),
  testing: await import(`${root}/dist/testing.js`),
});
const loaded = await Promise.all(builds.map(async ([name, root]) => [name, await load(root)]));

// Distinct genuine bodies per kind, made once with the "after" kits (the wire format is the same).
const { testing } = loaded[1][1];
const bodies = {
  'server status': Array.from({ length: 20_000 }, (_, i) =>
    testing.createTestNotification({ token, time: NOW - (i % 3000) * 1000, server: `edge${Math.floor(i / 3000)}.example.com` }).body,
  ),
  stream: Array.from({ length: 20_000 }, () => testing.createTestStreamNotification({ token, time: NOW }).body),
  'pay-per-view (100 players)': Array.from({ length: 2000 }, () =>
    testing.createTestPayPerViewSync({ token, players: Array.from({ length: 100 }, (_, p) => ({ id: `viewer-${p}` })) }).body,
  ),
};
const options = {
  'server status': { onNotification: () => undefined },
  stream: { onStreamNotification: () => undefined },
  'pay-per-view (100 players)': { onPayPerViewSync: () => ({ deny: ['viewer-1'] }) },
};

console.log(`node ${process.version}; receive step, ops/s (median of ${ROUNDS} interleaved rounds); after/before`);
for (const kind of Object.keys(bodies)) {
  const runs = new Map(builds.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, { lib }] of loaded) {
      // A fresh receiver (and store) each round, so that every body is new to it.
      const receiver = lib.createNotificationReceiver({ token, replayStore: lib.createMemoryReplayStore({ maxEntries: 1_000_000 }), maxNotificationsPerTime: Infinity, ...options[kind] });
      const list = bodies[kind];
      let next = 0;
      runs.get(name).push(
        await opsPerSecond(async () => {
          const result = await receiver.receive({ method: 'POST', readBody: async () => list[next++ % list.length] });
          if (result.status !== 200) throw new Error(`${kind}: ${result.status} ${result.body}`);
        }, { rounds: 3, roundMs: 300 }),
      );
    }
  }
  const [before, after] = builds.map(([name]) => median(runs.get(name)));
  console.log(`  ${kind.padEnd(28)} before ${Math.round(before).toLocaleString('en-US').padStart(9)}  after ${Math.round(after).toLocaleString('en-US').padStart(9)}  ${(after / before).toFixed(2)}x`);
}

if (process.argv.includes('--receive-only')) process.exit(0);
console.log('HTTP through an adapter (server pinned to one core, autocannon to the other), req/s and server CPU per request');
const http = await Promise.all(builds.map(async ([name, root]) => [name, await import(`${root}/bench/http.mjs`)]));
for (const subject of ['node:http + createNodeHandler', 'hono (node-server) + createFetchHandler', 'express + createExpressMiddleware']) {
  const runs = new Map(builds.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, { measureHttp }] of http) runs.get(name).push(await measureHttp(subject, { durationSeconds: 3 }));
  }
  const of = (name, key) => median(runs.get(name).map((r) => r[key]));
  const line = (name) => `${name} ${Math.round(of(name, 'requestsPerSecond')).toLocaleString('en-US').padStart(7)} req/s ${of(name, 'cpuMicrosPerRequest').toFixed(0).padStart(4)} µs`;
  console.log(`  ${subject.padEnd(42)} ${line('before')}  ${line('after')}  CPU/req ${(of('after', 'cpuMicrosPerRequest') / of('before', 'cpuMicrosPerRequest')).toFixed(2)}x`);
}
