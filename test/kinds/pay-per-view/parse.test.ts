import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePayPerViewSync, verifyPayPerViewSync, type NotificationErrorCode } from '../../../src/index.js';
import { createTestPayPerViewSync, createTestStreamNotification } from '../../../src/testing.js';
import { codeOf, expectCode, throwsOnlyNotificationErrors } from '../../helpers.js';
import { NIMBLE_SYNC, NIMBLE_TOKEN, TOKEN, WOWZA_SYNC } from './samples.js';

describe('parsePayPerViewSync(body)', () => {
  it('flattens the Wowza sample: four players of vod/sample.mp4, ids and deltas as sent', () => {
    const sync = parsePayPerViewSync(WOWZA_SYNC);
    expect(sync).toMatchObject({ id: '35465921-42f0-4a98-91b1-74305f329b4f', puzzle: 'e34b51a3-4018-4707-8afe-890409202ec8', signature: 'flPsWZPshoBFwy/Ah464OQ==' });
    expect(sync.players).toEqual([
      { id: '1', ip: '192.168.10.10', delta: 286786, vhost: '_defaultVHost_', app: 'vod', instance: '_definst_', stream: 'sample.mp4' },
      { id: '2', ip: '192.168.10.11', delta: 263791, vhost: '_defaultVHost_', app: 'vod', instance: '_definst_', stream: 'sample.mp4' },
      { id: '4', ip: '127.0.0.1', delta: 30031, vhost: '_defaultVHost_', app: 'vod', instance: '_definst_', stream: 'sample.mp4' },
      { id: '5', ip: '127.0.0.1', delta: 10563, vhost: '_defaultVHost_', app: 'vod', instance: '_definst_', stream: 'sample.mp4' },
    ]);
  });

  it('reads a Nimble sync: two applications, session ids, bytes sent, user agents, a stream with a slash', () => {
    const { players } = verifyPayPerViewSync(NIMBLE_SYNC, { token: NIMBLE_TOKEN });
    expect(players).toEqual([
      {
        id: '500',
        ip: '127.0.0.1',
        sessionId: '1001',
        delta: 7000,
        bytesSent: 13981102,
        userAgents: ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.4 Safari/605.1.15'],
        vhost: 'your-edgeserver.yourdomain.com',
        app: 'live',
        instance: '_definst_',
        stream: 'livestream',
      },
      {
        id: '599',
        ip: '127.0.0.1',
        sessionId: '1010',
        delta: 15000,
        bytesSent: 4309566,
        userAgents: ['Mozilla/5.0 (Windows NT 10.0; Win64; x64)'],
        vhost: 'your-edgeserver.yourdomain.com',
        app: 'vod_abr',
        instance: '_definst_',
        stream: 'vodfile/smil:vod.smil',
      },
    ]);
  });

  it.each([
    ['an empty PayPerViewInfo (nobody watches)', { PayPerViewInfo: {} }],
    ['a null PayPerViewInfo', { PayPerViewInfo: null }],
    ['an empty VHost list', { PayPerViewInfo: { VHost: [] } }],
    ['a stream without players', { PayPerViewInfo: { VHost: [{ name: 'v', Application: [{ name: 'a', Instance: [{ name: 'i', Stream: [{ name: 's' }] }] }] }] } }],
  ])('reads %s as a sync without players', (_, rest) => {
    expect(parsePayPerViewSync({ ID: 'x', ...rest }).players).toEqual([]);
  });

  it('refuses a body without PayPerViewInfo, naming the field: a stream notification carries the same signed ID and Puzzle, and is never a sync', () => {
    expect(expectCode(() => parsePayPerViewSync({ ID: 'x' }), 'INVALID_NOTIFICATION').message).toContain('"PayPerViewInfo" is missing');
    const stream = createTestStreamNotification({ token: TOKEN });
    expect(expectCode(() => verifyPayPerViewSync(stream.body, { token: TOKEN }), 'INVALID_NOTIFICATION').message).toContain('stream notification');
  });

  it('reads players without ip or user_agents (Nimble may leave them out), numbers as ids, and single objects for lists', () => {
    const sync = parsePayPerViewSync({
      ID: 'x',
      PayPerViewInfo: { VHost: { name: 'v', Application: { name: 'a', Instance: { name: 'i', Stream: { name: 's', Player: [{ id: 7, sessionid: 99, delta: 1 }, { id: 'b', ip: null }] } } } } },
    });
    expect(sync.players).toEqual([
      { id: '7', sessionId: '99', delta: 1, vhost: 'v', app: 'a', instance: 'i', stream: 's' },
      { id: 'b', vhost: 'v', app: 'a', instance: 'i', stream: 's' },
    ]);
  });

  it('reads own fields only: inherited ones of a parsed object, or of a polluted Object.prototype, are not in the body', () => {
    const inherited = Object.create({ id: 'inherited', ip: '6.6.6.6' }) as Record<string, unknown>;
    inherited.delta = 5;
    const tree = (playerItem: object) => ({ ID: 'x', PayPerViewInfo: { VHost: [{ Application: [{ Instance: [{ Stream: [{ Player: [playerItem] }] }] }] }] } });
    expectCode(() => parsePayPerViewSync(tree(inherited)), 'INVALID_NOTIFICATION');
    const text = JSON.stringify(tree({ id: '1' }));
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.ip = '6.6.6.6';
    try {
      // (Every object inherits the polluted `ip`: the player must not have one of its own.)
      expect(Object.hasOwn(parsePayPerViewSync(text).players[0]!, 'ip')).toBe(false);
      expect(Object.hasOwn(parsePayPerViewSync(tree({ id: '1' })).players[0]!, 'ip')).toBe(false);
    } finally {
      delete prototype.ip;
    }
  });

  it('reads 10,000 players, in order', () => {
    const players = Array.from({ length: 10_000 }, (_, i) => ({ id: String(i), stream: `live/s${i % 7}` }));
    const { body } = createTestPayPerViewSync({ token: TOKEN, players });
    const sync = verifyPayPerViewSync(body, { token: TOKEN });
    expect(sync.players).toHaveLength(10_000);
    expect(new Set(sync.players.map((p) => p.id)).size).toBe(10_000);
    // Grouped by stream as the tree is (in the order the streams were first seen), each stream's players in
    // the order sent.
    const grouped = [0, 1, 2, 3, 4, 5, 6].flatMap((stream) => players.filter((_, i) => i % 7 === stream));
    expect(sync.players.map((p) => ({ id: p.id, stream: `${p.app}/${p.stream}` }))).toEqual(grouped);
  });

  const player = (fields: Record<string, unknown>) => ({
    ID: 'x',
    PayPerViewInfo: { VHost: [{ name: 'v', Application: [{ name: 'a', Instance: [{ name: 'i', Stream: [{ name: 's', Player: [fields] }] }] }] }] },
  });
  it.each<[string, unknown, NotificationErrorCode]>([
    ['an empty body', '', 'INVALID_JSON'],
    ['broken JSON', '{"ID":', 'INVALID_JSON'],
    ['an XML sync', '<?xml version="1.0"?><ApiSyncRequest><ID>1</ID></ApiSyncRequest>', 'XML_NOT_SUPPORTED'],
    ['XML after white space, as bytes', new TextEncoder().encode('\n  <ApiSyncRequest/>'), 'XML_NOT_SUPPORTED'],
    ['an array', '[]', 'INVALID_NOTIFICATION'],
    ['no ID', { PayPerViewInfo: {} }, 'INVALID_NOTIFICATION'],
    ['a numeric ID', { ID: 5, PayPerViewInfo: {} }, 'INVALID_NOTIFICATION'],
    ['a numeric Puzzle', { ID: 'x', Puzzle: 5 }, 'INVALID_NOTIFICATION'],
    ['PayPerViewInfo as a list', { ID: 'x', PayPerViewInfo: [] }, 'INVALID_NOTIFICATION'],
    ['VHost as a string', { ID: 'x', PayPerViewInfo: { VHost: 'v' } }, 'INVALID_NOTIFICATION'],
    ['a player list holding a number', { ID: 'x', PayPerViewInfo: { VHost: [{ Application: [{ Instance: [{ Stream: [{ Player: [1] }] }] }] }] } }, 'INVALID_NOTIFICATION'],
    ['a player without an id', player({ ip: '1.2.3.4' }), 'INVALID_NOTIFICATION'],
    ['an empty player id', player({ id: '' }), 'INVALID_NOTIFICATION'],
    ['a fractional player id', player({ id: 1.5 }), 'INVALID_NOTIFICATION'],
    ['a negative delta', player({ id: '1', delta: -1 }), 'INVALID_NOTIFICATION'],
    ['a delta as text', player({ id: '1', delta: '10' }), 'INVALID_NOTIFICATION'],
    ['bytes_sent as text', player({ id: '1', bytes_sent: 'many' }), 'INVALID_NOTIFICATION'],
    ['user_agents as a string', player({ id: '1', user_agents: 'Mozilla' }), 'INVALID_NOTIFICATION'],
    ['user_agents holding a number', player({ id: '1', user_agents: [5] }), 'INVALID_NOTIFICATION'],
    ['a numeric ip', player({ id: '1', ip: 5 }), 'INVALID_NOTIFICATION'],
    ['a 2,000-character id', player({ id: 'x'.repeat(2000) }), 'INVALID_NOTIFICATION'],
    ['a numeric stream name', { ID: 'x', PayPerViewInfo: { VHost: [{ Application: [{ Instance: [{ Stream: [{ name: 5 }] }] }] }] } }, 'INVALID_NOTIFICATION'],
  ])('refuses %s with %s', (_, body, code) => {
    expect(codeOf(() => parsePayPerViewSync(body))).toBe(code);
  });

  it('says where the bad field is, and never quotes the body', () => {
    const secretish = 'x'.repeat(10) + 'SECRET';
    const error = expectCode(() => parsePayPerViewSync(player({ id: '1', delta: secretish })), 'INVALID_NOTIFICATION');
    expect(String(error)).toContain('"delta" of player 1');
    expect(String(error)).not.toContain('SECRET');
  });

  it('property: throws nothing but a NotificationError, whatever the input', () => {
    const level = (inner: fc.Arbitrary<unknown>) => fc.oneof(fc.anything(), fc.array(fc.record({ name: fc.anything(), inner }, { requiredKeys: [] })));
    const shaped = fc.record(
      {
        ID: fc.oneof(fc.string(), fc.anything()),
        Puzzle: fc.anything(),
        PayPerViewInfo: fc.oneof(fc.anything(), fc.record({ VHost: level(level(fc.anything())) }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue(), shaped, fc.anything()), throwsOnlyNotificationErrors(parsePayPerViewSync)),
      { numRuns: 3000 },
    );
  });

  it('property: a test sync of any players parses back to those players', () => {
    const idArb = fc.string({ minLength: 1, maxLength: 20 });
    const playerArb = fc.record({ id: idArb, stream: fc.constantFrom('live/a', 'live/b', 'vod/x/y.mp4'), delta: fc.nat() });
    fc.assert(
      fc.property(fc.array(playerArb, { maxLength: 30 }), fc.constantFrom('nimble' as const, 'wowza' as const), (players, format) => {
        const { sync } = createTestPayPerViewSync({ token: TOKEN, players, format });
        const got = sync.players.map((p) => ({ id: p.id, stream: `${p.app}/${p.stream}`, delta: p.delta }));
        // Grouped by application and stream, as the tree is; each group in the order given.
        const expected = [...players].sort((a, b) => order(players, a) - order(players, b));
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

/** The position of a player's group (application, then stream, in first-seen order), then its own. */
function order(players: { stream: string }[], player: { stream: string }): number {
  const apps = [...new Set(players.map((p) => p.stream.split('/')[0]))];
  const app = player.stream.split('/')[0];
  const streams = [...new Set(players.filter((p) => p.stream.split('/')[0] === app).map((p) => p.stream))];
  return apps.indexOf(app) * 1e6 + streams.indexOf(player.stream) * 1e3 + players.indexOf(player) / 1e3;
}
