// The ReplayStore protocol: what the receive step asks of a store, whichever it is.

/**
 * What a {@link ReplayStore} knows of a key when a delivery asks to reserve it: `'reserved'`, it was free
 * and is now this delivery's; `'in-progress'`, another delivery holds it and is still being handled;
 * `'done'`, a delivery was handled and committed.
 *
 * @example
 * ```ts
 * import type { ReplayState } from 'wmspanel-notifications';
 *
 * const answer: Record<ReplayState, number> = { reserved: 200, 'in-progress': 409, done: 200 };
 * ```
 */
export type ReplayState = 'reserved' | 'in-progress' | 'done';

/**
 * What a {@link ReplayStore} answers `reserve` with for a key that was committed with an answer (the deny
 * list of a pay-per-view sync): done, and the answer kept, so that a replay is answered the same.
 *
 * @example
 * ```ts
 * import type { ReplayDone } from 'wmspanel-notifications';
 *
 * const done: ReplayDone = { state: 'done', answer: '["17","42"]' };
 * ```
 */
export interface ReplayDone {
  /** Handled and committed. */
  state: 'done';
  /** The answer `commit` was given, unchanged. */
  answer: string;
}

/**
 * Remembers which notifications are being handled and which were handled, so that a captured one cannot
 * be replayed while its time is still fresh, and a retry that arrives during handling is told to come back
 * (409) instead of being taken for a duplicate. Each step is one atomic operation with expiry by TTL, so it
 * maps onto Redis or a database shared by several processes: `reserve` is `SET key <delivery> NX PX
 * leaseMs` (reading the existing value when it fails), `commit` sets the value to "done" with `PX ttlMs`
 * if the key is still this delivery's (or gone), and `release` deletes the key only if it is still this
 * delivery's (a Lua script compares and deletes in one step).
 *
 * @example
 * ```ts
 * import { createMemoryReplayStore, type ReplayStore } from 'wmspanel-notifications';
 *
 * // A store that logs what it answers, over the memory store.
 * const inner = createMemoryReplayStore();
 * const replayStore: ReplayStore = {
 *   reserve(key, leaseMs, delivery) {
 *     const state = inner.reserve(key, leaseMs, delivery);
 *     if (state !== 'reserved') console.info(`delivery ${delivery}: ${typeof state === 'string' ? state : state.state}`);
 *     return state;
 *   },
 *   commit: (key, ttlMs, delivery, answer) => inner.commit(key, ttlMs, delivery, answer),
 *   release: (key, delivery) => inner.release(key, delivery),
 * };
 * ```
 */
export interface ReplayStore {
  /**
   * Marks `key` as being handled by `delivery` for `leaseMs` milliseconds, if it is free (absent or
   * expired), and says what it found. The lease covers the handler's timeout, so a mark left by a process
   * that died frees itself. Throwing, rejecting or answering anything else makes the request fail with
   * `REPLAY_STORE_UNAVAILABLE` (503), so the sender retries.
   */
  reserve(key: string, leaseMs: number, delivery: string): ReplayState | ReplayDone | Promise<ReplayState | ReplayDone>;
  /**
   * Marks `key` as handled for `ttlMs` milliseconds (a whole number, at least 1, or `Infinity` when
   * freshness is not checked), unless another delivery holds it now. Called after `onNotification` succeeded.
   * For a kind whose sender expects a decision (pay-per-view), `answer` is that decision: keep it with the
   * mark and give it back from `reserve` as a {@link ReplayDone}. A store that drops it still prevents
   * replays, but a replayed sync is then answered with an empty deny list (and `onError` is told).
   */
  commit(key: string, ttlMs: number, delivery: string, answer?: string): void | Promise<void>;
  /** Forgets `key` if `delivery` still holds it: called when handling failed, so that a retry is processed. */
  release(key: string, delivery: string): void | Promise<void>;
}

export {
  createInstrumentedMemoryReplayStore,
  createMemoryReplayStore,
  DEFAULT_MAX_REPLAY_ENTRIES,
  type MemoryReplayStore,
  type MemoryReplayStoreOptions,
} from './memory-replay-store.js';
