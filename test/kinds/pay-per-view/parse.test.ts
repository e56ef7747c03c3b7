import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  computeSolution,
  createMemoryReplayStore,
  createNotificationReceiver,
  createPayPerViewResponse,
  parsePayPerViewSync,
  verifyPayPerViewSync,
  type NotificationErrorCode,
  type PayPerViewSync,
  type ReplayStore,
} from '../../../src/index.js';
import { createTestPayPerViewSync, createTestStreamNotification, readPayPerViewResponse } from '../../../src/testing.js';
import { codeOf, throwsOnlyNotificationErrors } from '../../helpers.js';
import vectors from '../../fixtures/pay-per-view-vectors.json' with { type: 'json' };

const TOKEN = 'ppv-token-51d2';
const md5Base64 = (text: string): string => createHash('md5').update(text, 'utf8').digest('base64');


// Softvelum's sample (paywall-code-samples-wmsauth pay-per-view/ppv_sync.json): the Wowza agent's sync.
const WOWZA_SYNC =
  '{"ID":"35465921-42f0-4a98-91b1-74305f329b4f","Signature":"flPsWZPshoBFwy/Ah464OQ==","Puzzle":"e34b51a3-4018-4707-8afe-890409202ec8","PayPerViewInfo":{"VHost":[{"name":"_defaultVHost_","Application":[{"name":"vod","Instance":[{"name":"_definst_","Stream":[{"name":"sample.mp4","Player":[{"id":"1","ip":"192.168.10.10","delta":286786},{"id":"2","ip":"192.168.10.11","delta":263791},{"id":"4","ip":"127.0.0.1","delta":30031},{"id":"5","ip":"127.0.0.1","delta":10563}]}]}]}]}]}}';
// A Nimble sync as published with its token (kev-ac/wmspanel-ppv-parser's tests; data only): escaped
// slashes, a stream name with a slash, sessionid, bytes_sent and user_agents.
const NIMBLE_TOKEN = 'bc91b48588048871f4b898af9371ccc8';
const NIMBLE_SYNC =
  '{"ID":"5f0d5962-33b1-5137-ae6a-32776bcabc69","Signature":"7r/RZeJ18rMuRYc8luBdFQ==","Puzzle":"8c537e85-9684-a3b5-cbd9-bbebe952b103","PayPerViewInfo":{"VHost":[{"name":"your-edgeserver.yourdomain.com","Application":[{"name":"live","Instance":[{"name":"_definst_","Stream":[{"name":"livestream","Player":[{"id":"500","ip":"127.0.0.1","sessionid":"1001","delta":7000,"bytes_sent":13981102,"user_agents":["Mozilla\\/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit\\/605.1.15 (KHTML, like Gecko) Version\\/15.4 Safari\\/605.1.15"]}]}]}]},{"name":"vod_abr","Instance":[{"name":"_definst_","Stream":[{"name":"vodfile\\/smil:vod.smil","Player":[{"id":"599","ip":"127.0.0.1","sessionid":"1010","delta":15000,"bytes_sent":4309566,"user_agents":["Mozilla\\/5.0 (Windows NT 10.0; Win64; x64)"]}]}]}]}]}]}}';

