/**
 * A replay store in Redis or Valkey, shared by every instance.
 *
 * @module wmspanel-notifications/redis
 */
import { misuse } from '../lib/misuse.js';
import { readPositive } from '../lib/read-option.js';
import type { ReplayStore } from '../lib/replay-store.js';
import { commandSender, listenForErrors, type IoRedisClientLike, type NodeRedisClientLike } from './clients.js';
import { COMMIT, doneMark, px, RELEASE, RESERVE, reserveOutcome } from './scripts.js';

export type { IoRedisClientLike, NodeRedisClientLike } from './clients.js';

/**
 * Options of `createRedisReplayStore`.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import type { RedisReplayStoreOptions } from 'wmspanel-notifications/redis';
 *
 * const options: RedisReplayStoreOptions = { client: new Redis(), prefix: 'myapp:wmspanel:', timeoutMs: 500 };
 * ```
 */
export interface RedisReplayStoreOptions {
  /** A connected node-redis client (`redis` v5 or v6) or an ioredis client (v5 or v6); Valkey servers too. */
  client: NodeRedisClientLike | IoRedisClientLike;
  /** Put before every key, to share a Redis database with other data. Default {@link DEFAULT_REDIS_KEY_PREFIX}. */
  prefix?: string;
  /**
   * How long one call may take, in milliseconds, enforced here whatever the client's own retry and
   * offline-queue settings: past it the call fails (and the request is answered 503
   * `REPLAY_STORE_UNAVAILABLE`, unless `failOpen`). Default {@link DEFAULT_REDIS_TIMEOUT_MS}.
   */
  timeoutMs?: number;
  /**
   * The longest a handled notification is remembered, in milliseconds: its window (the freshness window of
   * a server status notification, `replayWindowSeconds` from arrival for stream notifications and syncs)
   * capped by this; a window that is endless (`maxAgeSeconds` or `replayWindowSeconds` `Infinity`) is this.
   * Default {@link DEFAULT_REDIS_MAX_TTL_MS}.
   */
  maxTtlMs?: number;
  /**
   * When Redis fails or is slow, treat every notification as new instead of answering 503: the handler
   * runs, and replays and concurrent retries are not caught while Redis is down. Default `false` (fail
   * closed: the sender retries until Redis is back). See docs/replay-protection.md for the risk.
   */
  failOpen?: boolean;
  /**
   * Told of every Redis failure `failOpen` let through, and of every error the client emits while the
   * `'error'` listener this store added is the client's only one (see {@link createRedisReplayStore}). It
   * may be async; what it throws is ignored. Log `error.message`, not the error: an ioredis error for a
   * refused `AUTH` holds the command, password included.
   */
  onError?: (error: unknown) => unknown;
}

/**
 * The key prefix of the Redis replay store by default.
 *
 * @example
 * ```ts
 * import { DEFAULT_REDIS_KEY_PREFIX } from 'wmspanel-notifications/redis';
 *
 * console.log(`keys look like ${DEFAULT_REDIS_KEY_PREFIX}<digest><status length>:<status><server>`);
 * ```
 */
export const DEFAULT_REDIS_KEY_PREFIX = 'wmspanel:replay:';

/**
 * How long one Redis call may take by default, in milliseconds: a Redis on the same network answers in
 * about a millisecond, so this only ever passes when it is down or overloaded.
 *
 * @example
 * ```ts
 * import { DEFAULT_REDIS_TIMEOUT_MS, createRedisReplayStore } from 'wmspanel-notifications/redis';
 *
 * createRedisReplayStore({ client, timeoutMs: DEFAULT_REDIS_TIMEOUT_MS * 2 });
 * ```
 */
export const DEFAULT_REDIS_TIMEOUT_MS = 1000;

/**
 * The longest a handled notification is remembered by default, in milliseconds: seven days.
 *
 * @example
 * ```ts
 * import { DEFAULT_REDIS_MAX_TTL_MS } from 'wmspanel-notifications/redis';
 *
 * console.log(`remembered at most ${DEFAULT_REDIS_MAX_TTL_MS / 86_400_000} days`);
 * ```
 */
// 7 days, written out: a bundler keeps a top-level product even when nothing uses it.
export const DEFAULT_REDIS_MAX_TTL_MS = 604_800_000;

