// Three application instances, separate Node processes with their own Redis clients and ports, sharing
// one real redis-server: each notification is handled exactly once whichever instance gets it.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { computeDigest, formatNotificationTime } from '../../src/index.js';
import { TOKEN } from '../helpers.js';
import { REDIS_AVAILABLE, startRedis, type RedisServer } from './server.js';

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  handled(): Promise<string[]>;
  /** Resolves when its handler started on a `slow-` notification for `server`. */
  started(server: string): Promise<void>;
}

/** The next message from `child` that `pick` accepts (its other messages are not for this caller). */
function messageFrom<T>(child: ChildProcess, pick: (message: unknown) => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      const picked = pick(message);
      if (picked === undefined) return;
      child.off('message', onMessage);
      resolve(picked);
    };
    child.on('message', onMessage);
  });
}

let redis: RedisServer;
const instances: Instance[] = [];

/** Bundles the instance fixture from src/ into .tmp/ (inside the repository, so it finds node_modules). */
async function bundleInstance(): Promise<string> {
  const root = new URL('../../', import.meta.url).pathname;
  mkdirSync(`${root}.tmp`, { recursive: true });
  const outfile = `${root}.tmp/redis-instance-${process.pid}.mjs`;
  await build({
    entryPoints: [`${root}test/fixtures/redis/instance.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

async function startInstance(bundle: string, kind: string, env: Record<string, string> = {}): Promise<Instance> {
  const child = fork(bundle, [kind, redis.url], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [message] = (await once(child, 'message')) as [{ port: number }];
  return {
    name: kind,
    url: `http://127.0.0.1:${message.port}/`,
    child,
    handled: async () => {
      const reply = messageFrom(child, (message) => (message as { handled?: string[] }).handled);
      child.send('handled');
      return reply;
    },
    started: async (server) => {
      await messageFrom(child, (message) => ((message as { started?: string }).started === server ? true : undefined));
    },
  };
}

beforeAll(async () => {
  if (!REDIS_AVAILABLE) return;
  redis = await startRedis();
  const bundle = await bundleInstance();
  instances.push(
    await startInstance(bundle, 'redis 6 (node-redis)', { FAIL: '1' }),
    await startInstance(bundle, 'ioredis 6'),
    await startInstance(bundle, 'redis 5 (node-redis)'),
    await startInstance(bundle, 'ioredis 5'),
  );
}, 30_000);
afterAll(async () => {
  for (const instance of instances) instance.child.kill();
  await redis?.close();
});

function body(server: string, secondsAgo = 0): string {
  const time = formatNotificationTime(Date.now() - secondsAgo * 1000);
  return JSON.stringify({ time, digest: computeDigest(time, TOKEN), server, status: 'offline' });
}

async function post(url: string, payload: string): Promise<{ status: number; json: unknown; retryAfter: string | null }> {
  const response = await fetch(url, { method: 'POST', body: payload });
  return { status: response.status, json: await response.json(), retryAfter: response.headers.get('retry-after') };
}

const allHandled = async (): Promise<string[]> => (await Promise.all(instances.map((instance) => instance.handled()))).flat();

describe.skipIf(!REDIS_AVAILABLE)('the Redis replay store across processes', () => {
  it('1,000 notifications, each sent to every instance at the same moment, are each handled exactly once', async () => {
    const before = (await allHandled()).length;
    const bodies = Array.from({ length: 1000 }, (_, i) => body(`edge${i % 50}.round${Math.floor(i / 50)}.example.com`, Math.floor(i / 50)));
    const statuses = new Map<string, number>();
    const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
    for (let start = 0; start < bodies.length; start += 10) {
      await Promise.all(
        bodies.slice(start, start + 10).map(async (payload) => {
          const answers = await Promise.all(instances.map((instance) => post(instance.url, payload)));
          for (const answer of answers) {
            count(answer.status === 200 ? JSON.stringify(answer.json) : String(answer.status));
          }
          // At least one instance handled it (200 without duplicate) or is handling it: never all refused.
          expect(answers.filter((answer) => answer.status === 200 && !(answer.json as { duplicate?: boolean }).duplicate)).toHaveLength(1);
        }),
      );
    }
    const handled = (await allHandled()).slice(before);
    expect(handled).toHaveLength(1000);
    expect(new Set(handled).size).toBe(1000);
    // Every answer is one of: handled, duplicate, in progress.
    for (const key of statuses.keys()) expect(['{"received":true}', '{"received":true,"duplicate":true}', '409']).toContain(key);
    expect(statuses.get('{"received":true}')).toBe(1000);
    // The instances really raced: many answers were 409 (in progress on another instance).
    expect(statuses.get('409') ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('a retry on another instance while the first is handling is 409 with Retry-After; after success, a duplicate', async () => {
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const payload = body(`slow-${Date.now()}.example.com`);
    const handling = b.started(JSON.parse(payload).server as string);
    const first = post(b.url, payload);
    await handling;
    const during = await post(c.url, payload);
    expect(during.status).toBe(409);
    expect(during.json).toMatchObject({ error: { code: 'NOTIFICATION_IN_PROGRESS' } });
    expect(Number(during.retryAfter)).toBeGreaterThan(0);
    expect((await first).json).toEqual({ received: true });
    expect((await post(a.url, payload)).json).toEqual({ received: true, duplicate: true });
  });

  it('a handler that fails on one instance: the retry on another instance is handled', async () => {
    const [failing, healthy] = instances as [Instance, Instance];
    const payload = body(`fail-${Date.now()}.example.com`);
    expect((await post(failing.url, payload)).status).toBe(500);
    expect((await post(healthy.url, payload)).json).toEqual({ received: true });
    expect((await post(failing.url, payload)).json).toEqual({ received: true, duplicate: true });
  });

  it('Redis stopped: every answer is 503 within the bound, no instance crashes; restarted: service recovers', async () => {
    await redis.stop();
    // Every instance at once: each answers within its own store's timeout.
    await Promise.all(
      instances.map(async (instance) => {
        const started = performance.now();
        const answer = await post(instance.url, body(`down-${instance.name}-${Date.now()}`));
        expect(answer.status).toBe(503);
        expect(answer.json).toMatchObject({ error: { code: 'REPLAY_STORE_UNAVAILABLE' } });
        expect(performance.now() - started).toBeLessThan(3000);
        expect(instance.child.exitCode).toBeNull();
      }),
    );
    await redis.restart();
    await Promise.all(
      instances.map(async (instance) => {
        const payload = body(`back-${instance.name}-${Date.now()}`);
        await vi.waitFor(async () => expect((await post(instance.url, payload)).status).toBe(200), { timeout: 15_000, interval: 50 });
        expect((await post(instance.url, payload)).json).toEqual({ received: true, duplicate: true });
      }),
    );
  }, 60_000);
});