describe('computeSignature and computeSolution match OpenSSL', () => {
  it.each(vectors.syncs)('for ID $id', ({ id, puzzle, token, signature, solution }) => {
    expect(computeSignature(id, puzzle, token)).toBe(signature);
    expect(computeSolution(puzzle, token)).toBe(solution);
  });

  it('computeSolution matches node:crypto on random input, non-ASCII included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (puzzle, token) => computeSolution(puzzle, token) === md5Base64(puzzle + token)),
      { numRuns: 1000 },
    );
  });
});

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
    expect(() => parsePayPerViewSync({ ID: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_NOTIFICATION', message: expect.stringContaining('"PayPerViewInfo" is missing') }));
    const stream = createTestStreamNotification({ token: TOKEN });
    expect(() => verifyPayPerViewSync(stream.body, { token: TOKEN })).toThrow(expect.objectContaining({ code: 'INVALID_NOTIFICATION', message: expect.stringContaining('stream notification') }));
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
    expect(codeOf(() => parsePayPerViewSync(tree(inherited)))).toBe('INVALID_NOTIFICATION');
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
    expect(sync.players.filter((p) => p.stream === 's3').every((p) => Number(p.id) % 7 === 3)).toBe(true);
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
    try {
      parsePayPerViewSync(player({ id: '1', delta: secretish }));
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toContain('"delta" of player 1');
      expect(String(error)).not.toContain('SECRET');
    }
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

describe('verifyPayPerViewSync(body, { token })', () => {
  it.each([
    ['wrong-token', 'INVALID_SIGNATURE'],
    ['tampered-signature', 'INVALID_SIGNATURE'],
    ['unsigned', 'INVALID_SIGNATURE'],
  ] as const)('refuses a %s sync with %s', (forge, code) => {
    expect(codeOf(() => verifyPayPerViewSync(createTestPayPerViewSync({ token: TOKEN, forge }).body, { token: TOKEN }))).toBe(code);
  });

  it('accepts the Softvelum-format sync under any token while rotating, and never puts a token or signature in an error', () => {
    expect(verifyPayPerViewSync(NIMBLE_SYNC, { token: ['new-token', NIMBLE_TOKEN] }).players).toHaveLength(2);
    try {
      verifyPayPerViewSync(NIMBLE_SYNC, { token: 'another-token' });
      expect.unreachable();
    } catch (error) {
      const text = JSON.stringify(error) + String(error);
      expect(text).toContain('INVALID_SIGNATURE');
      expect(text).not.toContain('another-token');
      expect(text).not.toContain(computeSignature('5f0d5962-33b1-5137-ae6a-32776bcabc69', '8c537e85-9684-a3b5-cbd9-bbebe952b103', 'another-token'));
    }
  });

  it('settles the signature before it reads a single player: a forged sync\'s tree is never walked', () => {
    const { body } = createTestPayPerViewSync({ token: 'another-token' });
    let reads = 0;
    const count = (): undefined => {
      reads++;
      return undefined;
    };
    const tree = new Proxy({}, { get: count, has: () => count() !== undefined, getOwnPropertyDescriptor: count, ownKeys: () => (count(), []) });
    const parsed = { ...(JSON.parse(body) as object), PayPerViewInfo: tree };
    expect(codeOf(() => verifyPayPerViewSync(parsed, { token: TOKEN }))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verifyPayPerViewSync({ ...parsed, Signature: undefined }, { token: TOKEN }))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verifyPayPerViewSync({ ...parsed, ID: 'not-a-uuid' }, { token: TOKEN }))).toBe('INVALID_NOTIFICATION');
    expect(reads).toBe(0);
  });

  it.each([
    ['an ID that is not a UUID', { ID: '1' }, /"ID" must be a UUID/],
    ['a Puzzle that is not a UUID', { Puzzle: '42342-33434-343434-34343' }, /"Puzzle" must be a UUID/],
  ])('refuses %s with INVALID_NOTIFICATION, saying so, before the signature', (_name, change, message) => {
    const value = { ...(JSON.parse(createTestPayPerViewSync({ token: TOKEN }).body) as object), ...change };
    expect(() => verifyPayPerViewSync(value, { token: TOKEN })).toThrow(message);
  });

  it('property: a signed sync verifies; another ID, Puzzle or token fails; no other cut of ID + Puzzle is taken', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.uuid(), fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 71 }), (id, puzzle, other, token, change, cut) => {
        fc.pre(token.trim() !== '' && token.trim() === token && other !== id && other !== puzzle);
        const { body } = createTestPayPerViewSync({ token, id, puzzle });
        expect(codeOf(() => verifyPayPerViewSync(body, { token }))).toBe('passed');
        const value = JSON.parse(body) as Record<string, unknown>;
        expect(codeOf(() => verifyPayPerViewSync({ ...value, ID: other }, { token }))).toBe('INVALID_SIGNATURE');
        expect(codeOf(() => verifyPayPerViewSync({ ...value, Puzzle: other }, { token }))).toBe('INVALID_SIGNATURE');
        // The signed text cut elsewhere: the same signature, refused for the form before it is checked.
        const joined = id + puzzle;
        if (cut !== 36) expect(codeOf(() => verifyPayPerViewSync({ ...value, ID: joined.slice(0, cut), Puzzle: joined.slice(cut) }, { token }))).toBe('INVALID_NOTIFICATION');
        if ((token + change).trim() === token + change) expect(codeOf(() => verifyPayPerViewSync(body, { token: token + change }))).toBe('INVALID_SIGNATURE');
      }),
      { numRuns: 300 },
    );
  });

  it('takes a missing or empty token as a TypeError', () => {
    expect(() => verifyPayPerViewSync(WOWZA_SYNC, { token: '' })).toThrow(TypeError);
    expect(() => verifyPayPerViewSync(WOWZA_SYNC, {} as { token: string })).toThrow(TypeError);
  });
});

