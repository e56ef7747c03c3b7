// The receive step with onAdvertizerSessions: what the conformance suite (conformance.test.ts, from the kit
// in test/kits.ts) does not check: the answer to Softvelum's published request, what a failed or slow
// callback answers and when, allowedSenders, the default size limit, and that it needs no token.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ADVERTIZER_SESSION_HANDLER_TIMEOUT_MS, createNotificationReceiver, type NotificationHandlerOptions } from '../../../src/index.js';
import { createTestAdvertizerSessionRequest } from '../../../src/testing.js';
import { hostileProxy } from '../../helpers.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/advertizer/${name}`, import.meta.url), 'utf8');
const post = (body: unknown, remoteAddress?: string) => ({ method: 'POST', remoteAddress, readBody: async () => body });
const receiver = (options: Partial<NotificationHandlerOptions>) => createNotificationReceiver({ onError: () => undefined, ...options } as NotificationHandlerOptions);
const NO_ADS = '{"rules":[],"rules_response":[]}';

describe('the receive step with onAdvertizerSessions', () => {
  it('needs no token, and refuses a blank one', () => {
    expect(() => createNotificationReceiver({ onAdvertizerSessions: () => undefined })).not.toThrow();
    expect(() => createNotificationReceiver({ onAdvertizerSessions: () => undefined, token: '  ' })).toThrow(TypeError);
    expect(() => createNotificationReceiver({ onAdvertizerSessions: 'yes' as never })).toThrow(/onAdvertizerSessions must be a function/);
  });

  it('answers Softvelum\'s published request with the published answer the callback returns, ids written as strings', async () => {
    let seen: unknown;
    const published = JSON.parse(fixture('per-session-handler-response.json')) as never;
    const result = await receiver({ onAdvertizerSessions: (request) => ((seen = request), published) }).receive(post(fixture('per-session-handler-request.json')));
    expect(result).toMatchObject({ outcome: 'accepted', kind: 'advertizer-session', status: 200 });
    expect(JSON.parse(result.body)).toStrictEqual({
      rules: [{ time_offset: 0, time_sync: 'stream', type: 'session', id: '101', contents: [{ id: ['1', '2', '3', '4'] }] }],
      rules_response: [{ rules: ['101'], session: 5, request_interval: 10 }],
    });
    expect(seen).toMatchObject({ sessions: [{ session: 6 }, { session: 7 }], ruleRequests: [{ session: 1 }] });
  });

  it('a session asking twice in one call is answered once, not with no rules for every session (the callback maps ruleRequests)', async () => {
    const body = JSON.stringify({ rules_request: [1, 2, 1].map((session) => ({ session, app: 'live', stream: 'a' })) });
    const errors: unknown[] = [];
    const result = await receiver({
      onAdvertizerSessions: (request) => ({ rules_response: request.ruleRequests.map(({ session }) => ({ session, rules: ['abr'], request_interval: 10 })) }),
      onError: (error) => void errors.push(error),
    }).receive(post(body));
    expect(result).toMatchObject({ outcome: 'accepted', status: 200 });
    expect(JSON.parse(result.body).rules_response).toStrictEqual([
      { rules: ['abr'], session: 1, request_interval: 10 },
      { rules: ['abr'], session: 2, request_interval: 10 },
    ]);
    expect(errors).toEqual([]);
  });

  it('nothing returned (a callback that only records the stats) assigns no rules', async () => {
    for (const returned of [undefined, null]) {
      const result = await receiver({ onAdvertizerSessions: (async () => returned) as never }).receive(post(createTestAdvertizerSessionRequest().body));
      expect(result).toMatchObject({ outcome: 'accepted', status: 200, body: NO_ADS });
    }
  });

  it.each([
    ['throws', () => {
      throw new Error('db down');
    }],
    ['rejects with a non-Error', () => Promise.reject('nope')],
    ['returns something else', () => ({ rules_response: 'all' })],
    ['returns a rule without contents', () => ({ rules: [{ id: '1', time_sync: 'stream', time_offset: 0 }] })],
    ['hangs', () => new Promise(() => undefined)],
    ['throws a Proxy whose every read throws', () => {
      throw hostileProxy(new Error('x'));
    }],
  ])('a callback that %s: 200 with no rules (the sessions play without ads), onError told', async (_, callback) => {
    const errors: unknown[] = [];
    const result = await receiver({ onAdvertizerSessions: callback as never, handlerTimeoutMs: 30, onError: (e) => void errors.push(e) }).receive(post(createTestAdvertizerSessionRequest().body));
    expect(result).toMatchObject({ outcome: 'defaulted', status: 200, body: NO_ADS });
    expect(errors).toHaveLength(1);
  });

  it('waits 750 ms by default for the callback (Nimble waits the scenario\'s session_handler timeout), and handlerTimeoutMs when set', async () => {
    expect(ADVERTIZER_SESSION_HANDLER_TIMEOUT_MS).toBe(750);
    vi.useFakeTimers();
    try {
      const hang = () => new Promise<never>(() => undefined);
      let settled: unknown;
      void receiver({ onAdvertizerSessions: hang }).receive(post(createTestAdvertizerSessionRequest().body)).then((result) => (settled = result));
      await vi.advanceTimersByTimeAsync(749);
      expect(settled).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toMatchObject({ outcome: 'defaulted', body: NO_ADS });
      let custom: unknown;
      void receiver({ onAdvertizerSessions: hang, handlerTimeoutMs: 300 }).receive(post(createTestAdvertizerSessionRequest().body)).then((result) => (custom = result));
      await vi.advanceTimersByTimeAsync(300);
      expect((custom as { error: Error }).error.message).toContain('300 ms');
    } finally {
      vi.useRealTimers();
    }
  });

  it('allowedSenders: another address is 403 UNKNOWN_SENDER before the body is read', async () => {
    let calls = 0;
    const r = receiver({ onAdvertizerSessions: () => void calls++, allowedSenders: ['192.0.2.10'] });
    const { body } = createTestAdvertizerSessionRequest();
    const refused = await r.receive(post(body, '192.0.2.11'));
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error.code).toBe('UNKNOWN_SENDER');
    expect((await r.receive(post(body, '::ffff:192.0.2.10'))).status).toBe(200);
    expect(calls).toBe(1);
  });

  it('reads up to 8 MiB by default: 20,000 sessions with their user agents', async () => {
    const r = receiver({ onAdvertizerSessions: (request) => ({ rules_response: request.ruleRequests.map(({ session }) => ({ session, rules: ['1'] })) }) });
    expect(r.limits.maxBodyBytes).toBe(8 * 1024 * 1024);
    const agent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/87.0.4280.88 Safari/537.36';
    const { body } = createTestAdvertizerSessionRequest({
      sessions: Array.from({ length: 10_000 }, (_, i) => ({ session: i + 1, userAgent: agent, views: [{ rule: '101', content: '2', uri: 'http://127.0.0.1:8085/ads/1_240p.mp4' }] })),
      ruleRequests: Array.from({ length: 10_000 }, (_, i) => ({ session: 10_001 + i, userAgent: agent })),
    });
    expect(body.length).toBeGreaterThan(4 * 1024 * 1024);
    const result = await r.receive(post(body));
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).rules_response).toHaveLength(10_000);
  });

  it('answers every delivery anew: no replay store (the request is unsigned, and carries no id)', async () => {
    let calls = 0;
    const r = receiver({ onAdvertizerSessions: () => void calls++ });
    const { body } = createTestAdvertizerSessionRequest();
    expect((await r.receive(post(body))).outcome).toBe('accepted');
    expect((await r.receive(post(body))).outcome).toBe('accepted');
    expect(calls).toBe(2);
  });
});
