// One captured request is one handler call: what an attacker can mint from one genuine stream notification
// or pay-per-view sync (its ID + Puzzle boundary moved, its kind swapped, an answer's Solution used as a
// signature, its unsigned event times refreshed) runs no handler again, through every adapter and every
// body-parser setup.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createTestPayPerViewSync, createTestStreamNotification } from '../../src/testing.js';
import { NOW, TOKEN } from '../helpers.js';
import { post, record } from './client.js';
import { startExpress, startKoa, targets, type Running, type Target } from './servers.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Base64 MD5 of `text`, by node:crypto: what a signature or a Solution is. */
const md5Base64 = (text: string): string => createHash('md5').update(text).digest('base64');

/** Every way to cut `joined` in two non-empty parts but the genuine one (at `genuineAt`). */
function splits(joined: string, genuineAt = -1): [string, string][] {
  const parts: [string, string][] = [];
  for (let at = 1; at < joined.length; at++) if (at !== genuineAt) parts.push([joined.slice(0, at), joined.slice(at)]);
  return parts;
}

/** A sync body of the attacker's choosing, under a given ID, Puzzle and Signature. */
const syncBody = (id: string, puzzle: string, signature: string): string =>
  JSON.stringify({
    ID: id,
    Signature: signature,
    Puzzle: puzzle,
    PayPerViewInfo: { VHost: [{ name: 'edge', Application: [{ name: 'live', Instance: [{ name: '_definst_', Stream: [{ name: 'x', Player: [{ id: 'victim', ip: '192.0.2.7', delta: 3_600_000 }] }] }] }] }] },
  });

/** A stream notification body of the attacker's choosing, with events at `time`. */
const streamBody = (id: string, puzzle: string, signature: string, time: number): string =>
  JSON.stringify({ ID: id, Puzzle: puzzle, Signature: signature, unpublish: [{ stream: 'live/main', protocol: 'RTMP', time, type: 'push' }] });

const setups: Target[] = [
  ...targets,
  ...(['json', 'text', 'raw', 'app-json-all-types'] as const).map((parser) => ({
    name: `express 5 with ${parser}`,
    handlerFailure: 'framework' as const,
    start: (o: Parameters<Target['start']>[0]) => startExpress(5, o, parser),
  })),
  ...(['@koa/bodyparser', 'koa-bodyparser'] as const).map((parser) => ({
    name: `koa 3 with ${parser}`,
    handlerFailure: 'framework' as const,
    start: (o: Parameters<Target['start']>[0]) => startKoa(3, o, parser),
  })),
];

