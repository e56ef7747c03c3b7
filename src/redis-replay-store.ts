/**
 * A replay store in Redis or Valkey, shared by every instance.
 *
 * @module wmspanel-notifications/redis
 */
import { misuse } from './lib/misuse.js';
import type { ReplayDone, ReplayState, ReplayStore } from './lib/replay-store.js';

/**
 * The part of a node-redis client (`redis` v5 and v6, `createClient()`) the Redis replay store uses.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import type { NodeRedisClientLike } from 'wmspanel-notifications/redis';
 *
 * const client = createClient({ url: process.env.REDIS_URL });
 * client.on('error', (error: Error) => console.error(`Redis: ${error.message}`));
 * const connected: NodeRedisClientLike = await client.connect();
 * ```
 */
export interface NodeRedisClientLike {
  /** Sends one raw command: `['EVAL', script, '1', key, ...args]`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * The part of an ioredis client (v5 and v6, `new Redis()`) the Redis replay store uses.
 *
 * @example
 * ```ts
 * import Redis from 'ioredis';
 * import type { IoRedisClientLike } from 'wmspanel-notifications/redis';
 *
 * const client: IoRedisClientLike = new Redis(process.env.REDIS_URL!).on('error', (error) => console.error(`Redis: ${error.message}`));
 * ```
 */
export interface IoRedisClientLike {
  /** Sends one raw command: `call('EVAL', script, '1', key, ...args)`. */
  call(command: string, ...args: string[]): Promise<unknown>;
}

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
export const DEFAULT_REDIS_MAX_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * What a handled key holds, followed by `:` and the answer when it was committed with one; an in-progress
 * key holds its delivery (never these: a delivery is base-36 digits and a dot, see nextDelivery).
 */
const DONE = 'done';
const DONE_WITH_ANSWER = 'done:';

// Each step is one script: one round trip, atomic on the server (Redis 2.6 and later, Valkey).
/** Reserve: answers the current value, or sets this delivery's mark with the lease and answers nil. */
const RESERVE = "local v = redis.call('GET', KEYS[1]) if v then return v end redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return false";
/** Commit: marks the key done, unless another delivery holds it now. */
const COMMIT =
  "local v = redis.call('GET', KEYS[1]) if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0";
/** Release: deletes the key only if this delivery still holds it, so a slow instance cannot free another's. */
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

let utf8: TextDecoder | undefined;

/** The part of an EventEmitter (node-redis and ioredis clients are ones) the store looks at. */
interface ErrorEmitter {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  listenerCount(event: 'error'): number;
}

/** An error's message for a log line, or its code or name when the message is empty (Node's AggregateError). */
function describeClientError(error: unknown): string {
  if (!(error instanceof Error)) return 'an error that is not an Error';
  const { code } = error as { code?: unknown };
  return error.message || (typeof code === 'string' ? code : error.name);
}

/**
 * Gives a client with no `'error'` listener one, so that losing Redis cannot end the process. What each
 * client does with an `'error'` event nobody listens to (read in their sources, and seen by SIGKILLing
 * redis-server under each, Node 20):
 * - node-redis 5.12 and 6.3: `RedisClient` is an EventEmitter and re-emits every socket error
 *   (`client/index.js`, `#attachListeners`: `.on('error', err => this.emit('error', err))`), on a lost
 *   connection, on each failed reconnection and on a failed first connect; Node throws an `'error'` event
 *   with no listener, from a socket callback, so the process exits with `SocketClosedUnexpectedlyError`.
 * - ioredis 5.11 and 6.0: connection errors go through `silentEmit` (`Redis.js`), which only writes
 *   `[ioredis] Unhandled error event:` and the stack to console.error when nobody listens; a few rare
 *   paths (`DataHandler.js` "Command queue state error", a failed MONITOR) call `emit('error')` directly
 *   and would throw.
 * The listener logs the message only, never the error: an ioredis `ReplyError` for a refused AUTH keeps
 * `command.args`, password included, and `console.error(error)` prints it. It keeps quiet once the
 * application has added a listener of its own.
 */
function listenForErrors(client: unknown, tell: ((error: unknown) => void) | undefined): void {
  const emitter = client as Partial<ErrorEmitter>;
  if (typeof emitter.on !== 'function' || typeof emitter.listenerCount !== 'function') return;
  if (emitter.listenerCount('error') > 0) return;
  emitter.on('error', (error) => {
    try {
      if (emitter.listenerCount!('error') > 1) return;
      if (tell !== undefined) {
        tell(error);
        return;
      }
      // eslint-disable-next-line no-console
      console.error(
        `wmspanel-notifications/redis: the Redis client failed: ${describeClientError(error)} (notifications are answered 503 ` +
          "REPLAY_STORE_UNAVAILABLE until it is back; add client.on('error', ...) to log this your way)",
      );
    } catch {
      // An error event must never become a throw: that is what ends the process.
    }
  });
}

function readPositive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw misuse(`options.${name} must be a whole number of milliseconds, 1 or more`);
  }
  return value;
}

/** A whole number of milliseconds Redis takes for PX: at least 1, at most `max`. */
const px = (ms: number, max: number): string => String(Math.max(1, Math.ceil(Math.min(ms, max))));

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

  let send: (args: string[]) => Promise<unknown>;
  const candidate = client as Partial<IoRedisClientLike & NodeRedisClientLike> | null;
  // ioredis has both `call` and a `sendCommand` that takes its own Command objects: test `call` first.
  if (typeof candidate?.call === 'function') {
    const { call } = candidate;
    send = ([command, ...args]) => call.call(client, command!, ...args);
  } else if (typeof candidate?.sendCommand === 'function') {
    const { sendCommand } = candidate;
    send = (args) => sendCommand.call(client, args);
  } else {
    throw misuse('options.client must be a node-redis client (redis v5, v6) or an ioredis client (v5, v6)');
  }

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
      const reply = evaluate(RESERVE, key, [delivery, px(leaseMs, maxTtlMs)], releaseLate).then((value): ReplayState | ReplayDone => {
        if (value === null || value === undefined) return 'reserved';
        const text = typeof value === 'string' ? value : value instanceof Uint8Array ? (utf8 ??= new TextDecoder()).decode(value) : undefined;
        if (text === undefined) throw new Error('Redis answered the reserve script with something that is not a string');
        if (text === DONE) return 'done';
        if (text.startsWith(DONE_WITH_ANSWER)) return { state: 'done', answer: text.slice(DONE_WITH_ANSWER.length) };
        return 'in-progress';
      });
      return failSafe(reply, 'reserved');
    },
    commit(key, ttlMs, delivery, answer) {
      const done = answer === undefined ? DONE : DONE_WITH_ANSWER + answer;
      return failSafe(
        evaluate(COMMIT, key, [delivery, done, px(ttlMs, maxTtlMs)]).then(() => undefined),
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

export type { ReplayDone, ReplayState, ReplayStore } from './lib/replay-store.js';