describe('createPayPerViewResponse({ puzzle, token, deny })', () => {
  const puzzle = 'e34b51a3-4018-4707-8afe-890409202ec8';

  it('answers the deny list as strings, each once, with the Solution (node:crypto)', () => {
    expect(createPayPerViewResponse({ puzzle, token: 'secret', deny: ['2', 1, '2', 3] })).toEqual({
      DenyList: { ID: ['2', '1', '3'] },
      Solution: md5Base64(`${puzzle}secret`),
    });
  });

  it('takes any iterable, and no deny list as an empty one; the Solution is always there', () => {
    function* ids() {
      yield 'a';
      yield 'b';
    }
    expect(createPayPerViewResponse({ puzzle, token: 'secret', deny: new Set(['x']) }).DenyList.ID).toEqual(['x']);
    expect(createPayPerViewResponse({ puzzle, token: 'secret', deny: ids() }).DenyList.ID).toEqual(['a', 'b']);
    expect(JSON.stringify(createPayPerViewResponse({ puzzle, token: 'secret' }))).toBe(`{"DenyList":{"ID":[]},"Solution":"${md5Base64(`${puzzle}secret`)}"}`);
  });

  it.each<[string, unknown]>([
    ['a string deny list (iterable by character)', { puzzle, token: 't', deny: '123' }],
    ['a number deny list', { puzzle, token: 't', deny: 5 }],
    ['an id that is an object', { puzzle, token: 't', deny: [{ id: 1 }] }],
    ['an empty id', { puzzle, token: 't', deny: [''] }],
    ['a fractional id', { puzzle, token: 't', deny: [1.5] }],
    ['no token', { puzzle, deny: [] }],
    ['an empty puzzle', { puzzle: '', token: 't' }],
    // Its Solution would sign the ID + Puzzle of a new request: the Solution oracle.
    ['a puzzle that is not a UUID (72 characters: a new ID + Puzzle)', { puzzle: `${puzzle}${puzzle}`, token: 't' }],
    ['a puzzle that is not a UUID (a placeholder)', { puzzle: '42342-33434-343434-34343', token: 't' }],
    ['nothing', undefined],
  ])('refuses %s with a TypeError', (_, options) => {
    expect(() => createPayPerViewResponse(options as never)).toThrow(TypeError);
  });
});

