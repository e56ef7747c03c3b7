// The receive step with onPlaybackAuthorizationRequest: what the conformance suite (conformance.test.ts,
// from the kit in test/kits.ts) does not check: what a failed callback answers, a redirect, allowedSenders,
// the default size limit, and that it needs no token.
import { describe, expect, it } from 'vitest';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../../../src/index.js';
import { createTestPlaybackAuthorizationRequest, readPlaybackAuthorizationResponse } from '../../../src/testing.js';

const post = (body: unknown, remoteAddress?: string) => ({ method: 'POST', remoteAddress, readBody: async () => body });
const receiver = (options: Partial<NotificationHandlerOptions>) => createNotificationReceiver({ onError: () => undefined, ...options } as NotificationHandlerOptions);

describe('the receive step with onPlaybackAuthorizationRequest', () => {
  it('needs no token, and refuses a blank one', () => {
    expect(() => createNotificationReceiver({ onPlaybackAuthorizationRequest: () => undefined })).not.toThrow();
    expect(() => createNotificationReceiver({ onPlaybackAuthorizationRequest: () => undefined, token: '  ' })).toThrow(TypeError);
  });

  it.each([
    ['throws', () => {
      throw new Error('db down');
    }],
    ['rejects with a non-Error', () => Promise.reject('nope')],
    ['returns something else', () => ({ allow: 'maybe' })],
    ['hangs', () => new Promise(() => undefined)],
  ])('a playback callback that %s: 200 with the failure decision (deny, or allow when chosen), onError told', async (_, callback) => {
    const errors: unknown[] = [];
    const { body } = createTestPlaybackAuthorizationRequest();
    const denied = await receiver({ onPlaybackAuthorizationRequest: callback as never, handlerTimeoutMs: 30, onError: (e) => void errors.push(e) }).receive(post(body));
    expect(denied).toMatchObject({ outcome: 'defaulted', status: 200, body: '{"return_code":403}' });
    expect(errors).toHaveLength(1);
    const allowed = await receiver({ onPlaybackAuthorizationRequest: callback as never, handlerTimeoutMs: 30, failureDecision: 'allow' }).receive(post(body));
    expect(allowed.body).toBe('{"return_code":200}');
  });

  it('nothing returned (by an async callback) refuses: a viewer gets 403', async () => {
    expect((await receiver({ onPlaybackAuthorizationRequest: async () => undefined }).receive(post(createTestPlaybackAuthorizationRequest().body))).body).toBe('{"return_code":403}');
  });

  it('answers a redirect', async () => {
    const result = await receiver({ onPlaybackAuthorizationRequest: () => ({ redirect: 'https://cdn.example.com/blocked.mp4/playlist.m3u8' }) }).receive(post(createTestPlaybackAuthorizationRequest().body));
    expect(readPlaybackAuthorizationResponse(result.body)).toEqual({ redirect: 'https://cdn.example.com/blocked.mp4/playlist.m3u8' });
  });

  it('allowedSenders: another address, or none known, is 403 UNKNOWN_SENDER before the body is read; IPv4-mapped addresses match', async () => {
    let reads = 0;
    let calls = 0;
    const r = receiver({ onPlaybackAuthorizationRequest: () => (calls++, { allow: true }), allowedSenders: ['192.0.2.10', '2001:db8::1'] });
    const { body } = createTestPlaybackAuthorizationRequest();
    const counted = (address?: string) => ({ method: 'POST', remoteAddress: address, readBody: async () => (reads++, body) });
    for (const address of ['192.0.2.11', undefined, '::ffff:192.0.2.12']) {
      const refused = await r.receive(counted(address));
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).error.code).toBe('UNKNOWN_SENDER');
    }
    expect(reads).toBe(0);
    for (const address of ['192.0.2.10', '::ffff:192.0.2.10', '2001:db8::1']) expect((await r.receive(counted(address))).status).toBe(200);
    expect(calls).toBe(3);
    const byPredicate = receiver({ onPlaybackAuthorizationRequest: () => ({ allow: true }), allowedSenders: (address) => address.startsWith('10.') });
    expect((await byPredicate.receive(post(body, '::ffff:10.1.2.3'))).status).toBe(200);
    expect((await byPredicate.receive(post(body, '11.1.2.3'))).status).toBe(403);
    expect(() => receiver({ onPlaybackAuthorizationRequest: () => undefined, allowedSenders: 'all' as never })).toThrow(TypeError);
  });

  it('reads up to 64 KiB by default', () => {
    expect(receiver({ onPlaybackAuthorizationRequest: () => undefined }).limits.maxBodyBytes).toBe(64 * 1024);
  });
});
