// The Redis clients the store takes, told apart by their shape: it imports nothing from `redis` or
// `ioredis`.
import { misuse } from '../lib/misuse.js';

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
 * How to send one raw command (`['EVAL', script, ...]`) with `client`, whichever of the two it is.
 *
 * @throws TypeError for a client that is neither
 */
export function commandSender(client: unknown): (args: string[]) => Promise<unknown> {
  const candidate = client as Partial<IoRedisClientLike & NodeRedisClientLike> | null;
  // ioredis has both `call` and a `sendCommand` that takes its own Command objects: test `call` first.
  if (typeof candidate?.call === 'function') {
    const { call } = candidate;
    return ([command, ...args]) => call.call(client, command!, ...args);
  }
  if (typeof candidate?.sendCommand === 'function') {
    const { sendCommand } = candidate;
    return (args) => sendCommand.call(client, args);
  }
  throw misuse('options.client must be a node-redis client (redis v5, v6) or an ioredis client (v5, v6)');
}

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
export function listenForErrors(client: unknown, tell: ((error: unknown) => void) | undefined): void {
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
