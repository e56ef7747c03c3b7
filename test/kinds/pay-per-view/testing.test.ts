import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHandler } from '../../../src/adapters/node.js';
import { computeSolution } from '../../../src/index.js';
import { createTestPayPerViewSync, readPayPerViewResponse, sendTestPayPerViewSync, type PayPerViewForgery, type TestPayPerViewSyncOptions } from '../../../src/testing.js';
import { useBundledFixture } from '../../fixtures/bundle.js';

const token = 'helper-token';

describe('sendTestPayPerViewSync and readPayPerViewResponse', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const handle = createNodeHandler({ token, onPayPerViewSync: (sync) => ({ deny: sync.players.map((player) => player.id).filter((id) => id.startsWith('x')) }) });
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs a sync to a real handler and reads its deny list, the Solution valid for the sync sent', async () => {
    const { response, sync } = await sendTestPayPerViewSync(url, { token, players: [{ id: 'x1' }, { id: 'ok' }, { id: 'x2', stream: 'vod/y' }] });
    expect(response.status).toBe(200);
    expect(readPayPerViewResponse(await response.text(), { puzzle: sync.puzzle!, token })).toEqual({ deny: ['x1', 'x2'], solution: 'valid' });
  });

  it.each<[PayPerViewForgery, number]>([
    ['wrong-token', 401],
    ['tampered-signature', 401],
    ['unsigned', 401],
  ])('forge: %s gets %i', async (forge, status) => {
    expect((await sendTestPayPerViewSync(url, { token, forge })).response.status).toBe(status);
  });

  it('tells a missing or wrong Solution, reads integer ids as strings, and refuses what is not an answer', () => {
    const puzzle = 'p';
    expect(readPayPerViewResponse('{"DenyList":{"ID":[3]}}', { puzzle, token })).toEqual({ deny: ['3'], solution: 'missing' });
    expect(readPayPerViewResponse(`{"Solution":"${computeSolution(puzzle, 'other')}"}`, { puzzle, token })).toEqual({ deny: [], solution: 'wrong' });
    expect(readPayPerViewResponse(`{"Solution":"${computeSolution(puzzle, token)}"}`, { puzzle, token }).solution).toBe('valid');
    for (const body of ['', 'ok', '[]', '{"DenyList":["1"]}', '{"DenyList":{"ID":[{}]}}']) {
      expect(() => readPayPerViewResponse(body, { puzzle, token })).toThrow(TypeError);
    }
  });
});

/**
 * The body createTestPayPerViewSync made before it was linear (0.1.0, copied verbatim but for the signature,
 * made here with node:crypto): the reference its output must still match byte for byte. Quadratic in the
 * players of one stream, so only for small lists.
 */
function referenceSyncBody(options: TestPayPerViewSyncOptions & { id: string; puzzle: string; forge?: 'unsigned' }): string {
  const { token, format = 'nimble', players = [{ id: '1' }], forge, id, puzzle } = options;
  const signature = createHash('md5').update(id + puzzle + token).digest('base64');
  const apps = new Map<string, Map<string, object[]>>();
  let session = 1000;
  for (const player of players) {
    const path = player.stream ?? 'live/stream';
    const slash = path.indexOf('/');
    const app = path.slice(0, slash);
    const stream = path.slice(slash + 1);
    const ip = player.ip ?? '127.0.0.1';
    const delta = player.delta ?? 30_000;
    const item =
      format === 'nimble'
        ? { id: player.id, ip, sessionid: String(++session), delta, bytes_sent: delta * 1000, user_agents: ['Mozilla/5.0 (wmspanel-notifications test)'] }
        : { id: player.id, ip, delta };
    const streams = apps.get(app) ?? new Map<string, object[]>();
    apps.set(app, streams);
    streams.set(stream, [...(streams.get(stream) ?? []), item]);
  }
  const tree = [...apps].map(([app, streams]) => ({
    name: app,
    Instance: [{ name: '_definst_', Stream: [...streams].map(([name, list]) => ({ name, Player: list })) }],
  }));
  const info = players.length === 0 ? {} : { VHost: [{ name: format === 'nimble' ? 'edge.example.com' : '_defaultVHost_', Application: tree }] };
  const signed = forge === 'unsigned' ? {} : { Signature: signature, Puzzle: puzzle };
  return JSON.stringify({ ID: id, ...signed, PayPerViewInfo: info });
}

