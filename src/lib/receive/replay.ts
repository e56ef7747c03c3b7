// The receive step's side of the replay-store protocol: bounded calls, the process-wide store of the keys
// two kinds share, and delivery ids.
import { NotificationError } from '../errors.js';
import type { KindVerifier, Received } from '../kind.js';
import { misuse } from '../misuse.js';
import { createMemoryReplayStore, type ReplayDone, type ReplayStore } from '../replay-store.js';
import type { ErrorInfoOf } from './result.js';

export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';

export const isReplayDone = (value: unknown): value is ReplayDone =>
  typeof value === 'object' && value !== null && (value as ReplayDone).state === 'done' && typeof (value as ReplayDone).answer === 'string';

/** A value for an error message: a string quoted, anything else by its type. */
export const describeValue = (value: unknown): string => (typeof value === 'string' ? `'${value.slice(0, 40)}'` : value === null ? 'null' : typeof value);

/**
 * `value` itself when it is not a promise (no microtask turn: each needless await costs one per request),
 * else a promise of it that rejects with `onTimeout()` after `ms`. A late rejection of `value` is handled
 * here, never left unhandled.
 */
export function settleWithin<T>(value: T | PromiseLike<T>, ms: number, onTimeout: () => Error): T | Promise<T> {
  if (!isThenable(value)) return value;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    Promise.resolve(value).then(
      (settled) => {
        clearTimeout(timer);
        resolve(settled);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Checks a `replayStore` option: a store, `false`, or (undefined) the default. */
export function readReplayStore(store: unknown): ReplayStore | false | undefined {
  if (store === undefined || store === false) return store;
  const candidate = store as Partial<ReplayStore> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.reserve !== 'function' ||
    typeof candidate.commit !== 'function' ||
    typeof candidate.release !== 'function'
  ) {
    throw misuse('options.replayStore must be a ReplayStore ({ reserve, commit, release }) or false');
  }
  return candidate as ReplayStore;
}

// The registry of the process-wide stores, on globalThis under a registered symbol: one for the whole
// process, whichever entry point (the package root, each adapter, ESM or CommonJS: each is a bundle of its
// own) made the receiver. A module-level map would be one per bundle, and a capture sent to an Express
// route and then to a fetch handler of the same app would be new to the second. Versioned: a copy of the
// package whose stores keep another protocol must use another name.
const REGISTRY = Symbol.for('wmspanel-notifications.sharedReplayStores.v1');

type Registry = WeakMap<() => number, ReplayStore>;
const isRegistry = (value: unknown): value is Registry =>
  typeof value === 'object' && value !== null && typeof (value as Registry).get === 'function' && typeof (value as Registry).set === 'function';

/**
 * The default store of the kinds whose keys another kind shares (a stream notification's signed text can
 * be sent as a sync), for the receivers that use `now` as their clock: one per clock, so that every route
 * of an application (each its own receiver) shares it, and a capture replayed to another route is caught
 * there too. A receiver with a clock of its own (a test's) has one of its own; the other kinds' keys stay
 * in each receiver's own store, so that a fresh handler (a test's) starts empty for them. Weak, so a clock
 * that is dropped takes its store along. Should the registry's place hold something else (code that wrote
 * there), the receiver gets a store of its own rather than fail.
 */
export function sharedReplayStore(now: () => number): ReplayStore {
  const holder = globalThis as { [REGISTRY]?: unknown };
  holder[REGISTRY] ??= new WeakMap();
  const stores = holder[REGISTRY];
  if (!isRegistry(stores)) return createMemoryReplayStore({ now });
  let store = stores.get(now);
  if (store === undefined) {
    store = createMemoryReplayStore({ now });
    stores.set(now, store);
  }
  return store;
}

/**
 * The delivery ids of one receiver: a random prefix (for a replay store shared between processes) and a
 * counter. Per receiver, so no module holds a counter.
 */
export function createDeliveryIds(): () => string {
  let prefix: string | undefined;
  let count = 0;
  return () => {
    if (prefix === undefined) {
      const random = new Uint32Array(2);
      globalThis.crypto.getRandomValues(random);
      prefix = `${random[0]!.toString(36)}${random[1]!.toString(36)}.`;
    }
    return prefix + (++count).toString(36);
  };
}

type Report = (error: NotificationError, info: ErrorInfoOf<Received>) => void;

/**
 * The replay store steps of one receiver: the error of a store call that timed out, and the steps that
 * report rather than throw (bounded commits and releases, and replays' answers).
 */
export function createReplaySteps(storeTimeoutMs: number, report: Report) {
  const storeTimedOut = (): Error => new Error(`The replay store did not answer within ${storeTimeoutMs} ms`);

  /**
   * Runs a commit or release within the store timeout; a failure is reported, never thrown. A promise only
   * when the store answered with one: each needless await costs a microtask turn per request.
   */
  const settleStoreStep = (step: () => void | Promise<void>, info: ErrorInfoOf<Received>, failure: string): void | Promise<void> => {
    const onFailure = (cause: unknown): void => report(new NotificationError('REPLAY_STORE_UNAVAILABLE', failure, { cause }), info);
    try {
      const settled = settleWithin(step(), storeTimeoutMs, storeTimedOut);
      if (isThenable(settled)) return settled.then(undefined, onFailure);
    } catch (error) {
      onFailure(error);
    }
    return undefined;
  };

  // When a replay without a kept answer was last reported: at most once a minute, since anyone holding
  // a capture of the other kind can send as many as they like.
  let noAnswerReportedAt = -Infinity;
  /**
   * The answer to a replay of a kind that answers with a decision: the one the store kept. A store that
   * kept none (a replay of another kind's key, or a store that drops answers: reported at most once a
   * minute) or a corrupted one (reported) is answered with the empty decision: the callback is not run
   * twice for one request.
   */
  const answerReplay = (
    answerWith: NonNullable<KindVerifier<unknown>['answer']>,
    notification: unknown,
    state: 'done' | ReplayDone,
    info: ErrorInfoOf<Received>,
  ): string => {
    try {
      if (typeof state === 'object') return answerWith(notification, state.answer);
      const at = info.receivedAt.getTime();
      if (!(at - noAnswerReportedAt < 60_000)) {
        noAnswerReportedAt = at;
        report(
          new NotificationError(
            'REPLAY_STORE_UNAVAILABLE',
            'The replay store kept no answer for this replay (the same ID and Puzzle handled as another kind, or a store whose commit drops the answer); answered the empty decision (reported at most once a minute)',
          ),
          info,
        );
      }
    } catch (cause) {
      report(new NotificationError('REPLAY_STORE_UNAVAILABLE', 'The replay store kept an answer that cannot be read; answered the empty decision', { cause }), info);
    }
    return answerWith(notification, undefined);
  };

  return { storeTimedOut, settleStoreStep, answerReplay };
}
