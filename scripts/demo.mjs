// `npm run demo`: the whole flow in one command. Starts a receiver on 127.0.0.1 with a generated token,
// sends it a genuine notification, a tampered one, a replay and a stale one, then stream publish
// notifications and a pay-per-view sync at the same endpoint, and says what happened.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createNodeHandler } from '../dist/node.js';
import { createTestNotification, createTestPayPerViewSync, createTestStreamNotification, readPayPerViewResponse } from '../dist/testing.js';

const token = randomBytes(16).toString('hex');
const handled = [];
const handle = createNodeHandler({
  token,
  servers: ['edge1.example.com'],
  onNotification(notification) {
    handled.push(notification);
    console.log(`    handler: ${notification.server} is ${notification.status} since ${notification.date.toISOString()}`);
  },
  onStreamNotification(notification) {
    handled.push(notification);
    for (const event of notification.events) console.log(`    stream handler: ${event.action} ${event.app}/${event.name} (${notification.format})`);
  },
  onPayPerViewSync(sync) {
    handled.push(sync);
    const unpaid = sync.players.filter((player) => player.id.startsWith('unpaid')).map((player) => player.id);
    console.log(`    pay-per-view handler: ${sync.players.length} viewers, cutting off ${unpaid.join(', ') || 'nobody'}`);
    return { deny: unpaid };
  },
});
const server = createServer((request, response) => void handle(request, response));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/wmspanel`;
console.log(`Receiver listening on ${url} (token generated for this run, not shown)\n`);

const genuine = createTestNotification({ token });
const sync = createTestPayPerViewSync({ token, players: [{ id: 'paid-1' }, { id: 'unpaid-2' }, { id: 'paid-3', stream: 'vod/movie.mp4' }] });
const steps = [
  ['a genuine notification', genuine.body],
  ['the same notification again (a replay)', genuine.body],
  ['a tampered digest', createTestNotification({ token, forge: 'tampered-digest' }).body],
  ['one signed with the wrong token', createTestNotification({ token, forge: 'wrong-token' }).body],
  ['a stale one (two hours old)', createTestNotification({ token, forge: 'stale' }).body],
  ['a genuine one re-labelled for a server not in the allowlist', createTestNotification({ token, server: 'not-ours.example.com' }).body],
  ['a stream publish notification from Nimble Streamer, to the same endpoint', createTestStreamNotification({ token, events: [{ stream: 'live/camera-1' }] }).body],
  ['a stream notification whose signature was tampered with', createTestStreamNotification({ token, forge: 'tampered-signature' }).body],
  ['a pay-per-view sync of three viewers, one of whom has not paid', sync.body],
  ['the same sync again (a retry after a lost answer)', sync.body],
];

let failures = 0;
const expected = [200, 200, 401, 401, 401, 403, 200, 401, 200, 200];
for (const [index, [label, body]] of steps.entries()) {
  console.log(`→ Sending ${label}`);
  const handledBefore = handled.length;
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  const answer = JSON.parse(text);
  let what = answer.error ? `refused: ${answer.error.code} (${answer.error.message})` : answer.duplicate ? 'accepted as a duplicate; handler not called again' : 'accepted';
  if (answer.DenyList) {
    // What Nimble would check: the deny list, and a Solution made of the sync's puzzle and the token.
    const { deny, solution } = readPayPerViewResponse(text, { puzzle: sync.sync.puzzle, token });
    what = `answered deny list ${JSON.stringify(deny)}, Solution ${solution}${handled.length === handledBefore ? '; handler not called again' : ''}`;
    if (solution !== 'valid') failures++;
  }
  console.log(`  ${response.status} ${what}\n`);
  if (response.status !== expected[index]) failures++;
}

server.close();
console.log(`The handler ran ${handled.length} time(s) for ${steps.length} requests.`);
if (failures > 0) {
  console.error(`${failures} answer(s) were not what the demo expects`);
  process.exitCode = 1;
}
