import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore, createNotificationReceiver, isNotificationError, type NotificationHandlerOptions, type ReplayStore } from '../../../src/index.js';
import { NOW, TOKEN, genuine } from '../../helpers.js';

const body = JSON.stringify(genuine());

describe('createNotificationReceiver', () => {
  it('reserves the replay key for a lease, and releases it (as the same delivery) when the handler fails', async () => {
    const calls: string[] = [];
    const store: ReplayStore = {
      reserve: (_key, leaseMs, delivery) => {
        calls.push(`reserve ${leaseMs} ${delivery === '' ? 'no delivery' : 'delivery'}`);
        return 'reserved';
      },
      commit: () => {
        calls.push('commit');
      },
      release: (_key, delivery) => {
        calls.push(`release ${delivery === '' ? 'no delivery' : 'delivery'}`);
      },
    };
    const receiver = createNotificationReceiver({
      token: TOKEN,
      onError: () => undefined,
      now: () => NOW + 60_000,
      replayStore: store,
      onNotification: () => {
        throw new Error('x');
      },
    });
    const result = await receiver.receive({ method: 'POST', readBody: async () => body });
    expect(result.status).toBe(500);
    expect(result.outcome).toBe('failed');
    expect(result.outcome === 'failed' && result.error.message).toBe('x');
    // The lease: the default handler timeout (30 s) plus twice the store timeout (5 s).
    expect(calls).toEqual(['reserve 40000 delivery', 'release delivery']);
  });

  it('commits the replay key until the notification would be stale once the handler succeeded', async () => {
    const calls: string[] = [];
    let reserved = '';
    const receiver = createNotificationReceiver({
      token: TOKEN,
      now: () => NOW + 60_000,
      replayStore: {
        reserve: (_key, _leaseMs, delivery) => {
          reserved = delivery;
          return 'reserved';
        },
        commit: (_key, ttlMs, delivery) => {
          calls.push(`commit ${ttlMs} ${delivery === reserved}`);
        },
        release: () => {
          calls.push('release');
        },
      },
      onNotification: () => undefined,
    });
    const result = await receiver.receive({ method: 'POST', readBody: async () => body });
    expect(result.outcome).toBe('accepted');
    // time is NOW, maxAgeSeconds 3600, received a minute later: 59 minutes left.
    expect(calls).toEqual([`commit ${3_540_000} true`]);
  });

  it('reports a failing release to onError and still answers 500', async () => {
    const errors: unknown[] = [];
    const receiver = createNotificationReceiver({
      token: TOKEN,
      now: () => NOW,
      replayStore: {
        reserve: async () => 'reserved' as const,
        commit: () => undefined,
        release: async () => Promise.reject(new Error('release failed')),
      },
      onNotification: () => Promise.reject(new Error('handler failed')),
      onError: (error) => errors.push(error),
    });
    const result = await receiver.receive({ method: 'POST', readBody: async () => body });
    expect(result.status).toBe(500);
    // onError gets NotificationErrors, with what failed as their cause.
    expect(errors.map((e) => ((e as Error).cause as Error).message)).toEqual(['release failed', 'handler failed']);
  });

  it('a body reader that fails with its own error is a 400 BODY_UNREADABLE, not a rejection', async () => {
    const receiver = createNotificationReceiver({ token: TOKEN, onNotification: () => undefined });
    const result = await receiver.receive({ method: 'POST', readBody: () => Promise.reject(new Error('socket hang up')) });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ error: { code: 'BODY_UNREADABLE', message: 'Body could not be read' } });
  });

  it('does not read the body of a request that is not a POST', async () => {
    let read = false;
    const receiver = createNotificationReceiver({ token: TOKEN, onNotification: () => undefined });
    const result = await receiver.receive({
      method: 'GET',
      readBody: async () => {
        read = true;
        return body;
      },
    });
    expect(result.status).toBe(405);
    expect(result.headers.allow).toBe('POST');
    expect(read).toBe(false);
  });

  it('exposes the body limits it was given, with defaults', () => {
    const onNotification = (): void => undefined;
    expect(createNotificationReceiver({ token: TOKEN, onNotification }).limits).toEqual({ maxBodyBytes: 8192, bodyTimeoutMs: 10_000 });
    expect(createNotificationReceiver({ token: TOKEN, onNotification, maxBodyBytes: 100, bodyTimeoutMs: 5 }).limits).toEqual({
      maxBodyBytes: 100,
      bodyTimeoutMs: 5,
    });
  });

  it('a now clock that throws or returns garbage is a 500, never a rejection', async () => {
    const onNotification = (): void => undefined;
    const throwing = createNotificationReceiver({
      token: TOKEN,
      onError: () => undefined,
      onNotification,
      now: () => {
        throw new Error('clock broke');
      },
    });
    const garbage = createNotificationReceiver({ token: TOKEN, onNotification, onError: () => undefined, now: () => Number.NaN });
    for (const receiver of [throwing, garbage]) {
      const result = await receiver.receive({ method: 'POST', readBody: async () => body });
      expect(result.status).toBe(500);
      expect(result.outcome).toBe('failed');
    }
  });
});

