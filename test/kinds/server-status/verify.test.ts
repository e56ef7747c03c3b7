// verifyNotification, the one-call form of the server status kind's prepared verifier: the digest under one
// token or several, freshness at the edges, the server allowlist, misconfigured options, and secrecy. Its
// forgeries (another token, a tampered digest, stale, from the future, a malformed digest) are the
// conformance suite's (conformance.test.ts, through createNotificationVerifier and the receiver).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeDigest,
  createPayPerViewResponse,
  formatNotificationTime,
  verifyNotification,
  type NotificationErrorCode,
  type VerifyNotificationOptions,
} from '../../../src/index.js';
import { NOW, TOKEN, codeOf, expectCode, genuine } from '../../helpers.js';

const clock = (at: number) => () => at;
const options = (extra: Partial<VerifyNotificationOptions> = {}): VerifyNotificationOptions => ({
  token: TOKEN,
  now: clock(NOW),
  ...extra,
});

const at = (offsetSeconds: number): Record<string, string> => genuine({ time: formatNotificationTime(NOW + offsetSeconds * 1000) });

describe('verifyNotification', () => {
  it('returns the notification for a genuine body', () => {
    const body = JSON.stringify(genuine());
    expect(verifyNotification(body, options())).toMatchObject({ server: 'edge1.example.com', status: 'offline' });
  });

  it('throws INVALID_DIGEST for a tampered time: the digest covers it', () => {
    expectCode(() => verifyNotification({ ...genuine(), time: formatNotificationTime(NOW - 1000) }, options()), 'INVALID_DIGEST');
  });

  it('accepts an uppercase digest', () => {
    const body = genuine();
    expect(() => verifyNotification({ ...body, digest: body.digest!.toUpperCase() }, options())).not.toThrow();
  });

  it('token rotation: a body signed with the old or the new token passes with [new, old]', () => {
    const rotated = options({ token: ['new-token', TOKEN] });
    expect(() => verifyNotification(genuine({}, TOKEN), rotated)).not.toThrow();
    expect(() => verifyNotification(genuine({}, 'new-token'), rotated)).not.toThrow();
    expectCode(() => verifyNotification(genuine({}, 'retired-token'), rotated), 'INVALID_DIGEST');
  });

  describe('freshness with an injected clock', () => {
    // Exactly maxAgeSeconds old (accepted) and one second more than maxFutureSeconds ahead (refused): the
    // conformance suite, through the receiver.
    it.each<[string, number, NotificationErrorCode | 'passed']>([
      ['one second more than maxAgeSeconds old', -3601, 'STALE_NOTIFICATION'],
      ['exactly maxFutureSeconds ahead', 300, 'passed'],
      ['now', 0, 'passed'],
      ['a day old', -86_400, 'STALE_NOTIFICATION'],
    ])('a time %s is %s under the defaults', (_name, offset, code) => {
      expect(codeOf(() => verifyNotification(at(offset), options()))).toBe(code);
    });

    it('maxAgeSeconds and maxFutureSeconds move the edges', () => {
      const tight = options({ maxAgeSeconds: 60, maxFutureSeconds: 0 });
      expect(() => verifyNotification(at(-60), tight)).not.toThrow();
      expectCode(() => verifyNotification(at(-61), tight), 'STALE_NOTIFICATION');
      expect(() => verifyNotification(at(0), tight)).not.toThrow();
      expectCode(() => verifyNotification(at(1), tight), 'STALE_NOTIFICATION');
    });

    it('maxAgeSeconds: Infinity accepts a ten-year-old notification', () => {
      const body = genuine({ time: '2014-10-16 03:13:31 UTC' });
      expect(() => verifyNotification(body, options({ maxAgeSeconds: Infinity }))).not.toThrow();
    });

    it('the stale message says how old it is, and the limit', () => {
      expect(expectCode(() => verifyNotification(at(-7200), options()), 'STALE_NOTIFICATION').message).toBe('Notification is 7200 s old; at most 3600 s is accepted');
    });

    it('defaults to Date.now when no clock is given', () => {
      const time = formatNotificationTime(Date.now());
      expect(() => verifyNotification({ ...genuine({ time }) }, { token: TOKEN })).not.toThrow();
    });
  });

  describe('server allowlist', () => {
    it('as an array: a listed server passes, another is UNKNOWN_SERVER', () => {
      const allow = options({ servers: ['edge1.example.com', 'edge2.example.com'] });
      expect(() => verifyNotification(genuine(), allow)).not.toThrow();
      expectCode(() => verifyNotification(genuine({ server: 'evil.example.com' }), allow), 'UNKNOWN_SERVER');
    });

    it('as a predicate: it is called with the server name', () => {
      const seen: string[] = [];
      const allow = options({
        servers: (server) => {
          seen.push(server);
          return server.endsWith('.example.com');
        },
      });
      expect(() => verifyNotification(genuine(), allow)).not.toThrow();
      expectCode(() => verifyNotification(genuine({ server: 'edge1.example.org' }), allow), 'UNKNOWN_SERVER');
      expect(seen).toEqual(['edge1.example.com', 'edge1.example.org']);
    });

    it('the digest is checked before the allowlist, so a forger learns nothing about it', () => {
      const allow = options({ servers: ['edge1.example.com'] });
      expectCode(() => verifyNotification(genuine({ server: 'x' }, 'wrong'), allow), 'INVALID_DIGEST');
    });
  });

  describe('a misconfigured token is a TypeError at once', () => {
    it.each([
      ['missing', {}],
      ['empty', { token: '' }],
      ['whitespace only', { token: ' \t\n' }],
      ['with a trailing newline (read from a secrets file)', { token: 'secret-token\n' }],
      ['with a leading space', { token: ' secret-token' }],
      ['an array with a token that has a trailing space', { token: ['ok', 'old-token '] }],
      ['an empty array', { token: [] }],
      ['an array with an empty token', { token: ['ok', ''] }],
      ['a number', { token: 42 }],
    ])('token %s', (_name, bad) => {
      expect(() => verifyNotification(genuine(), bad as VerifyNotificationOptions)).toThrow(TypeError);
      expect(() => verifyNotification(genuine(), bad as VerifyNotificationOptions)).toThrow(/wmspanel-notifications/);
    });

    it('says what is wrong with a token that has white space around it, without quoting it', () => {
      expect(() => verifyNotification(genuine(), { token: `${TOKEN}\n` })).toThrow(/white space.*trim/);
      expect(() => verifyNotification(genuine(), { token: `${TOKEN}\n` })).not.toThrow(new RegExp(TOKEN));
    });

    it.each([
      ['undefined (an environment variable not set)', undefined, /options\.token must be .*; got undefined: is the environment variable it is read from \(WMSPANEL_TOKEN\?\) set\?$/],
      ['null', null, /; got null$/],
      ['an empty string', '', /; got an empty string: is the environment variable it is read from set to nothing\?$/],
      ['white space only', ' \t', /; got a string of white space only$/],
      ['a number', 42, /; got a number$/],
      ['an object', { value: 'secret-token-x' }, /; got an object$/],
      ['an empty array', [], /; got an empty array$/],
      ['an array whose second entry is undefined (a rotation variable not set)', ['secret-token-x', undefined], /options\.token\[1\] must be a non-empty string; got undefined: is the environment variable/],
      ['an array whose first entry is empty', ['', 'secret-token-x'], /options\.token\[0\] must be a non-empty string; got an empty string/],
    ])('the TypeError for a token that is %s says what it got, never a value', (_name, token, message) => {
      const run = () => verifyNotification(genuine(), { token } as unknown as VerifyNotificationOptions);
      expect(run).toThrow(TypeError);
      expect(run).toThrow(message);
      expect(run).not.toThrow(/secret-token-x/);
    });

    it('createPayPerViewResponse says what it got for its token too', () => {
      const run = () => createPayPerViewResponse({ puzzle: '0f3d2c1b-4a5e-6f70-8192-a3b4c5d6e7f8', token: undefined as unknown as string, deny: [] });
      expect(run).toThrow(/options\.token must be a non-empty string; got undefined: is the environment variable/);
    });

    it.each([
      ['options missing', undefined],
      ['maxAgeSeconds negative', { token: TOKEN, maxAgeSeconds: -1 }],
      ['maxAgeSeconds NaN', { token: TOKEN, maxAgeSeconds: Number.NaN }],
      ['maxFutureSeconds a string', { token: TOKEN, maxFutureSeconds: '300' }],
      ['servers a string', { token: TOKEN, servers: 'edge1' }],
      ['servers with a number', { token: TOKEN, servers: ['edge1', 2] }],
      ['now not a function', { token: TOKEN, now: 5 }],
    ])('other options: %s', (_name, bad) => {
      expect(() => verifyNotification(genuine(), bad as VerifyNotificationOptions)).toThrow(TypeError);
    });

    it('even when the body is garbage, the option error comes first', () => {
      expect(() => verifyNotification('not json', { token: '' })).toThrow(TypeError);
    });
  });

  it('no error message contains the token or the expected digest', () => {
    const refused: [Record<string, string> | string, NotificationErrorCode][] = [
      [genuine({}, 'wrong'), 'INVALID_DIGEST'],
      [at(-7200), 'STALE_NOTIFICATION'],
      [at(7200), 'STALE_NOTIFICATION'],
      [genuine({ server: 'nope' }), 'UNKNOWN_SERVER'],
      ['nope', 'INVALID_JSON'],
      ['{}', 'INVALID_NOTIFICATION'],
      [genuine({ time: 'bad' }), 'INVALID_NOTIFICATION'],
    ];
    for (const [body, code] of refused) {
      const { message } = expectCode(() => verifyNotification(body, options({ servers: ['edge1.example.com'] })), code);
      expect(message).not.toContain(TOKEN);
      const time = typeof body === 'object' ? body.time! : '';
      expect(message).not.toContain(computeDigest(time, TOKEN));
    }
  });

  it('property: only a body whose time, digest and token all match verifies', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3600, max: 300 }), fc.string({ minLength: 1 }), fc.boolean(), (offset, token, tamper) => {
        const time = formatNotificationTime(NOW + offset * 1000);
        const digest = computeDigest(time, tamper ? `${token}x` : token);
        // A token with white space around it is a misconfiguration (a TypeError), tested above.
        const usable = token.trim() !== '' && token.trim() === token;
        const code = codeOf(() => verifyNotification({ time, digest, server: 's', status: 'offline' }, { token: usable ? token : 'x', now: clock(NOW) }));
        return code === (!tamper && usable ? 'passed' : 'INVALID_DIGEST');
      }),
    );
  });
});
