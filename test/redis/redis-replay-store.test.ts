// createRedisReplayStore against a real redis-server, with every client users have.
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisReplayStore, DEFAULT_REDIS_KEY_PREFIX, type RedisReplayStoreOptions } from '../../src/redis/index.js';
import { createNotificationReceiver } from '../../src/index.js';
import { createTestPayPerViewSync } from '../../src/testing.js';
import { clientKinds, type ConnectedClient } from './clients.js';
import { REDIS_AVAILABLE, startRedis, type RedisServer } from './server.js';

let redis: RedisServer;
beforeAll(async () => {
  if (REDIS_AVAILABLE) redis = await startRedis();
});
afterAll(async () => {
  await redis?.close();
});

let keys = 0;
const uniqueKey = () => `key-${process.pid}-${++keys}`;

describe.skipIf(!REDIS_AVAILABLE).each(clientKinds)('createRedisReplayStore with $name', (kind) => {
  const connected: ConnectedClient[] = [];
  afterAll(async () => {
    await Promise.all(connected.map((c) => c.close()));
  });
  async function store(options: Partial<RedisReplayStoreOptions> = {}) {
    const connection = await kind.connect(redis.url);
    connected.push(connection);
    return { store: createRedisReplayStore({ client: connection.client, ...options }), connection };
  }

  it('reserve is reserved, then in-progress for another delivery, then done once committed', async () => {
    const { store: replay } = await store();
    const key = uniqueKey();
    expect(await replay.reserve(key, 10_000, 'd1')).toBe('reserved');
    expect(await replay.reserve(key, 10_000, 'd2')).toBe('in-progress');
    await replay.commit(key, 10_000, 'd1');
    expect(await replay.reserve(key, 10_000, 'd3')).toBe('done');
  });

  it('a commit with an answer keeps it: reserve gives it back unchanged, colons, quotes and non-ASCII included', async () => {
    const { store: replay } = await store();
    const key = uniqueKey();
    const answer = '["17","a:b","done:x","zoë ☃"]';
    expect(await replay.reserve(key, 10_000, 'd1')).toBe('reserved');
    await replay.commit(key, 10_000, 'd1', answer);
    expect(await replay.reserve(key, 10_000, 'd2')).toEqual({ state: 'done', answer });
    const empty = uniqueKey();
    await replay.commit(empty, 10_000, 'd3', '');
    expect(await replay.reserve(empty, 10_000, 'd4')).toEqual({ state: 'done', answer: '' });
  });

  it('two instances sharing Redis: a sync replayed to the second is answered with the deny list the first produced', async () => {
    const calls: string[] = [];
    const instance = async (name: string) =>
      createNotificationReceiver({
        token: 'redis-ppv-token',
        replayStore: (await store({ prefix: `ppv-${process.pid}:` })).store,
        onPayPerViewSync: (sync) => {
          calls.push(name);
          return { deny: sync.players.map((player) => `${player.id}-from-${name}`) };
        },
      });
    const [first, second] = [await instance('first'), await instance('second')];
    const { body } = createTestPayPerViewSync({ token: 'redis-ppv-token', players: [{ id: 'a' }, { id: 'b' }] });
    const handled = await first.receive({ method: 'POST', readBody: async () => body });
    const replayed = await second.receive({ method: 'POST', readBody: async () => body });
    expect(calls).toEqual(['first']);
    expect(replayed.outcome).toBe('duplicate');
    expect(replayed.body).toBe(handled.body);
    expect(JSON.parse(replayed.body).DenyList.ID).toEqual(['a-from-first', 'b-from-first']);
  });

  it('an in-progress mark expires after its lease (a process that died), a done one after its ttl', async () => {
    const { store: replay } = await store();
    const key = uniqueKey();
    expect(await replay.reserve(key, 60, 'dead')).toBe('reserved');
    // Redis's own clock expires the marks: real time is the point, and a fixed wait of twice the lease (not a
    // poll) is what shows that they expire when they should (a poll of 2 s passed a lease 20 times too long).
    await sleep(120);
    expect(await replay.reserve(key, 60, 'd2')).toBe('reserved');
    await replay.commit(key, 60, 'd2');
    expect(await replay.reserve(key, 60, 'd3')).toBe('done');
    await sleep(120);
    expect(await replay.reserve(key, 60, 'd4')).toBe('reserved');
  });

  it('release deletes the mark only for the delivery that holds it', async () => {
    const { store: replay } = await store();
    const key = uniqueKey();
    await replay.reserve(key, 10_000, 'owner');
    await replay.release(key, 'someone-else');
    expect(await replay.reserve(key, 10_000, 'd2')).toBe('in-progress');
    await replay.release(key, 'owner');
    expect(await replay.reserve(key, 10_000, 'd3')).toBe('reserved');
    await replay.commit(key, 10_000, 'd3');
    await replay.release(key, 'd3'); // a done key is never released
    expect(await replay.reserve(key, 10_000, 'd4')).toBe('done');
  });

  it('commit by a delivery that lost its mark changes nothing; commit of a key that expired remembers it', async () => {
    const { store: replay } = await store();
    const key = uniqueKey();
    await replay.reserve(key, 50, 'slow');
    await sleep(120);
    expect(await replay.reserve(key, 10_000, 'fast')).toBe('reserved');
    await replay.commit(key, 10_000, 'slow');
    expect(await replay.reserve(key, 10_000, 'other')).toBe('in-progress');
    const gone = uniqueKey();
    await replay.commit(gone, 10_000, 'late');
    expect(await replay.reserve(gone, 10_000, 'other')).toBe('done');
  });

  it('writes prefixed keys: the delivery with the lease while in progress, "done" with the ttl after', async () => {
    const { store: replay, connection } = await store({ prefix: 'test-app:' });
    const key = uniqueKey();
    await replay.reserve(key, 5000, 'delivery-1');
    expect(await connection.command(['GET', `test-app:${key}`])).toBe('delivery-1');
    expect(Number(await connection.command(['PTTL', `test-app:${key}`]))).toBeGreaterThan(4000);
    expect(await connection.command(['EXISTS', `${DEFAULT_REDIS_KEY_PREFIX}${key}`])).toBe(0);
    await replay.commit(key, 60_000, 'delivery-1');
    expect(await connection.command(['GET', `test-app:${key}`])).toBe('done');
    expect(Number(await connection.command(['PTTL', `test-app:${key}`]))).toBeGreaterThan(50_000);
  });

  it('an Infinity ttl is capped by maxTtlMs', async () => {
    const { store: replay, connection } = await store({ maxTtlMs: 30_000 });
    const key = uniqueKey();
    await replay.reserve(key, 1000, 'd1');
    await replay.commit(key, Infinity, 'd1');
    const ttl = Number(await connection.command(['PTTL', `${DEFAULT_REDIS_KEY_PREFIX}${key}`]));
    expect(ttl).toBeGreaterThan(20_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('a Redis that cannot be reached: every step rejects within timeoutMs, never hangs', async () => {
    const closed = await kind.connect('redis://127.0.0.1:1', false);
    connected.push(closed);
    const replay = createRedisReplayStore({ client: closed.client, timeoutMs: 50 });
    for (const step of [() => replay.reserve(uniqueKey(), 1000, 'd'), () => replay.commit(uniqueKey(), 1000, 'd'), () => replay.release(uniqueKey(), 'd')]) {
      const started = performance.now();
      await expect(step()).rejects.toThrow(/Redis/);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('with failOpen, a Redis that cannot be reached answers reserved and tells onError', async () => {
    const closed = await kind.connect('redis://127.0.0.1:1', false);
    connected.push(closed);
    const errors: unknown[] = [];
    const replay = createRedisReplayStore({ client: closed.client, timeoutMs: 100, failOpen: true, onError: (error) => errors.push(error) });
    expect(await replay.reserve(uniqueKey(), 1000, 'd')).toBe('reserved');
    await replay.commit(uniqueKey(), 1000, 'd');
    expect(errors).toHaveLength(2);
  });
});

describe('createRedisReplayStore without a server', () => {
  it('a client that never answers: reserve rejects after timeoutMs', async () => {
    const replay = createRedisReplayStore({ client: { sendCommand: () => new Promise(() => undefined) }, timeoutMs: 50 });
    const started = performance.now();
    await expect(replay.reserve('k', 1000, 'd')).rejects.toThrow('Redis did not answer within 50 ms');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('a reserve answered after its timeout, which set the mark, is released at once', async () => {
    const sent: string[][] = [];
    let answerLate!: (reply: unknown) => void;
    const client = {
      sendCommand: (args: string[]) => {
        sent.push(args);
        if (sent.length === 1) return new Promise((resolve) => (answerLate = resolve));
        return Promise.resolve(1);
      },
    };
    const replay = createRedisReplayStore({ client, timeoutMs: 20 });
    await expect(replay.reserve('k', 1000, 'late-delivery')).rejects.toThrow(/within 20 ms/);
    answerLate(null);
    // At once: within 100 ms of the late answer (the default wait of 1 s would pass a release made much later).
    await vi.waitFor(() => expect(sent).toHaveLength(2), { timeout: 100, interval: 1 });
    expect(sent[1]).toEqual(['EVAL', expect.stringContaining("'DEL'"), '1', `${DEFAULT_REDIS_KEY_PREFIX}k`, 'late-delivery']);
  });

  it.each([
    ['a number', 42],
    ['an array', ['x']],
  ])('a reserve answered with %s rejects (fail closed)', async (_name, reply) => {
    const replay = createRedisReplayStore({ client: { sendCommand: async () => reply } });
    await expect(replay.reserve('k', 1000, 'd')).rejects.toThrow(/not a string/);
  });

  it('a client that throws synchronously is a rejection, never a throw', async () => {
    const replay = createRedisReplayStore({
      client: {
        call: () => {
          throw new Error('Connection is closed.');
        },
      },
    });
    await expect(replay.reserve('k', 1000, 'd')).rejects.toThrow('Redis failed');
  });

  /** An EventEmitter with the node-redis shape, as `createClient()` is. */
  const emitterClient = () => Object.assign(new EventEmitter(), { sendCommand: async (): Promise<null> => null });
  // What an ioredis ReplyError for a refused AUTH holds besides its message (seen with ioredis 5 and 6).
  const authError = () => Object.assign(new Error('WRONGPASS invalid username-password pair'), { command: { name: 'auth', args: ['default', 's3cret'] } });

  it("a client with no 'error' listener gets one: an error event no longer throws (node-redis would end the process)", () => {
    const client = emitterClient();
    expect(() => client.emit('error', new Error('before'))).toThrow('before');
    createRedisReplayStore({ client, onError: () => undefined });
    expect(client.listenerCount('error')).toBe(1);
    expect(() => client.emit('error', new Error('Socket closed unexpectedly'))).not.toThrow();
  });

  it('the listener it adds tells onError of each error the client emits', () => {
    const client = emitterClient();
    const errors: unknown[] = [];
    createRedisReplayStore({ client, onError: (error) => errors.push(error) });
    const lost = new Error('Socket closed unexpectedly');
    client.emit('error', lost);
    expect(errors).toEqual([lost]);
  });

  it('without onError, it writes one console.error line per error with the message only, never the error object', () => {
    const client = emitterClient();
    createRedisReplayStore({ client });
    const written = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      client.emit('error', authError());
      client.emit('error', Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' }));
      expect(written).toHaveBeenCalledTimes(2);
      const lines = written.mock.calls.map((call) => call.join(' '));
      expect(lines[0]).toMatch(/^wmspanel-notifications\/redis: .*WRONGPASS invalid username-password pair/);
      expect(lines[1]).toContain('ECONNREFUSED');
      for (const line of lines) expect(line).not.toContain('s3cret');
      for (const call of written.mock.calls) for (const argument of call) expect(typeof argument).toBe('string');
    } finally {
      written.mockRestore();
    }
  });

  it("a client with an 'error' listener of its own is left alone", () => {
    const client = emitterClient();
    const own = () => undefined;
    client.on('error', own);
    createRedisReplayStore({ client });
    expect(client.listeners('error')).toEqual([own]);
  });

  it('the listener it added stays quiet once the application adds its own', () => {
    const client = emitterClient();
    const told: unknown[] = [];
    createRedisReplayStore({ client, onError: (error) => told.push(error) });
    const own: unknown[] = [];
    client.on('error', (error) => own.push(error));
    client.emit('error', new Error('lost'));
    expect(own).toHaveLength(1);
    expect(told).toEqual([]);
  });

  it('an onError that throws does not make the error event throw', () => {
    const client = emitterClient();
    createRedisReplayStore({
      client,
      onError: () => {
        throw new Error('logger down');
      },
    });
    expect(() => client.emit('error', new Error('lost'))).not.toThrow();
  });

  it.each([
    ['no client', {}],
    ['a client of no known shape', { client: { get: () => undefined } }],
    ['timeoutMs 0', { client: { call: async (): Promise<null> => null }, timeoutMs: 0 }],
    ['a prefix that is not a string', { client: { call: async (): Promise<null> => null }, prefix: 5 }],
    ['failOpen not a boolean', { client: { call: async (): Promise<null> => null }, failOpen: 'yes' }],
  ])('%s is a TypeError at once', (_name, options) => {
    expect(() => createRedisReplayStore(options as never)).toThrow(TypeError);
  });
});