/** A receiver at the test clock, whose handler records what it was called with. */
function receiverWith(extra: Partial<NotificationHandlerOptions> = {}) {
  const handled: string[] = [];
  const errors: unknown[] = [];
  const receiver = createNotificationReceiver({
    token: TOKEN,
    now: () => NOW,
    onNotification: (notification) => {
      handled.push(`${notification.server} ${notification.status}`);
    },
    onError: (error) => {
      errors.push(error);
    },
    ...extra,
  });
  const send = (fields: Parameters<typeof genuine>[0] = {}) =>
    receiver.receive({ method: 'POST', readBody: async () => JSON.stringify(genuine(fields)) });
  return { receiver, handled, errors, send };
}

const codeOf = (result: { body: string }): string | undefined => (JSON.parse(result.body) as { error?: { code: string } }).error?.code;

describe('re-labelled notifications (the digest covers only the time)', () => {
  it('10,000 server/status variants of one captured notification run onNotification at most 100 times and evict nothing', async () => {
    const replayStore = createMemoryReplayStore({ now: () => NOW });
    const { handled, send } = receiverWith({ replayStore });
    const other = { time: '2026-11-26 09:59:00 UTC' };
    expect((await send(other)).outcome).toBe('accepted');
    expect((await send()).outcome).toBe('accepted');
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const result = await send(i % 2 === 0 ? { status: `s${i}` } : { server: `relabelled${i}.example.com` });
      outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
      if (result.outcome === 'refused') expect(result.status).toBe(429);
    }
    // The original took one of the 100 places: 99 variants got through.
    expect(handled).toHaveLength(2 + 99);
    expect(outcomes.get('refused')).toBe(10_000 - 99);
    expect(replayStore.size).toBe(2 + 99);
    expect((await send()).outcome).toBe('duplicate');
    expect((await send(other)).outcome).toBe('duplicate');
  });

  it('refused variants are answered TOO_MANY_NOTIFICATIONS_PER_TIME, and an admitted one stays admitted', async () => {
    const { send, handled } = receiverWith({ maxNotificationsPerTime: 2 });
    await send({ status: 'a' });
    await send({ status: 'b' });
    const refused = await send({ status: 'c' });
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('TOO_MANY_NOTIFICATIONS_PER_TIME');
    expect((await send({ status: 'b' })).outcome).toBe('duplicate');
    expect(handled).toEqual(['edge1.example.com a', 'edge1.example.com b']);
  });

  it('long names (kept as their MD5) are bounded and told apart like short ones', async () => {
    const { send, handled } = receiverWith({ maxNotificationsPerTime: 3 });
    const long = (i: number) => `${'x'.repeat(1000)}${i}.example.com`;
    for (let i = 0; i < 10; i++) await send({ server: long(i) });
    expect(handled).toEqual([0, 1, 2].map((i) => `${long(i)} offline`));
    expect((await send({ server: long(1) })).outcome).toBe('duplicate');
    expect((await send({ server: long(3) })).outcome).toBe('refused');
  });

  it('a genuine burst gets through: 50 servers going offline in the same second are all handled', async () => {
    const { send, handled } = receiverWith();
    for (let i = 0; i < 50; i++) expect((await send({ server: `edge${i}.example.com` })).outcome).toBe('accepted');
    expect(new Set(handled).size).toBe(50);
  });

  it('a variant whose handler fails keeps its place: retries of it do not use up the bound', async () => {
    let calls = 0;
    const { send } = receiverWith({
      maxNotificationsPerTime: 2,
      onNotification: () => {
        calls++;
        throw new Error('down');
      },
    });
    for (let i = 0; i < 10; i++) expect((await send()).outcome).toBe('failed');
    expect((await send({ status: 'other' })).outcome).toBe('failed');
    expect((await send({ status: 'third' })).outcome).toBe('refused');
    expect(calls).toBe(11);
  });

  it('maxNotificationsPerTime: Infinity turns the bound off; 0 or a fraction is a TypeError', async () => {
    const { send, handled } = receiverWith({ maxNotificationsPerTime: Infinity });
    for (let i = 0; i < 300; i++) await send({ status: `s${i}` });
    expect(handled).toHaveLength(300);
    for (const bad of [0, 1.5, -1, Number.NaN, '5']) {
      expect(() => receiverWith({ maxNotificationsPerTime: bad as number })).toThrow(TypeError);
    }
  });

  it('statuses restricts the status, as servers restricts the server: 403 UNKNOWN_STATUS', async () => {
    const { send, handled } = receiverWith({ servers: ['edge1.example.com'], statuses: ['offline'] });
    const result = await send({ status: 'online' });
    expect(result.status).toBe(403);
    expect(codeOf(result)).toBe('UNKNOWN_STATUS');
    expect((await send()).outcome).toBe('accepted');
    const predicate = receiverWith({ statuses: (status) => status.startsWith('off') });
    expect((await predicate.send({ status: 'offline-maintenance' })).outcome).toBe('accepted');
    expect((await predicate.send({ status: 'on' })).outcome).toBe('refused');
    expect(handled).toEqual(['edge1.example.com offline']);
    expect(() => receiverWith({ statuses: 'offline' as never })).toThrow(TypeError);
  });
});

