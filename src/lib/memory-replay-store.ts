// The memory replay store: the default ReplayStore, one process's memory, bounded per key space.

import { misuse } from './misuse.js';
import { readPositive } from './read-option.js';
import type { ReplayDone, ReplayState, ReplayStore } from './replay-store.js';

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
  /**
   * How many keys it holds at most of each key space (server status keys; stream and pay-per-view keys,
   * which share theirs); past that, that space's oldest is forgotten first (and counted in `evicted`). Default {@link DEFAULT_MAX_REPLAY_ENTRIES}.
   */
  maxEntries?: number;
  /** The clock, in milliseconds since the epoch, like `Date.now` (the default). For tests. */
  now?: () => number;
}

/**
 * A {@link ReplayStore} in this process's memory, with a `size` and an `evicted` count for monitoring.
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
  /** How many keys it holds now, expired ones not yet swept included (never more than `maxEntries` of one kind). */
  readonly size: number;
  /**
   * How many keys it has dropped before they expired, to make room: each one a notification whose replay
   * would now be handled again. Above 0, its window is shorter than asked: raise `maxEntries`, or use a
   * shared store (Redis). Worth a metric.
   */
  readonly evicted: number;
  /** As {@link ReplayStore.reserve}, synchronously. */
  reserve(key: string, leaseMs: number, delivery: string): ReplayState | ReplayDone;
  /** As {@link ReplayStore.commit}, synchronously. */
  commit(key: string, ttlMs: number, delivery: string, answer?: string): void;
  /** As {@link ReplayStore.release}, synchronously. */
  release(key: string, delivery: string): void;
}

/**
 * How many keys of each key space (server status; stream and pay-per-view) a memory replay store holds by default: with stream notifications and
 * pay-per-view syncs remembered a day, 10,000 keys are a day of one sync every 9 s (see
 * docs/replay-protection.md).
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
 * A bounded in-memory {@link ReplayStore}: each key expires after its lease or TTL, and when `maxEntries`
 * keys of one kind are held, that kind's oldest key is dropped to make room: keys of one kind never push
 * out another's. Keys are told apart by their prefix (`sig:` for stream and pay-per-view keys, none for
 * server status keys; at most 8 named prefixes, further ones share the unnamed space). Whatever the
 * sequence of reserves, commits, releases and expiries, it holds at most `maxEntries` keys of each and at
 * most twice that many queue slots. It protects one
 * process; several processes behind a load balancer need a shared store (see {@link ReplayStore}).
 *
 * @throws TypeError when `maxEntries` is not a whole number of 1 or more
 * @example
 * ```ts
 * import { createMemoryReplayStore } from 'wmspanel-notifications';
 *
 * const store = createMemoryReplayStore({ maxEntries: 5000 });
 * store.reserve('key', 30_000, 'delivery-1'); // 'reserved'
 * store.reserve('key', 30_000, 'delivery-2'); // 'in-progress'
 * store.commit('key', 3_600_000, 'delivery-1');
 * store.reserve('key', 30_000, 'delivery-3'); // 'done'
 * ```
 */
export function createMemoryReplayStore(options: MemoryReplayStoreOptions = {}): MemoryReplayStore {
  return createInstrumentedMemoryReplayStore(options).store;
}

interface Entry {
  until: number;
  sequence: number;
  /** The delivery that holds the key while it is in progress; `undefined` once done. */
  delivery: string | undefined;
  /** The answer committed with it, if any. */
  answer?: string | undefined;
}

/**
 * The key space of a key: its prefix up to the first `:` when that prefix is a short lower-case word
 * (`sig:`, as the stream and pay-per-view kinds make them), else the unnamed space (server status keys,
 * which start with a hex digest).
 */
const SPACE = /^[a-z][a-z-]{0,15}:/;
/** How many named key spaces a store keeps apart; keys of further ones share the unnamed space. */
const MAX_SPACES = 8;

