// `wmspanel-notifications demo` (and `npm run demo` in a clone): the whole flow in one command. Starts a
// receiver on 127.0.0.1 with a generated token, sends it a genuine notification, a replay, forgeries, a
// stale and a re-labelled one, then a stream notification and a pay-per-view sync with its retry at the
// same endpoint, and says what happened to each. Exits 1 when an answer is not the expected one.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeHandler } from '../../adapters/node.js';
import { readAnswer } from '../http.js';
import { createTestNotification, createTestPayPerViewSync, createTestStreamNotification, readPayPerViewResponse } from '../../testing.js';

/** Runs the demo, writing each line with `out` (and problems with `err`); resolves with the exit code. */
export async function runDemo(out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const token = randomBytes(16).toString('hex');
  const handled: unknown[] = [];
  const handle = createNodeHandler({
    token,
    servers: ['edge1.example.com'],
    onNotification(notification) {
      handled.push(notification);
      out(`    handler: ${notification.server} is ${notification.status} since ${notification.date.toISOString()}`);
    },
    onStreamNotification(notification) {
      handled.push(notification);
      for (const event of notification.events) out(`    stream handler: ${event.action} ${event.app}/${event.name} (${notification.format})`);
    },
    onPayPerViewSync(sync) {
      handled.push(sync);
      const unpaid = sync.players.filter((player) => player.id.startsWith('unpaid')).map((player) => player.id);
      out(`    pay-per-view handler: ${sync.players.length} viewers, cutting off ${unpaid.join(', ') || 'nobody'}`);
      return { deny: unpaid };
    },
  });
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wmspanel`;
  out(`Receiver listening on ${url} (token generated for this run, not shown)\n`);

  const genuine = createTestNotification({ token });
  const sync = createTestPayPerViewSync({ token, players: [{ id: 'paid-1' }, { id: 'unpaid-2' }, { id: 'paid-3', stream: 'vod/movie.mp4' }] });
  const steps: [label: string, body: string, expected: number][] = [
    ['a genuine notification', genuine.body, 200],
    ['the same notification again (a replay)', genuine.body, 200],
    ['a tampered digest', createTestNotification({ token, forge: 'tampered-digest' }).body, 401],
    ['one signed with the wrong token', createTestNotification({ token, forge: 'wrong-token' }).body, 401],
    ['a stale one (two hours old)', createTestNotification({ token, forge: 'stale' }).body, 401],
    ['a genuine one re-labelled for a server not in the allowlist', createTestNotification({ token, server: 'not-ours.example.com' }).body, 403],
    ['a stream publish notification from Nimble Streamer, to the same endpoint', createTestStreamNotification({ token, events: [{ stream: 'live/camera-1' }] }).body, 200],
    ['a stream notification whose signature was tampered with', createTestStreamNotification({ token, forge: 'tampered-signature' }).body, 401],
    ['a pay-per-view sync of three viewers, one of whom has not paid', sync.body, 200],
    ['the same sync again (a retry after a lost answer)', sync.body, 200],
  ];

  let failures = 0;
  try {
    for (const [label, body, expected] of steps) {
      out(`→ Sending ${label}`);
      const handledBefore = handled.length;
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await readAnswer(response);
      const answer = JSON.parse(text) as { error?: { code: string; message: string }; duplicate?: boolean; DenyList?: unknown };
      let what = answer.error ? `refused: ${answer.error.code} (${answer.error.message})` : answer.duplicate ? 'accepted as a duplicate; handler not called again' : 'accepted';
      if (answer.DenyList !== undefined) {
        // What Nimble would check: the deny list, and a Solution made of the sync's puzzle and the token.
        const { deny, solution } = readPayPerViewResponse(text, { puzzle: sync.sync.puzzle!, token });
        what = `answered deny list ${JSON.stringify(deny)}, Solution ${solution}${handled.length === handledBefore ? '; handler not called again' : ''}`;
        if (solution !== 'valid') failures++;
      }
      out(`  ${response.status} ${what}\n`);
      if (response.status !== expected) failures++;
    }
  } finally {
    server.close();
  }
  out(`The handler ran ${handled.length} time(s) for ${steps.length} requests.`);
  if (failures === 0) return 0;
  err(`${failures} answer(s) were not what the demo expects`);
  return 1;
}