describe('a replay store that misbehaves', () => {
  const unavailable = async (replayStore: ReplayStore) => {
    const { send, handled, errors } = receiverWith({ replayStore, replayStoreTimeoutMs: 50 });
    const started = performance.now();
    const result = await send();
    return { result, handled, errors, elapsedMs: performance.now() - started };
  };
  const ok = { commit: () => undefined, release: () => undefined };

  it('a reserve that never settles is a 503 REPLAY_STORE_UNAVAILABLE after replayStoreTimeoutMs', async () => {
    const { result, handled, errors, elapsedMs } = await unavailable({ ...ok, reserve: () => new Promise(() => undefined) });
    expect(result.status).toBe(503);
    expect(codeOf(result)).toBe('REPLAY_STORE_UNAVAILABLE');
    expect(elapsedMs).toBeLessThan(5000);
    expect(handled).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it.each([
    ['true', true],
    ['undefined', undefined],
    ['a word it does not know', 'yes'],
  ])('a reserve that answers %s is a 503, never taken as free', async (_name, state) => {
    const { result, handled } = await unavailable({ ...ok, reserve: () => state as never });
    expect(result.status).toBe(503);
    expect(handled).toEqual([]);
  });

  it('a reserve that throws synchronously is a 503', async () => {
    const { result } = await unavailable({
      ...ok,
      reserve: () => {
        throw new Error('no connection');
      },
    });
    expect(result.status).toBe(503);
  });

  it.each([
    ['never settles', () => new Promise<void>(() => undefined)],
    ['rejects', () => Promise.reject(new Error('commit failed'))],
  ])('a commit that %s is reported, and the answer stays 200 (the handler did its work)', async (_name, commit) => {
    const { send, handled, errors } = receiverWith({ replayStore: { reserve: () => 'reserved', commit, release: () => undefined }, replayStoreTimeoutMs: 50 });
    const result = await send();
    expect(result.outcome).toBe('accepted');
    expect(handled).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });

  it('a release that never settles still lets the failure be answered', async () => {
    const { send, errors } = receiverWith({
      replayStore: { reserve: () => 'reserved', commit: () => undefined, release: () => new Promise(() => undefined) },
      replayStoreTimeoutMs: 50,
      onNotification: () => Promise.reject(new Error('down')),
    });
    expect((await send()).status).toBe(500);
    expect(errors.map((e) => ((e as Error).cause as Error).message)).toEqual(['The replay store did not answer within 50 ms', 'down']);
  });

  it('a replay store without commit is a TypeError at once', () => {
    expect(() => receiverWith({ replayStore: { reserve: () => 'reserved', release: () => undefined } as never })).toThrow(/commit/);
  });
});

describe('receive results', () => {
  it('in-progress: 409 NOTIFICATION_IN_PROGRESS with Retry-After of the handler timeout, in seconds', async () => {
    let release!: () => void;
    const { receiver, send } = receiverWith({
      handlerTimeoutMs: 12_500,
      onNotification: () => new Promise<void>((resolve) => (release = resolve)),
    });
    const first = send();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await send();
    expect(second.outcome).toBe('in-progress');
    expect(second.status).toBe(409);
    expect(second.headers['retry-after']).toBe('13');
    expect(codeOf(second)).toBe('NOTIFICATION_IN_PROGRESS');
    release();
    expect((await first).outcome).toBe('accepted');
    expect(receiver.limits).toEqual({ maxBodyBytes: 8192, bodyTimeoutMs: 10_000 });
  });

  it.each([
    ['undefined', undefined],
    ['a string', 'down'],
    ['an object without a prototype', Object.create(null) as unknown],
  ])('a handler rejecting with %s fails with a NotificationError HANDLER_FAILED that has it as cause', async (_name, reason) => {
    const { send, errors } = receiverWith({ onNotification: () => Promise.reject(reason) });
    const result = await send();
    expect(result.outcome).toBe('failed');
    if (result.outcome !== 'failed') return;
    expect(result.status).toBe(500);
    expect(isNotificationError(result.error) && result.error.code).toBe('HANDLER_FAILED');
    expect(result.error.cause).toBe(reason);
    expect(errors).toEqual([result.error]);
  });

  it('a handler that never settles fails with HANDLER_TIMEOUT (503) after handlerTimeoutMs', async () => {
    const { send } = receiverWith({ handlerTimeoutMs: 30, onNotification: () => new Promise(() => undefined) });
    const result = await send();
    expect(result.outcome).toBe('failed');
    expect(result.status).toBe(503);
    expect(codeOf(result)).toBe('HANDLER_TIMEOUT');
  });

  it.each([0, 1.5, -5, Infinity])('handlerTimeoutMs %s is a TypeError', (handlerTimeoutMs) => {
    expect(() => receiverWith({ handlerTimeoutMs })).toThrow(TypeError);
  });

  it('without onError, a replay store failure is logged in one line; a refusal is not', async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    try {
      const receiver = createNotificationReceiver({
        token: TOKEN,
        now: () => NOW,
        onNotification: () => undefined,
        replayStore: { reserve: () => Promise.reject(new Error(`redis auth failed: ${TOKEN}\nat line 2`)), commit: () => undefined, release: () => undefined },
      });
      await receiver.receive({ method: 'POST', readBody: async () => JSON.stringify(genuine({}, 'forged')) });
      expect(lines).toEqual([]);
      await receiver.receive({ method: 'POST', readBody: async () => body });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^wmspanel-notifications: .*REPLAY_STORE_UNAVAILABLE|replay store/i);
      expect(lines[0]).toContain('redis auth failed');
      expect(lines[0]).not.toContain(TOKEN);
      expect(lines[0]).not.toContain('\n');
    } finally {
      console.error = original;
    }
  });
});

