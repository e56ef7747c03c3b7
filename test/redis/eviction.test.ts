// A Redis full to its maxmemory with `maxmemory-policy noeviction` (the setting docs/replay-protection.md
// asks for): nothing it remembers is evicted, so replays are still caught, and what it cannot remember is
// answered 503 (the store fails closed) rather than handled unprotected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationReceiver } from '../../src/index.js';
import { createRedisReplayStore } from '../../src/redis/index.js';
import { createTestNotification } from '../../src/testing.js';
import { TOKEN } from '../helpers.js';
import { clientKinds, type ConnectedClient } from './clients.js';
import { REDIS_AVAILABLE, startRedis, type RedisServer } from './server.js';

const FILLER = 'x'.repeat(16 * 1024);
const MAXMEMORY = '4mb';

let redis: RedisServer;
beforeAll(async () => {
  if (REDIS_AVAILABLE) redis = await startRedis({ args: ['--maxmemory', MAXMEMORY, '--maxmemory-policy', 'noeviction'] });
});
afterAll(async () => {
  await redis?.close();
});

/**
 * Writes keys that are not the store's until Redis refuses one (OOM), then lowers maxmemory under what is
 * used: a refused 16 KiB write leaves a few KiB free, where a small write would still fit.
 */
async function fill(connection: ConnectedClient, name: string): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const key = `filler:${name}:${i}`;
    try {
      await connection.command(['SET', key, FILLER]);
    } catch (error) {
      expect(String(error)).toContain('OOM');
      await connection.command(['CONFIG', 'SET', 'maxmemory', '1mb']);
      return keys;
    }
    keys.push(key);
  }
  throw new Error('Redis never reached its maxmemory');
}

/** Frees the room `fill` took. */
async function empty(connection: ConnectedClient, keys: string[]): Promise<void> {
  if (keys.length > 0) await connection.command(['DEL', ...keys.splice(0)]);
  await connection.command(['CONFIG', 'SET', 'maxmemory', MAXMEMORY]);
}

describe.skipIf(!REDIS_AVAILABLE).each(clientKinds)('a Redis at its maxmemory with noeviction, with $name', (kind) => {
  it('a replay is still caught; a new notification is answered 503 REPLAY_STORE_UNAVAILABLE, and handled once there is room', async () => {
    const connection = await kind.connect(redis.url);
    const filler: string[] = [];
    try {
      const handled: string[] = [];
      const receiver = createNotificationReceiver({
        token: TOKEN,
        replayStore: createRedisReplayStore({ client: connection.client, prefix: `eviction:${kind.name}:` }),
        onError: () => undefined,
        onNotification: (notification) => void handled.push(notification.server),
      });
      const receive = (body: string) => receiver.receive({ method: 'POST', readBody: async () => body });
      const first = createTestNotification({ token: TOKEN, server: 'edge1.example.com' }).body;
      const second = createTestNotification({ token: TOKEN, server: 'edge2.example.com' }).body;
      expect((await receive(first)).outcome).toBe('accepted');

      filler.push(...(await fill(connection, kind.name)));
      // Nothing was evicted: the replay reads its key (a script that writes nothing is not refused).
      expect((await receive(first)).outcome).toBe('duplicate');
      // Remembering a new one needs a write, which Redis refuses (OOM): the store fails closed.
      const refused = await receive(second);
      expect(refused.status).toBe(503);
      expect(refused).toMatchObject({ outcome: 'refused', error: { code: 'REPLAY_STORE_UNAVAILABLE' } });
      expect(handled).toEqual(['edge1.example.com']);

      await empty(connection, filler);
      expect((await receive(second)).outcome).toBe('accepted');
      expect((await receive(second)).outcome).toBe('duplicate');
      expect(handled).toEqual(['edge1.example.com', 'edge2.example.com']);
    } finally {
      if (filler.length > 0) await empty(connection, filler);
      await connection.close();
    }
  });
});