describe('the receive step with onPayPerViewSync', () => {
  const receiverWith = (onPayPerViewSync: (sync: PayPerViewSync) => unknown, extra: Record<string, unknown> = {}) =>
    createNotificationReceiver({ token: TOKEN, onPayPerViewSync: onPayPerViewSync as never, onError: () => undefined, ...extra });
  const post = (body: unknown) => ({ method: 'POST', readBody: async () => body });

  it('answers 200 with the deny list and the Solution for the sync\'s puzzle', async () => {
    const { body, sync } = createTestPayPerViewSync({ token: TOKEN, players: [{ id: '1' }, { id: '2' }, { id: '3' }] });
    const result = await receiverWith((s) => ({ deny: s.players.filter((p) => p.id !== '2').map((p) => p.id) })).receive(post(body));
    expect(result).toMatchObject({ outcome: 'accepted', status: 200 });
    expect(JSON.parse(result.body)).toEqual({ DenyList: { ID: ['1', '3'] }, Solution: md5Base64(sync.puzzle! + TOKEN) });
    expect(readPayPerViewResponse(result.body, { puzzle: sync.puzzle!, token: TOKEN })).toEqual({ deny: ['1', '3'], solution: 'valid' });
  });

  it('answers the empty deny list when the handler returns nothing, or a decision without deny', async () => {
    for (const returned of [undefined, null, {}, Promise.resolve(undefined)]) {
      const { body } = createTestPayPerViewSync({ token: TOKEN });
      const result = await receiverWith(() => returned).receive(post(body));
      expect(result.status).toBe(200);
      expect(JSON.parse(result.body).DenyList).toEqual({ ID: [] });
    }
  });

  it('makes the Solution of the puzzle as sent, even when the handler changes the sync object', async () => {
    const { body, sync } = createTestPayPerViewSync({ token: TOKEN });
    const result = await receiverWith((s) => {
      s.puzzle = 'changed';
      delete s.signature;
      return { deny: ['1'] };
    }).receive(post(body));
    expect(JSON.parse(result.body).Solution).toBe(md5Base64(sync.puzzle! + TOKEN));
  });

  it('signs the Solution with the token that signed the sync, while rotating', async () => {
    const { body, sync } = createTestPayPerViewSync({ token: 'old-token' });
    const result = await receiverWith(() => ({ deny: ['1'] }), { token: ['new-token', 'old-token'] }).receive(post(body));
    expect(JSON.parse(result.body).Solution).toBe(md5Base64(`${sync.puzzle!}old-token`));
  });

  it('answers a replay with the first deny list, without calling the handler again', async () => {
    let calls = 0;
    const receiver = receiverWith(() => ({ deny: [`call-${++calls}`] }));
    const { body } = createTestPayPerViewSync({ token: TOKEN });
    const first = await receiver.receive(post(body));
    const again = await receiver.receive(post(body));
    expect(again).toMatchObject({ outcome: 'duplicate', status: 200 });
    expect(again.body).toBe(first.body);
    expect(calls).toBe(1);
  });

  it('a replay with other players (they are not signed) is answered the first deny list too', async () => {
    let calls = 0;
    const receiver = receiverWith((sync) => ({ deny: sync.players.map((p) => `${p.id}-${++calls}`) }));
    const { body } = createTestPayPerViewSync({ token: TOKEN, players: [{ id: 'a' }] });
    const first = await receiver.receive(post(body));
    const tampered = JSON.parse(body) as { PayPerViewInfo: unknown };
    tampered.PayPerViewInfo = {};
    const again = await receiver.receive(post(JSON.stringify(tampered)));
    expect(again.body).toBe(first.body);
    expect(calls).toBe(1);
  });

  it('a store that keeps no answer: the replay gets the empty deny list with its Solution, and onError is told', async () => {
    const inner = createMemoryReplayStore();
    const forgetful: ReplayStore = {
      reserve: (key, lease, delivery) => {
        const state = inner.reserve(key, lease, delivery);
        return typeof state === 'object' ? 'done' : state;
      },
      commit: (key, ttl, delivery) => inner.commit(key, ttl, delivery),
      release: (key, delivery) => inner.release(key, delivery),
    };
    const errors: unknown[] = [];
    let calls = 0;
    const receiver = createNotificationReceiver({
      token: TOKEN,
      replayStore: forgetful,
      onPayPerViewSync: () => ({ deny: [`${++calls}`] }),
      onError: (error) => void errors.push(error),
    });
    const { body, sync } = createTestPayPerViewSync({ token: TOKEN });
    await receiver.receive(post(body));
    const again = await receiver.receive(post(body));
    expect(calls).toBe(1);
    expect(JSON.parse(again.body)).toEqual({ DenyList: { ID: [] }, Solution: md5Base64(sync.puzzle! + TOKEN) });
    expect(String(errors[0])).toMatch(/kept no answer/);
  });

  it('a store that corrupted the answer: the same, never a 500 or broken JSON', async () => {
    const inner = createMemoryReplayStore();
    const corrupting: ReplayStore = {
      reserve: (key, lease, delivery) => {
        const state = inner.reserve(key, lease, delivery);
        return typeof state === 'object' ? { state: 'done', answer: '{"not":"a list' } : state;
      },
      commit: (key, ttl, delivery, answer) => inner.commit(key, ttl, delivery, answer),
      release: (key, delivery) => inner.release(key, delivery),
    };
    const errors: unknown[] = [];
    const receiver = createNotificationReceiver({ token: TOKEN, replayStore: corrupting, onPayPerViewSync: () => ({ deny: ['1'] }), onError: (e) => void errors.push(e) });
    const { body } = createTestPayPerViewSync({ token: TOKEN });
    await receiver.receive(post(body));
    const again = await receiver.receive(post(body));
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body).DenyList).toEqual({ ID: [] });
    expect(errors).toHaveLength(1);
  });

  it.each<[string, unknown]>([
    ['a bare list', ['1', '2']],
    ['a string', 'deny all'],
    ['deny as a string', { deny: '12' }],
    ['deny holding objects', { deny: [{ id: '1' }] }],
    ['a promise of a bare list', Promise.resolve(['1'])],
  ])('a handler returning %s failed (500), and its retry runs the handler again', async (_, returned) => {
    let calls = 0;
    const errors: unknown[] = [];
    const receiver = createNotificationReceiver({
      token: TOKEN,
      onPayPerViewSync: (() => {
        calls++;
        return returned;
      }) as never,
      onError: (error) => void errors.push(error),
    });
    const { body } = createTestPayPerViewSync({ token: TOKEN });
    const result = await receiver.receive(post(body));
    expect(result).toMatchObject({ outcome: 'failed', status: 500 });
    expect(result.body).not.toContain('DenyList');
    // onError: HANDLER_FAILED, with the TypeError for what the handler returned as its cause.
    expect(errors[0]).toMatchObject({ code: 'HANDLER_FAILED', cause: expect.any(TypeError) });
    await receiver.receive(post(body));
    expect(calls).toBe(2);
  });

  it('a handler that throws is 500, one that hangs is 503 HANDLER_TIMEOUT, and neither answers a deny list', async () => {
    const { body } = createTestPayPerViewSync({ token: TOKEN });
    const thrown = await receiverWith(() => {
      throw new Error('db down');
    }).receive(post(body));
    expect(thrown.status).toBe(500);
    const hung = await receiverWith(() => new Promise(() => undefined), { handlerTimeoutMs: 20 }).receive(post(createTestPayPerViewSync({ token: TOKEN }).body));
    expect(hung.status).toBe(503);
    expect(JSON.parse(hung.body).error.code).toBe('HANDLER_TIMEOUT');
  });

  it('refuses an XML sync with 415 XML_NOT_SUPPORTED, and a forged one with 401', async () => {
    const receiver = receiverWith(() => undefined);
    const xml = await receiver.receive(post('<?xml version="1.0"?><ApiSyncRequest/>'));
    expect(xml.status).toBe(415);
    expect(JSON.parse(xml.body).error.code).toBe('XML_NOT_SUPPORTED');
    const forged = await receiver.receive(post(createTestPayPerViewSync({ token: TOKEN, forge: 'wrong-token' }).body));
    expect(forged.status).toBe(401);
  });

  it('dispatches syncs, stream notifications and server status at one endpoint', async () => {
    const seen: string[] = [];
    const { createTestStreamNotification, createTestNotification } = await import('../../../src/testing.js');
    const receiver = createNotificationReceiver({
      token: TOKEN,
      onNotification: () => void seen.push('status'),
      onStreamNotification: () => void seen.push('stream'),
      onPayPerViewSync: () => void seen.push('ppv'),
    });
    await receiver.receive(post(createTestPayPerViewSync({ token: TOKEN, players: [] }).body));
    await receiver.receive(post(createTestStreamNotification({ token: TOKEN }).body));
    await receiver.receive(post(createTestNotification({ token: TOKEN }).body));
    expect(seen).toEqual(['ppv', 'stream', 'status']);
  });

  it('an endpoint without onPayPerViewSync refuses a sync as UNKNOWN_NOTIFICATION_KIND, not as a broken stream notification', async () => {
    const receiver = createNotificationReceiver({ token: TOKEN, onNotification: () => undefined, onStreamNotification: () => undefined, onError: () => undefined });
    const result = await receiver.receive(post(createTestPayPerViewSync({ token: TOKEN }).body));
    expect(JSON.parse(result.body).error.code).toBe('UNKNOWN_NOTIFICATION_KIND');
  });

  it('reads bodies up to 8 MiB by default when it receives syncs, 8 KiB otherwise; maxBodyBytes still wins', () => {
    expect(receiverWith(() => undefined).limits.maxBodyBytes).toBe(8 * 1024 * 1024);
    expect(createNotificationReceiver({ token: TOKEN, onNotification: () => undefined }).limits.maxBodyBytes).toBe(8 * 1024);
    expect(receiverWith(() => undefined, { maxBodyBytes: 1000 }).limits.maxBodyBytes).toBe(1000);
  });
});