describe('createTestPayPerViewSync', () => {
  const player = fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 6 }),
      // Few apps and streams, so that players share them and the grouping shows.
      stream: fc.constantFrom('live/a', 'live/b', 'vod/a', 'vod/folder/movie.mp4', 'app/live'),
      ip: fc.constantFrom('192.0.2.1', '2001:db8::1'),
      delta: fc.nat(1_000_000),
    },
    { requiredKeys: ['id'] },
  );

  it('property: makes the same bytes as the 0.1.0 implementation (both formats, signed or not)', () => {
    fc.assert(
      fc.property(fc.array(player, { maxLength: 40 }), fc.constantFrom('nimble', 'wowza'), fc.constantFrom(undefined, 'unsigned'), (players, format, forge) => {
        const options = { token: 'kit-token', id: 'sync-id', puzzle: 'sync-puzzle', players, format, ...(forge === undefined ? {} : { forge }) } as const;
        expect(createTestPayPerViewSync(options).body).toBe(referenceSyncBody(options));
      }),
      { numRuns: 500 },
    );
  });

  it.each([1, 7])('makes the same bytes as the 0.1.0 implementation for 3,000 players on %i streams', (streams) => {
    const players = Array.from({ length: 3000 }, (_, i) => ({ id: `viewer-${i}`, stream: `app-${i % 3}/stream-${i % streams}` }));
    const options = { token: 'kit-token', id: 'sync-id', puzzle: 'sync-puzzle', players };
    expect(createTestPayPerViewSync(options).body).toBe(referenceSyncBody(options));
  });

  describe('at scale, in a fresh process', () => {
    const kit = useBundledFixture(new URL('../../fixtures/kits/large-pay-per-view-sync.ts', import.meta.url), 'large-pay-per-view-sync');

    // Not a speed target: the linear build takes a second or two, the quadratic one it replaced (a copy of
    // the stream's list per player) took minutes (20,000 players 2 s, 40,000 10 s), so any deadline far
    // above the first tells them apart. The child is killed at it, rather than holding the test run.
    it('builds a sync of 300,000 players on one stream before a generous deadline (60 s), with the expected bytes', async () => {
      const count = 300_000;
      const { stdout } = await promisify(execFile)(process.execPath, [kit.path(), String(count)], { timeout: 60_000, maxBuffer: 1024 * 1024 });
      const result = JSON.parse(stdout) as { players: number; lastId: string; playersOnTheStream: number; sha256: string };
      // The body as Nimble sends it, built here directly (one stream: no grouping to do).
      const expected = JSON.stringify({
        ID: 'sync-id',
        Signature: createHash('md5').update('sync-idsync-puzzlekit-token').digest('base64'),
        Puzzle: 'sync-puzzle',
        PayPerViewInfo: {
          VHost: [
            {
              name: 'edge.example.com',
              Application: [
                {
                  name: 'live',
                  Instance: [
                    {
                      name: '_definst_',
                      Stream: [
                        {
                          name: 'stream',
                          Player: Array.from({ length: count }, (_, i) => ({
                            id: `viewer-${i}`,
                            ip: '127.0.0.1',
                            sessionid: String(1001 + i),
                            delta: 30_000,
                            bytes_sent: 30_000_000,
                            user_agents: ['Mozilla/5.0 (wmspanel-notifications test)'],
                          })),
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      });
      expect(result).toEqual({
        players: count,
        lastId: `viewer-${count - 1}`,
        playersOnTheStream: count,
        sha256: createHash('sha256').update(expected).digest('hex'),
      });
    }, 90_000);
  });
});