/**
 * A {@link ReplayStore} in Redis (or Valkey), shared by every process that uses the same server and
 * prefix: a replay or a concurrent retry is caught whichever instance receives it. Each step is one round
 * trip running one Lua script: `reserve` sets the key to this delivery's mark with a lease (the handler
 * timeout plus a margin, so a mark left by a process that died frees itself) unless it exists, and answers
 * what it found; `commit` marks it done for the freshness window; `release` deletes it only while it is
 * still this delivery's. Every call is bounded by `timeoutMs`; a failure is a rejection, so the request is
 * answered 503 `REPLAY_STORE_UNAVAILABLE` (or, with `failOpen`, handled as new). Imports nothing from
 * `redis` or `ioredis`: it takes the client you already have, detected by its shape.
 *
 * **It changes one thing on your client:** a client with no `'error'` listener (node-redis throws an
 * `'error'` event nobody listens to, which ends the process the first time Redis restarts) gets one, which
 * tells `onError`, or else writes the error's message (never the error object) to `console.error`; it keeps
 * quiet once you add a listener of your own. Add yours before `connect()`, as the example does.
 *
 * @throws TypeError for a client that is neither, or other invalid options
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { createNodeHandler } from 'wmspanel-notifications/node';
 * import { createRedisReplayStore } from 'wmspanel-notifications/redis';
 *
 * const client = createClient({ url: process.env.REDIS_URL });
 * client.on('error', (error: Error) => console.error(`Redis: ${error.message}`)); // not the URL: it has the password
 * await client.connect();
 * const handle = createNodeHandler({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   replayStore: createRedisReplayStore({ client }),
 *   onNotification: async (n) => console.log(`${n.server} is ${n.status}`),
 * });
 * ```
 */
export function createRedisReplayStore(options: RedisReplayStoreOptions): ReplayStore {
  if (typeof options !== 'object' || options === null) throw misuse('createRedisReplayStore needs options with a client');
  const { client, prefix = DEFAULT_REDIS_KEY_PREFIX, failOpen = false, onError } = options;
  const timeoutMs = readPositive(options.timeoutMs, 'timeoutMs', DEFAULT_REDIS_TIMEOUT_MS);
  const maxTtlMs = readPositive(options.maxTtlMs, 'maxTtlMs', DEFAULT_REDIS_MAX_TTL_MS);
  if (typeof prefix !== 'string') throw misuse('options.prefix must be a string');
  if (typeof failOpen !== 'boolean') throw misuse('options.failOpen must be true or false');
  if (onError !== undefined && typeof onError !== 'function') throw misuse('options.onError must be a function');

  const send = commandSender(client);

  // This timeout is the only bound while Redis is down. All four clients keep a command sent while they
  // are disconnected and send it once they have reconnected (seen with a SIGKILLed redis-server: answered
  // 2.2 to 3.5 s later): node-redis 5 and 6 queue it while the socket is open but not ready (`sendCommand`
  // rejects at once only with `disableOfflineQueue`; `commandsQueueMaxLength` is unset and there is no
  // command timeout by default) and reject only what was already written when the socket closed; ioredis 5
  // and 6 queue it (`enableOfflineQueue`) until `maxRetriesPerRequest` (20) reconnections have failed.
  /**
   * Runs one script within the timeout; rejects with an Error that says what failed, never hangs. A reply
   * that comes after the timeout (a command the client kept in its offline queue) goes to `onLateReply`.
   */
  const evaluate = (script: string, key: string, args: string[], onLateReply?: (reply: unknown) => void): Promise<unknown> =>
    new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      let sent: Promise<unknown>;
      try {
        sent = Promise.resolve(send(['EVAL', script, '1', prefix + key, ...args]));
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(
        (reply) => {
          clearTimeout(timer);
          if (timedOut) onLateReply?.(reply);
          else resolve(reply);
        },
        (cause: unknown) => {
          clearTimeout(timer);
          reject(new Error('Redis failed', { cause }));
        },
      );
    });

  /** Tells `onError`, if any; what it throws or rejects with is ignored. */
  const tell = (error: unknown): void => {
    try {
      const told: unknown = onError?.(error);
      if (told instanceof Promise) told.catch(() => undefined);
    } catch {
      // A logging hook that throws must not change the answer.
    }
  };
  listenForErrors(client, onError === undefined ? undefined : tell);

  /** With `failOpen`, a failure is told to `onError` and answered with `fallback`; otherwise it rejects. */
  const failSafe = <T>(work: Promise<T>, fallback: T): Promise<T> => {
    if (!failOpen) return work;
    return work.catch((error: unknown) => {
      tell(error);
      return fallback;
    });
  };

  return {
    reserve(key, leaseMs, delivery) {
      // A reserve that timed out was answered 503 (or let through, with failOpen), but the client may still
      // send it once Redis is back: then its mark would block the sender's retries (409) for the whole
      // lease. Free it as soon as that late reply says it was set.
      const releaseLate = (late: unknown): void => {
        if (late === null || late === undefined) evaluate(RELEASE, key, [delivery]).catch(() => undefined);
      };
      const reply = evaluate(RESERVE, key, [delivery, px(leaseMs, maxTtlMs)], releaseLate).then(reserveOutcome);
      return failSafe(reply, 'reserved');
    },
    commit(key, ttlMs, delivery, answer) {
      return failSafe(
        evaluate(COMMIT, key, [delivery, doneMark(answer), px(ttlMs, maxTtlMs)]).then(() => undefined),
        undefined,
      );
    },
    release(key, delivery) {
      return failSafe(
        evaluate(RELEASE, key, [delivery]).then(() => undefined),
        undefined,
      );
    },
  };
}

export type { ReplayDone, ReplayState, ReplayStore } from '../lib/replay-store.js';
