// The receive step's side of the replay store (src/lib/receive/replay.ts): the lease it reserves, what it
// commits, a store that misbehaves, the default store, and keys two kinds share.
import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore, createNotificationReceiver, type ReplayStore } from '../../../src/index.js';
import { NOW, TOKEN, genuine } from '../../helpers.js';
import { answeredCode, receiverWith } from './receiver.js';

const body = JSON.stringify(genuine());

describe('createNotificationReceiver and its replay store', () => {
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
    expect(answeredCode(result)).toBe('REPLAY_STORE_UNAVAILABLE');
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
