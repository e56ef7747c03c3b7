import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  createNotificationReceiver,
  isNotificationError,
  parseStreamNotification,
  verifySignature,
  verifyStreamNotification,
  type StreamNotification,
  type StreamNotificationInfo,
} from '../../../src/index.js';
import { createTestStreamNotification } from '../../../src/testing.js';
import { codeOf } from '../../helpers.js';
import vectors from '../../fixtures/signature-vectors.json' with { type: 'json' };

const TOKEN = 'stream-token-7c1e';
const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);


describe('computeSignature(id, puzzle, token)', () => {
  it.each(vectors)('matches OpenSSL for id $id', ({ id, puzzle, token, signature }) => {
    expect(computeSignature(id, puzzle, token)).toBe(signature);
  });

  it('matches node:crypto on random input, non-ASCII and lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (id, puzzle, token) => {
        const expected = createHash('md5').update(id + puzzle + token, 'utf8').digest('base64');
        return computeSignature(id, puzzle, token) === expected;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('verifySignature({ id, puzzle, signature }, token)', () => {
  const ID = '5c6b2a4e-7f1d-4a8e-9b3c-2d1e0f9a8b7c';
  const PUZZLE = '0f3d2c1b-4a5e-6f70-8192-a3b4c5d6e7f8';
  const signed = { id: ID, puzzle: PUZZLE, signature: computeSignature(ID, PUZZLE, TOKEN) };

  it('is true for the right token, also among several while rotating, and for upper-case UUIDs', () => {
    expect(verifySignature(signed, TOKEN)).toBe(true);
    expect(verifySignature(signed, ['new-token', TOKEN])).toBe(true);
    const upper = { id: ID.toUpperCase(), puzzle: PUZZLE.toUpperCase() };
    expect(verifySignature({ ...upper, signature: computeSignature(upper.id, upper.puzzle, TOKEN) }, TOKEN)).toBe(true);
  });

  it.each([
    ['another token', signed, 'other'],
    ['no signature', { id: ID, puzzle: PUZZLE }, TOKEN],
    ['no puzzle', { id: ID, signature: signed.signature }, TOKEN],
    ['a garbage signature', { ...signed, signature: '!!' }, TOKEN],
    ['an empty token list', signed, []],
    ['null', null, TOKEN],
    ['an ID that is not a UUID, rightly signed', { id: 'an-id', puzzle: PUZZLE, signature: computeSignature('an-id', PUZZLE, TOKEN) }, TOKEN],
    ['a Puzzle that is not a UUID, rightly signed', { id: ID, puzzle: 'p', signature: computeSignature(ID, 'p', TOKEN) }, TOKEN],
    ['the boundary moved by one character', { id: ID + PUZZLE[0], puzzle: PUZZLE.slice(1), signature: signed.signature }, TOKEN],
    ['a Solution as signature (ID + Puzzle spelling a Puzzle)', { id: PUZZLE.slice(0, 8), puzzle: PUZZLE.slice(8), signature: computeSignature(PUZZLE, '', TOKEN) }, TOKEN],
  ])('is false, never a throw, for %s', (_name, notification, token) => {
    expect(verifySignature(notification as never, token as never)).toBe(false);
  });

  it('property: sign then verify holds for UUIDs; another id, puzzle or token fails; no other cut of ID + Puzzle verifies', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.uuid(), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 71 }), (id, puzzle, other, token, change, cut) => {
        const signature = computeSignature(id, puzzle, token);
        const joined = id + puzzle;
        return (
          verifySignature({ id, puzzle, signature }, token) &&
          (other === id || !verifySignature({ id: other, puzzle, signature }, token)) &&
          (other === puzzle || !verifySignature({ id, puzzle: other, signature }, token)) &&
          !verifySignature({ id, puzzle, signature }, token + change) &&
          (cut === 36 || !verifySignature({ id: joined.slice(0, cut), puzzle: joined.slice(cut), signature }, token))
        );
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseStreamNotification(body)', () => {
  it('reads Nimble batches of publish and unpublish events, with an escaped slash and a name containing slashes', () => {
    const body =
      '{"ID":"id-1","Puzzle":"p","Signature":"s","publish":[{"stream":"live\\/4k","protocol":"RTMP","time":1569999976249,"type":"push","remote_ip":"127.0.0.1"},' +
      '{"stream":"vod/folder/smil:vod.smil","protocol":"ENCODER"}],"unpublish":[{"stream":"live/old","protocol":"RTSP","time":1569999976000,"type":"pull"}]}';
    const notification = parseStreamNotification(body);
    expect(notification).toEqual({
      format: 'nimble',
      id: 'id-1',
      puzzle: 'p',
      signature: 's',
      events: [
        { action: 'publish', stream: 'live/4k', app: 'live', name: '4k', protocol: 'RTMP', date: new Date(1569999976249), type: 'push', remoteIp: '127.0.0.1' },
        { action: 'publish', stream: 'vod/folder/smil:vod.smil', app: 'vod', name: 'folder/smil:vod.smil', protocol: 'ENCODER' },
        { action: 'unpublish', stream: 'live/old', app: 'live', name: 'old', protocol: 'RTSP', date: new Date(1569999976000), type: 'pull' },
      ],
    });
  });

  it('reads Wowza requests whose Publish and Unpublish are a single object or an array', () => {
    const one = { VHostName: '_defaultVHost_', AppName: 'live', AppInstanceName: '_default_', StreamName: 'stream.stream' };
    const single = parseStreamNotification({ ApiSyncRequest: { ID: 'w1', Signature: 's', Puzzle: 'p', Publish: one } });
    expect(single).toEqual({
      format: 'wowza',
      id: 'w1',
      puzzle: 'p',
      signature: 's',
      events: [{ action: 'publish', stream: 'live/stream.stream', app: 'live', name: 'stream.stream', vhost: '_defaultVHost_', appInstance: '_default_' }],
    });
    const many = parseStreamNotification(JSON.stringify({ ApiSyncRequest: { ID: 'w2', Unpublish: [one, { ...one, StreamName: 'b' }] } }));
    expect(many.events.map((event) => `${event.action} ${event.stream}`)).toEqual(['unpublish live/stream.stream', 'unpublish live/b']);
    expect(many.signature).toBeUndefined();
  });

  it('reads bytes and parsed objects as well as strings', () => {
    const body = '{"ID":"x","publish":[{"stream":"a/b"}]}';
    expect(parseStreamNotification(new TextEncoder().encode(body))).toEqual(parseStreamNotification(body));
    expect(parseStreamNotification(JSON.parse(body))).toEqual(parseStreamNotification(body));
  });

  it.each([
    ['an empty body', '', 'INVALID_JSON'],
    ['not JSON', 'ID=1', 'INVALID_JSON'],
    ['an array', '[]', 'INVALID_NOTIFICATION'],
    ['no ID', '{"publish":[{"stream":"a/b"}]}', 'INVALID_NOTIFICATION'],
    ['a numeric ID', '{"ID":1,"publish":[{"stream":"a/b"}]}', 'INVALID_NOTIFICATION'],
    ['no events', '{"ID":"1"}', 'INVALID_NOTIFICATION'],
    ['publish not an array', '{"ID":"1","publish":{"stream":"a/b"}}', 'INVALID_NOTIFICATION'],
    ['an event that is not an object', '{"ID":"1","publish":["a/b"]}', 'INVALID_NOTIFICATION'],
    ['a stream without a slash', '{"ID":"1","publish":[{"stream":"ab"}]}', 'INVALID_NOTIFICATION'],
    ['a stream with an empty name', '{"ID":"1","publish":[{"stream":"live/"}]}', 'INVALID_NOTIFICATION'],
    ['a time that is a string', '{"ID":"1","publish":[{"stream":"a/b","time":"now"}]}', 'INVALID_NOTIFICATION'],
    ['a time out of range', '{"ID":"1","publish":[{"stream":"a/b","time":1e20}]}', 'INVALID_NOTIFICATION'],
    ['a Signature that is not a string', '{"ID":"1","Signature":5,"publish":[{"stream":"a/b"}]}', 'INVALID_NOTIFICATION'],
    ['ApiSyncRequest not an object', '{"ApiSyncRequest":[]}', 'INVALID_NOTIFICATION'],
    ['a Wowza event without StreamName', '{"ApiSyncRequest":{"ID":"1","Publish":{"AppName":"live"}}}', 'INVALID_NOTIFICATION'],
  ])('refuses %s with %s', (_name, body, code) => {
    expect(codeOf(() => parseStreamNotification(body))).toBe(code);
  });

  it('property: throws nothing but a NotificationError, whatever the input', () => {
    const json = fc.jsonValue();
    const shaped = fc.record({ ID: fc.anything(), publish: fc.anything(), unpublish: fc.anything(), ApiSyncRequest: fc.anything() }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.string(), json, shaped, fc.anything()), (input) => {
        try {
          parseStreamNotification(input);
        } catch (error) {
          return isNotificationError(error);
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});

describe('verifyStreamNotification(body, options)', () => {
  const options = { token: TOKEN, now: () => NOW };

  it.each(['nimble', 'wowza'] as const)('passes a genuine %s notification and returns it', (format) => {
    const { body } = createTestStreamNotification({ token: TOKEN, format, time: NOW, events: [{ stream: 'live/a' }, { stream: 'live/b', action: 'unpublish' }] });
    const notification = verifyStreamNotification(body, options);
    expect(notification.format).toBe(format);
    expect(notification.events.map((event) => `${event.action} ${event.stream}`)).toEqual(['publish live/a', 'unpublish live/b']);
  });

  it.each([
    ['wrong-token', 'INVALID_SIGNATURE'],
    ['tampered-signature', 'INVALID_SIGNATURE'],
    ['unsigned', 'INVALID_SIGNATURE'],
    ['stale', 'STALE_NOTIFICATION'],
  ] as const)('refuses a %s notification with %s', (forge, code) => {
    const { body } = createTestStreamNotification({ token: TOKEN, time: NOW, forge });
    expect(codeOf(() => verifyStreamNotification(body, options))).toBe(code);
  });

  it('refuses an event time too far in the future, and accepts a Wowza request (no times) whatever the clock', () => {
    const { body } = createTestStreamNotification({ token: TOKEN, time: NOW + 3600_000 });
    expect(codeOf(() => verifyStreamNotification(body, options))).toBe('STALE_NOTIFICATION');
    const wowza = createTestStreamNotification({ token: TOKEN, format: 'wowza' }).body;
    expect(codeOf(() => verifyStreamNotification(wowza, { token: TOKEN, now: () => 0 }))).toBe('passed');
  });

  it('accepts a signature under any token while rotating, and never puts the token in an error', () => {
    const { body } = createTestStreamNotification({ token: TOKEN, time: NOW });
    expect(codeOf(() => verifyStreamNotification(body, { ...options, token: ['next-token', TOKEN] }))).toBe('passed');
    try {
      verifyStreamNotification(body, { ...options, token: 'a-secret-token' });
    } catch (error) {
      expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toContain('a-secret-token');
    }
  });

  it('takes an empty token as a TypeError', () => {
    expect(() => verifyStreamNotification('{}', { token: ' ' })).toThrow(TypeError);
  });
});

describe('the receive step with onStreamNotification', () => {
  const receive = (receiver: ReturnType<typeof createNotificationReceiver>, body: string) => receiver.receive({ method: 'POST', readBody: async () => body });

  it('keys replays on what the signature covers: the same ID and Puzzle with other (unsigned) events is a duplicate', async () => {
    const handled: StreamNotification[] = [];
    const receiver = createNotificationReceiver({ token: TOKEN, now: () => NOW, onStreamNotification: (n) => void handled.push(n) });
    const signed = { id: '5c6b2a4e-7f1d-4a8e-9b3c-2d1e0f9a8b7c', puzzle: '0f3d2c1b-4a5e-6f70-8192-a3b4c5d6e7f8' };
    const first = createTestStreamNotification({ token: TOKEN, time: NOW, ...signed, events: [{ stream: 'live/a' }] }).body;
    const relabelled = createTestStreamNotification({ token: TOKEN, time: NOW, ...signed, events: [{ stream: 'live/evil' }] }).body;
    expect((await receive(receiver, first)).outcome).toBe('accepted');
    expect((await receive(receiver, relabelled)).outcome).toBe('duplicate');
    expect(handled.map((n) => n.events[0]!.stream)).toEqual(['live/a']);
  });

  it('tells the handler the age of the newest event, or no age for Wowza (no times)', async () => {
    const infos: StreamNotificationInfo[] = [];
    const receiver = createNotificationReceiver({ token: TOKEN, now: () => NOW + 5000, onStreamNotification: (_n, info) => void infos.push(info) });
    await receive(receiver, createTestStreamNotification({ token: TOKEN, time: NOW }).body);
    await receive(receiver, createTestStreamNotification({ token: TOKEN, format: 'wowza' }).body);
    expect(infos.map((info) => info.ageMs)).toEqual([5000, undefined]);
  });

  it('remembers a notification replayWindowSeconds from its arrival (a day by default), whatever its events\' times', async () => {
    const ttls: number[] = [];
    const options = {
      token: TOKEN,
      now: () => NOW,
      maxAgeSeconds: 600,
      onStreamNotification: () => undefined,
      replayStore: { reserve: () => 'reserved' as const, commit: (_key: string, ttlMs: number) => void ttls.push(ttlMs), release: () => undefined },
    };
    const receiver = createNotificationReceiver(options);
    await receive(receiver, createTestStreamNotification({ token: TOKEN, format: 'wowza' }).body);
    // Stamped nearly as old as maxAgeSeconds allows: its key lives as long all the same.
    await receive(receiver, createTestStreamNotification({ token: TOKEN, time: NOW - 599_000 }).body);
    await receive(createNotificationReceiver({ ...options, replayWindowSeconds: 7200 }), createTestStreamNotification({ token: TOKEN, time: NOW }).body);
    expect(ttls).toEqual([86_400_000, 86_400_000, 7_200_000]);
    expect(() => createNotificationReceiver({ ...options, replayWindowSeconds: 0 })).toThrow(/replayWindowSeconds/);
  });

  it('needs at least one callback, and each given one must be a function', () => {
    expect(() => createNotificationReceiver({ token: TOKEN } as never)).toThrow(/onNotification/);
    expect(() => createNotificationReceiver({ token: TOKEN, onStreamNotification: 'log' } as never)).toThrow(/onStreamNotification must be a function/);
  });
});