describe.each(setups)('$name', (setup) => {
  it('one captured sync runs onPayPerViewSync once, whatever is moved, re-kinded or signed with its Solution', async () => {
    const syncs: unknown[] = [];
    const streams: unknown[] = [];
    let clock = NOW + 2000;
    const { options } = record({
      now: () => clock,
      onNotification: undefined,
      onPayPerViewSync: (sync) => {
        syncs.push(sync);
        return { deny: ['victim'] };
      },
      onStreamNotification: (notification) => void streams.push(notification),
    });
    const server = await setup.start(options);
    running.push(server);

    const captured = createTestPayPerViewSync({ token: TOKEN, players: [{ id: 'paid' }] });
    const { ID: id, Puzzle: puzzle, Signature: signature } = JSON.parse(captured.body) as { ID: string; Puzzle: string; Signature: string };
    const first = await post(server.url, captured.body);
    expect(first.status).toBe(200);
    const { Solution: solution } = first.json as { Solution: string };
    expect(solution).toBe(md5Base64(puzzle + TOKEN));
    expect(syncs).toHaveLength(1);

    const attempts: string[] = [];
    // The boundary between ID and Puzzle moved: the same signed text, another ID.
    for (const [movedId, movedPuzzle] of splits(id + puzzle, id.length)) attempts.push(syncBody(movedId, movedPuzzle, signature));
    // The same ID, Puzzle and Signature as a stream notification.
    attempts.push(streamBody(id, puzzle, signature, clock));
    // The Solution of the answer is MD5(Puzzle + token): a signature for any ID + Puzzle that spells the Puzzle.
    for (const [oracleId, oraclePuzzle] of splits(puzzle)) {
      attempts.push(syncBody(oracleId, oraclePuzzle, solution), streamBody(oracleId, oraclePuzzle, solution, clock));
    }
    // The capture itself, an hour and a day less a minute later, with other players.
    attempts.push(syncBody(id, puzzle, signature));
    for (const body of attempts) {
      const answer = await post(server.url, body);
      // A refusal, or a duplicate: never a new call.
      expect([200, 400, 401]).toContain(answer.status);
    }
    clock += 24 * 3600_000 - 60_000;
    const late = await post(server.url, syncBody(id, puzzle, signature));
    expect(late.status).toBe(200);
    // The replay is answered with the first deny list, not the attacker's.
    expect(late.json).toEqual({ DenyList: { ID: ['victim'] }, Solution: solution });
    expect(syncs).toHaveLength(1);
    expect(streams).toHaveLength(0);
  });

  it('one captured stream notification runs onStreamNotification once, whatever is moved, re-kinded or re-timed', async () => {
    const syncs: unknown[] = [];
    const streams: unknown[] = [];
    let clock = NOW + 2000;
    const { options } = record({
      now: () => clock,
      onNotification: undefined,
      onPayPerViewSync: (sync) => void syncs.push(sync),
      onStreamNotification: (notification) => void streams.push(notification),
    });
    const server = await setup.start(options);
    running.push(server);

    // Stamped nearly an hour old: under the old rule its key lived a minute.
    const captured = createTestStreamNotification({ token: TOKEN, time: clock - 3_540_000 });
    const { ID: id, Puzzle: puzzle, Signature: signature } = JSON.parse(captured.body) as { ID: string; Puzzle: string; Signature: string };
    expect((await post(server.url, captured.body)).status).toBe(200);
    expect(streams).toHaveLength(1);

    for (const [movedId, movedPuzzle] of splits(id + puzzle, id.length)) {
      expect([200, 400, 401]).toContain((await post(server.url, streamBody(movedId, movedPuzzle, signature, clock))).status);
    }
    expect([200, 400, 401]).toContain((await post(server.url, syncBody(id, puzzle, signature))).status);
    // Two hours later, then a day less a minute later, with fresh event times: still the same capture.
    for (const later of [2 * 3600_000, 24 * 3600_000 - 60_000 - 2 * 3600_000]) {
      clock += later;
      const replay = await post(server.url, streamBody(id, puzzle, signature, clock));
      expect(replay.status).toBe(200);
      expect(replay.json).toEqual({ received: true, duplicate: true });
    }
    expect(streams).toHaveLength(1);
    expect(syncs).toHaveLength(0);
  });

  it('with syncs on a route of their own (as the docs advise), a capture sent to the other route runs nothing there', async () => {
    const syncs: unknown[] = [];
    const streams: unknown[] = [];
    // One clock for both routes, as in an application: the default store is shared by the receivers of a
    // process that use the same clock.
    const clock = NOW + 2000;
    const now = () => clock;
    const streamRoute = await setup.start(record({ now, onNotification: undefined, onStreamNotification: (n) => void streams.push(n) }).options);
    const syncRoute = await setup.start(record({ now, onNotification: undefined, onPayPerViewSync: (sync) => void syncs.push(sync) }).options);
    running.push(streamRoute, syncRoute);

    const stream = createTestStreamNotification({ token: TOKEN, time: clock });
    const sync = createTestPayPerViewSync({ token: TOKEN, players: [{ id: 'paid' }] });
    expect((await post(streamRoute.url, stream.body)).status).toBe(200);
    expect((await post(syncRoute.url, sync.body)).status).toBe(200);
    const signed = (body: string) => JSON.parse(body) as { ID: string; Puzzle: string; Signature: string };
    const s = signed(stream.body);
    const p = signed(sync.body);
    // The stream capture as a sync with the attacker's players, and the sync capture as a stream notification.
    const rekinded = await post(syncRoute.url, syncBody(s.ID, s.Puzzle, s.Signature));
    expect(rekinded.status).toBe(200);
    expect((await post(streamRoute.url, streamBody(p.ID, p.Puzzle, p.Signature, clock))).json).toEqual({ received: true, duplicate: true });
    expect(syncs).toHaveLength(1);
    expect(streams).toHaveLength(1);
  });
});