describe('one kind cannot flood the replay store out of another kind\'s keys', () => {
  it('a server status notification is still a duplicate after a shared memory store took many more syncs than it holds', async () => {
    const { createTestPayPerViewSync } = await import('../../../src/testing.js');
    let calls = 0;
    const receiver = createNotificationReceiver({
      token: TOKEN,
      now: () => NOW + 2000,
      replayStore: createMemoryReplayStore({ maxEntries: 20 }),
      onNotification: () => void calls++,
      onPayPerViewSync: () => undefined,
    });
    const post = (body: string) => receiver.receive({ method: 'POST', readBody: async () => body });
    const status = JSON.stringify(genuine());
    expect((await post(status)).outcome).toBe('accepted');
    for (let i = 0; i < 100; i++) expect((await post(createTestPayPerViewSync({ token: TOKEN }).body)).outcome).toBe('accepted');
    expect((await post(status)).outcome).toBe('duplicate');
    expect(calls).toBe(1);
  });
});

describe('a capture re-sent as the other kind', () => {
  it('is answered as a duplicate without a report each time: a capture cannot flood the logs', async () => {
    const { createTestStreamNotification } = await import('../../../src/testing.js');
    const errors: unknown[] = [];
    const receiver = createNotificationReceiver({
      token: TOKEN,
      now: () => NOW + 2000,
      onStreamNotification: () => undefined,
      onPayPerViewSync: () => ({ deny: ['x'] }),
      onError: (error) => void errors.push(error),
    });
    const { body } = createTestStreamNotification({ token: TOKEN, time: NOW });
    const post = (text: string) => receiver.receive({ method: 'POST', readBody: async () => text });
    expect((await post(body)).outcome).toBe('accepted');
    const { ID, Puzzle, Signature } = JSON.parse(body) as Record<string, string>;
    const asSync = JSON.stringify({ ID, Puzzle, Signature, PayPerViewInfo: {} });
    for (let i = 0; i < 100; i++) {
      const replay = await post(asSync);
      expect(replay.outcome).toBe('duplicate');
      expect(JSON.parse(replay.body)).toMatchObject({ DenyList: { ID: [] } });
    }
    expect(errors.length).toBeLessThanOrEqual(1);
  });
});

