// One comparison per process: `node bench/forged-sync.mjs <subject>` prints {"subject", "opsPerSecond"}.
// What a forged pay-per-view sync of almost 8 MiB (the default body limit of an endpoint with
// onPayPerViewSync) costs to refuse, against JSON.parse of the same body: anyone who can reach the endpoint
// can send one. WMSPANEL_DIST names another build to measure (an earlier commit's, for before/after).
import { QUICK, SMOKE, report } from './harness.mjs';

const subject = process.argv[2];
const dist = process.env.WMSPANEL_DIST ?? new URL('../dist/', import.meta.url).pathname;
const { createNotificationReceiver, verifyPayPerViewSync } = await import(`${dist}/index.js`);

// Built by hand (not with the test kit): Nimble's shape, one user agent per player, ~300 bytes a player.
const agent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0';
// A smoke run (npm test) proves the code runs on a small body: the first thousand players (about 230 kB).
const TARGET_BYTES = SMOKE ? 0 : 7.8 * 1024 * 1024;
const players = [];
const wrap = (list) =>
  JSON.stringify({
    ID: '5f0d5962-33b1-5137-ae6a-32776bcabc69',
    Signature: 'AAAAAAAAAAAAAAAAAAAAAA==',
    Puzzle: '8c537e85-9684-a3b5-cbd9-bbebe952b103',
    PayPerViewInfo: { VHost: [{ name: 'edge.example.com', Application: [{ name: 'live', Instance: [{ name: '_definst_', Stream: [{ name: 'channel', Player: list }] }] }] }] },
  });
// Players are added a thousand at a time until the body is over 7.8 MiB; its length is counted as it grows
// (the body around the players, each player, a comma between two), and the body is written once.
let length = wrap([]).length;
for (let i = 0; ; i++) {
  const player = { id: `user-${i}`, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, sessionid: String(1000 + i), delta: 30_000, bytes_sent: 3_000_000 + i, user_agents: [agent] };
  players.push(player);
  length += JSON.stringify(player).length + (i > 0 ? 1 : 0);
  if (i % 1000 === 999 && length > TARGET_BYTES) break;
}
const body = wrap(players);
if (body.length !== length) throw new Error(`the forged sync is ${body.length} bytes, counted ${length}`);
if (body.length >= 8 * 1024 * 1024) throw new Error('the forged sync is over 8 MiB');

const token = 'wmspanel-token-0123456789abcdef';
const receiver = createNotificationReceiver({ token, onPayPerViewSync: () => undefined, onError: () => undefined });
const subjects = {
  // The tree dropped at once, as a refusal drops it: returned into an `await`, it outlives a scavenge
  // and its promotion measured at 1.5x the parse itself.
  'JSON.parse, forged 7.8 MiB sync': () => {
    JSON.parse(body);
  },
  'verifyPayPerViewSync, forged 7.8 MiB sync': () => {
    try {
      verifyPayPerViewSync(body, { token });
    } catch (error) {
      if (error.code !== 'INVALID_SIGNATURE') throw error;
      return;
    }
    throw new Error('a forged sync verified');
  },
  'receive step, forged 7.8 MiB sync': async () => {
    const result = await receiver.receive({ method: 'POST', readBody: async () => body });
    if (result.error?.code !== 'INVALID_SIGNATURE') throw new Error(`answered ${result.status}`);
  },
};
const fn = subjects[subject];
if (fn === undefined) throw new Error(`unknown subject ${subject}`);
// One call is tens of milliseconds: time each call, keep the median, after a warm-up (the heap grows to
// hold a parsed tree over the first calls: measured at 1.7x the settled time).
for (let i = 0; i < (SMOKE ? 0 : QUICK ? 1 : 8); i++) await fn();
const times = [];
for (let i = 0; i < (SMOKE ? 1 : QUICK ? 3 : 25); i++) {
  const start = performance.now();
  await fn();
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
report({ subject, bytes: body.length, players: players.length, opsPerSecond: 1000 / times[Math.floor(times.length / 2)] });
