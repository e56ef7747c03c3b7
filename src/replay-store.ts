import { misuse } from './misuse.js';
import type { ServerStatusNotification } from './types.js';

/**
 * Remembers which notifications were already handled, so a captured one cannot be replayed while its
 * time is still fresh. Implement it over Redis or a database to share it between processes: `reserve`
 * maps to `SET key 1 PX ttlMs NX`, `release` to `DEL key`.
 *
 * @example
 * ```ts
 * import type { ReplayStore } from 'wmspanel-notifications';
 * import { createClient } from 'redis';
 *
 * const redis = await createClient().connect();
 * const replayStore: ReplayStore = {
 *   async reserve(key, ttlMs) {
 *     const px = Number.isFinite(ttlMs) ? ttlMs : 86_400_000;
 *     return (await redis.set(`wmspanel:${key}`, '1', { PX: px, NX: true })) === 'OK';
 *   },
 *   async release(key) {
 *     await redis.del(`wmspanel:${key}`);
 *   },
 * };
 * ```
 */
export interface ReplayStore {
  /**
   * Marks `key` as seen for `ttlMs` milliseconds (a whole number, at least 1, or `Infinity` when
   * freshness is not checked). Returns `true` when the key was not seen yet, `false` for a duplicate.
   * Throwing or rejecting makes the request fail with `REPLAY_STORE_UNAVAILABLE` (503), so the sender retries.
   */
  reserve(key: string, ttlMs: number): boolean | Promise<boolean>;
  /** Forgets `key`: called when handling a notification failed, so that a retry is processed. */
  release(key: string): void | Promise<void>;
}

/**
 * Options of `createMemoryReplayStore`.
 *
 * @example
 * ```ts
 * import { createMemoryReplayStore, type MemoryReplayStoreOptions } from 'wmspanel-notifications';
 *
 * const options: MemoryReplayStoreOptions = { maxEntries: 1000 };
 * const store = createMemoryReplayStore(options);
 * ```
 */
export interface MemoryReplayStoreOptions {
  /** How many keys it holds at most; past that the oldest is forgotten first. Default {@link DEFAULT_MAX_REPLAY_ENTRIES}. */
  maxEntries?: number;
  /** The clock, in milliseconds since the epoch, like `Date.now` (the default). For tests. */
  now?: () => number;
}

/**
 * A {@link ReplayStore} in this process's memory, with a `size` for monitoring.
 *
 * @example
 * ```ts
 * import { createMemoryReplayStore, type MemoryReplayStore } from 'wmspanel-notifications';
 *
 * const store: MemoryReplayStore = createMemoryReplayStore();
 * console.log(store.size);
 * ```
 */
export interface MemoryReplayStore extends ReplayStore {
  /** How many keys it holds now, expired ones not yet swept included (never more than `maxEntries`). */
  readonly size: number;
}

/**
 * How many keys a memory replay store holds by default.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_REPLAY_ENTRIES, createMemoryReplayStore } from 'wmspanel-notifications';
 *
 * const store = createMemoryReplayStore({ maxEntries: DEFAULT_MAX_REPLAY_ENTRIES * 10 });
 * ```
 */
export const DEFAULT_MAX_REPLAY_ENTRIES = 10_000;

/**
 * A bounded in-memory {@link ReplayStore}: each key expires after its `ttlMs`, and when `maxEntries`
 * is reached the oldest key is dropped to make room. It protects one process; several processes behind
 * a load balancer need a shared store (see {@link ReplayStore}).
 *
 * @throws TypeError when `maxEntries` is not a whole number of 1 or more
 * @example
 * ```ts
 * import { createMemoryReplayStore } from 'wmspanel-notifications';
 *
 * const store = createMemoryReplayStore({ maxEntries: 5000 });
 * await store.reserve('key', 60_000); // true: first time
 * await store.reserve('key', 60_000); // false: a replay
 * ```
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): MemoryReplayStore {
  const { maxEntries = DEFAULT_MAX_REPLAY_ENTRIES, now = Date.now } = options;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw misuse('maxEntries must be a whole number, 1 or more');
  }
  if (typeof now !== 'function') throw misuse('now must be a function');
  // Keys in insertion order, which is (nearly) expiry order since every key lives for about the freshness
  // window: when the store is full, expired keys go from the front, then the front itself. A queue of
  // its own, not the Map's iteration order: iterating a Map from the start after many deletions walks
  // over every deleted slot, and measured at half of a request's cost once the store was full.
  const entries = new Map<string, { until: number; sequence: number }>();
  let queue: { key: string; sequence: number }[] = [];
  let head = 0;
  let sequence = 0;

  const dropFront = (): void => {
    const front = queue[head++]!;
    // A released or re-reserved key left a stale queue slot behind: only its current entry counts.
    if (entries.get(front.key)?.sequence === front.sequence) entries.delete(front.key);
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };

  return {
    get size() {
      return entries.size;
    },
    reserve(key, ttlMs) {
      const current = now();
      const seen = entries.get(key);
      if (seen !== undefined && seen.until > current) return false;
      // Stale and expired fronts always go (so the queue stays bounded even when the store never fills
      // up); a live front goes only while the store is full.
      while (head < queue.length) {
        const front = queue[head]!;
        const entry = entries.get(front.key);
        const stale = entry === undefined || entry.sequence !== front.sequence;
        if (!stale && entry.until > current && entries.size < maxEntries) break;
        dropFront();
      }
      sequence++;
      entries.set(key, { until: current + ttlMs, sequence });
      queue.push({ key, sequence });
      return true;
    },
    release(key) {
      entries.delete(key);
    },
  };
}

/**
 * The replay key of a notification: digest (lowercased, as verification ignores case), server and status.
 * The server and status belong in it because the digest covers only the time: two servers going offline
 * in the same second carry the same digest, and both notifications are genuine.
 */
export function replayKey(notification: Pick<ServerStatusNotification, 'digest' | 'server' | 'status'>): string {
  const { digest, server, status } = notification;
  // Unambiguous without escaping: the digest is always 32 characters and the status carries its length.
  // (JSON.stringify of the three measured at a tenth of a request's cost.)
  return `${digest.toLowerCase()}${status.length}:${status}${server}`;
}