describe('the default replay store', () => {
  it('is a handler\'s own for server status keys: two fresh handlers each handle the same notification (a test suite\'s handlers start empty)', async () => {
    let calls = 0;
    const body = JSON.stringify(genuine({ time: new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') }));
    for (let i = 0; i < 2; i++) {
      const receiver = createNotificationReceiver({ token: TOKEN, onNotification: () => void calls++ });
      expect((await receiver.receive({ method: 'POST', readBody: async () => body })).outcome).toBe('accepted');
    }
    expect(calls).toBe(2);
  });
});

describe('what onError receives: always a NotificationError (its code needs no cast), the application\'s own error as its cause', () => {
  /** A receiver whose onError records, with a replay store made of `store` over a store that works. */
  function reporting(extra: Partial<NotificationHandlerOptions>) {
    const { receiver, errors, send } = receiverWith(extra);
    const codes = () => errors.map((error) => (isNotificationError(error) ? error.code : `not a NotificationError: ${String(error)}`));
    const causes = () => errors.map((error) => (error as Error).cause);
    return { receiver, errors, send, codes, causes };
  }
  const working = { reserve: () => 'reserved' as const, commit: () => undefined, release: () => undefined };
  const brokenHandler = new Error('database down');

  it.each([
    ['a now clock that throws a string', 'HANDLER_FAILED', { now: () => { throw 'clock broke'; } }, 'clock broke', 500],
    ['a servers predicate that throws a number', 'HANDLER_FAILED', { servers: () => { throw 42; } }, 42, 500],
    ['a statuses predicate that throws an Error', 'HANDLER_FAILED', { statuses: () => { throw brokenHandler; } }, brokenHandler, 500],
    ['onNotification that throws an Error', 'HANDLER_FAILED', { onNotification: () => { throw brokenHandler; } }, brokenHandler, 500],
    ['a commit that rejects with a string', 'REPLAY_STORE_UNAVAILABLE', { replayStore: { ...working, commit: () => Promise.reject('redis gone') } }, 'redis gone', 200],
    ['a commit that throws a number', 'REPLAY_STORE_UNAVAILABLE', { replayStore: { ...working, commit: () => { throw 7; } } }, 7, 200],
    ['a reserve that rejects with a string', 'REPLAY_STORE_UNAVAILABLE', { replayStore: { ...working, reserve: () => Promise.reject('redis gone') } }, 'redis gone', 503],
  ] as [string, string, Partial<NotificationHandlerOptions>, unknown, number][])('%s: %s, with the thrown value as cause', async (_name, code, extra, cause, status) => {
    const { send, codes, causes } = reporting(extra);
    const result = await send();
    expect(result.status).toBe(status);
    expect(codes()).toEqual([code]);
    expect(causes()).toEqual([cause]);
  });

  it('a failing onNotification: onError gets HANDLER_FAILED wrapping it; the framework still gets the Error itself', async () => {
    const { send, errors } = reporting({ onNotification: () => Promise.reject(brokenHandler) });
    const result = await send();
    expect(result.outcome === 'failed' && result.error).toBe(brokenHandler);
    expect(errors).toHaveLength(1);
    expect(isNotificationError(errors[0]) && errors[0].code).toBe('HANDLER_FAILED');
    expect((errors[0] as Error).cause).toBe(brokenHandler);
  });

  it('a handler that throws a NotificationError of its own (say, from a nested verifyNotification) is HANDLER_FAILED, not a refusal', async () => {
    const nested = new (await import('../../../src/index.js')).NotificationError('INVALID_DIGEST', 'nested');
    const { send, codes, causes } = reporting({ onNotification: () => { throw nested; } });
    expect((await send()).status).toBe(500);
    expect(codes()).toEqual(['HANDLER_FAILED']);
    expect(causes()).toEqual([nested]);
  });

  it('a handler timeout is HANDLER_TIMEOUT as it is', async () => {
    const { send, codes } = reporting({ handlerTimeoutMs: 20, onNotification: () => new Promise(() => undefined) });
    expect((await send()).status).toBe(503);
    expect(codes()).toEqual(['HANDLER_TIMEOUT']);
  });

  it('a release that rejects with a non-Error after a failing handler: both reported as NotificationErrors', async () => {
    const { send, codes, causes } = reporting({
      replayStore: { ...working, release: () => Promise.reject({ reason: 'gone' }) },
      onNotification: () => Promise.reject(brokenHandler),
    });
    expect((await send()).status).toBe(500);
    expect(codes()).toEqual(['REPLAY_STORE_UNAVAILABLE', 'HANDLER_FAILED']);
    expect(causes()).toEqual([{ reason: 'gone' }, brokenHandler]);
  });

  it('a failing authorization callback (answered with the failureDecision) is HANDLER_FAILED wrapping what it threw', async () => {
    const { createTestPublishControlRequest } = await import('../../../src/testing.js');
    const errors: unknown[] = [];
    const receiver = createNotificationReceiver({
      onPublishControlRequest: () => {
        throw brokenHandler;
      },
      onError: (error) => void errors.push(error),
    });
    const result = await receiver.receive({ method: 'POST', readBody: async () => createTestPublishControlRequest().body });
    expect(result.outcome).toBe('defaulted');
    expect(errors.map((error) => isNotificationError(error) && [error.code, error.cause])).toEqual([['HANDLER_FAILED', brokenHandler]]);
  });

  it('a pay-per-view replay whose store kept no answer, or one it cannot read, is reported as REPLAY_STORE_UNAVAILABLE', async () => {
    const { createTestPayPerViewSync } = await import('../../../src/testing.js');
    const errors: unknown[] = [];
    const answers: unknown[] = [{ state: 'done', answer: 'not json' }, 'done'];
    const receiver = createNotificationReceiver({
      token: TOKEN,
      now: () => NOW,
      replayStore: { ...working, reserve: () => answers.shift() as never },
      onPayPerViewSync: () => undefined,
      onError: (error) => void errors.push(error),
    });
    const { body: sync } = createTestPayPerViewSync({ token: TOKEN });
    expect((await receiver.receive({ method: 'POST', readBody: async () => sync })).outcome).toBe('duplicate');
    expect((await receiver.receive({ method: 'POST', readBody: async () => sync })).outcome).toBe('duplicate');
    expect(errors.map((error) => isNotificationError(error) && error.code)).toEqual(['REPLAY_STORE_UNAVAILABLE', 'REPLAY_STORE_UNAVAILABLE']);
  });
});

describe('the default log line', () => {
  it('names what really failed: the handler\'s error and its own cause, under the package\'s wrapper', async () => {
    const { vi } = await import('vitest');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const receiver = createNotificationReceiver({
        token: TOKEN,
        now: () => NOW + 2000,
        onNotification: () => {
          throw new Error('insert failed', { cause: new Error('ECONNREFUSED db:5432') });
        },
      });
      await receiver.receive({ method: 'POST', readBody: async () => JSON.stringify(genuine()) });
      const line = String(spy.mock.calls[0]?.[0]);
      expect(line).toContain('Error: insert failed');
      expect(line).toContain('ECONNREFUSED db:5432');
    } finally {
      spy.mockRestore();
    }
  });
});
