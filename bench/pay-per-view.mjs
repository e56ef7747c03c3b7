// One comparison per process: `node bench/pay-per-view.mjs <subject>` prints {"subject", "opsPerSecond"}.
// verifyPayPerViewSync (parse, flatten, check the signature) on a Nimble sync of 10,000 players, against
// JSON.parse of the same body: the floor any reader of a JSON body pays. Target: at least 0.8 of it.
import { SMOKE, opsPerSecond, report } from './harness.mjs';

const subject = process.argv[2];
const token = 'wmspanel-token-0123456789abcdef';
const { createTestPayPerViewSync } = await import('../dist/testing.js');
const { verifyPayPerViewSync } = await import('../dist/index.js');

// A smoke run (npm test) proves the code runs on a sync of 100 players.
const PLAYERS = SMOKE ? 100 : 10_000;
const { body } = createTestPayPerViewSync({
  token,
  players: Array.from({ length: PLAYERS }, (_, i) => ({ id: `user-${i}`, ip: `10.0.${i >> 8}.${i & 255}`, stream: `live/channel-${i % 20}`, delta: 30_000 + i })),
});
const options = { token };
const fn = subject.startsWith('JSON.parse') ? () => JSON.parse(body) : () => verifyPayPerViewSync(body, options);
if (!subject.startsWith('JSON.parse') && fn().players.length !== PLAYERS) throw new Error(`the sync did not verify to ${PLAYERS} players`);
report({ subject, bytes: body.length, opsPerSecond: await opsPerSecond(fn) });