/** The memory store and, for tests, how many queue slots it holds. */
export function createInstrumentedMemoryReplayStore(options: MemoryReplayStoreOptions = {}): {
  store: MemoryReplayStore;
  queueLength: () => number;
} {
  const maxEntries = readPositive(options.maxEntries, 'maxEntries', DEFAULT_MAX_REPLAY_ENTRIES);
  const { now = Date.now } = options;
  if (typeof now !== 'function') throw misuse('options.now must be a function');
  // Each key space is bounded on its own, so that keys one kind makes (a burst of server status
  // notifications, a day of pay-per-view syncs) never push another kind's out: a flood of one kind
  // forgets only its own oldest keys. Within a space every key lives about as long, which keeps each
  // queue in expiry order.
  const spaces = new Map<string, SpaceStore>();
  const spaceOf = (key: string): SpaceStore => {
    const named = SPACE.exec(key)?.[0];
    const name = named !== undefined && (spaces.has(named) || spaces.size < MAX_SPACES) ? named : '';
    let space = spaces.get(name);
    if (space === undefined) {
      space = createSpaceStore(maxEntries, now);
      spaces.set(name, space);
    }
    return space;
  };
  const store: MemoryReplayStore = {
    get size() {
      let size = 0;
      for (const space of spaces.values()) size += space.size();
      return size;
    },
    get evicted() {
      let evicted = 0;
      for (const space of spaces.values()) evicted += space.evicted();
      return evicted;
    },
    reserve: (key, leaseMs, delivery) => spaceOf(key).reserve(key, leaseMs, delivery),
    commit: (key, ttlMs, delivery, answer) => spaceOf(key).commit(key, ttlMs, delivery, answer),
    release: (key, delivery) => spaceOf(key).release(key, delivery),
  };
  return {
    store,
    queueLength: () => {
      let slots = 0;
      for (const space of spaces.values()) slots += space.queueLength();
      return slots;
    },
  };
}

interface SpaceStore {
  size(): number;
  evicted(): number;
  queueLength(): number;
  reserve: MemoryReplayStore['reserve'];
  commit: MemoryReplayStore['commit'];
  release: MemoryReplayStore['release'];
}

/** One key space of the memory store: at most `maxEntries` keys, the oldest dropped first. */
function createSpaceStore(maxEntries: number, now: () => number): SpaceStore {
  // Keys in insertion order, which is (nearly) expiry order since every key lives for about the freshness
  // window: when the store is full, expired keys go from the front, then the front itself. A queue of
  // its own, not the Map's iteration order: iterating a Map from the start after many deletions walks
  // over every deleted slot, and measured at half of a request's cost once the store was full.
  const entries = new Map<string, Entry>();
  let queue: { key: string; sequence: number }[] = [];
  let head = 0;
  let sequence = 0;
  let evicted = 0;

  const isCurrent = (slot: { key: string; sequence: number }): boolean => entries.get(slot.key)?.sequence === slot.sequence;
  const dropFront = (): void => {
    const front = queue[head++]!;
    // A released or re-reserved key left a stale queue slot behind: only its current entry counts.
    if (isCurrent(front)) entries.delete(front.key);
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };
  const insert = (key: string, until: number, delivery: string | undefined, answer?: string): void => {
    // Stale and expired fronts always go (so the queue stays bounded even when the store never fills
    // up); a live front goes only while the store is full.
    const current = now();
    while (head < queue.length) {
      const front = queue[head]!;
      const entry = entries.get(front.key);
      const stale = entry === undefined || entry.sequence !== front.sequence;
      if (!stale && entry.until > current && entries.size < maxEntries) break;
      if (!stale && entry.until > current) evicted++;
      dropFront();
    }
    sequence++;
    entries.set(key, { until, sequence, delivery, answer });
    queue.push({ key, sequence });
    // Slots of released keys pile up behind a live front (a handler that keeps failing): past twice
    // maxEntries, keep only the current ones. At most maxEntries remain, so this runs at most once
    // every maxEntries inserts: constant time per insert, amortised.
    if (queue.length - head > 2 * maxEntries) {
      queue = queue.slice(head).filter(isCurrent);
      head = 0;
    }
  };

  return {
    size: () => entries.size,
    evicted: () => evicted,
    queueLength: () => queue.length - head,
    reserve(key, leaseMs, delivery) {
      const current = now();
      const seen = entries.get(key);
      if (seen !== undefined && seen.until > current) {
        if (seen.delivery !== undefined) return 'in-progress';
        return seen.answer === undefined ? 'done' : { state: 'done', answer: seen.answer };
      }
      insert(key, current + leaseMs, delivery);
      return 'reserved';
    },
    commit(key, ttlMs, delivery, answer) {
      const current = now();
      const seen = entries.get(key);
      if (seen !== undefined && seen.until > current && seen.delivery !== delivery) return;
      if (seen !== undefined && seen.until > current) {
        seen.delivery = undefined;
        seen.until = current + ttlMs;
        seen.answer = answer;
        return;
      }
      // Evicted or expired while it was handled: the work is done, so remember it.
      insert(key, current + ttlMs, undefined, answer);
    },
    release(key, delivery) {
      if (entries.get(key)?.delivery === delivery) entries.delete(key);
    },
  };
}
