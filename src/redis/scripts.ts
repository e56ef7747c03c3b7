// The Lua scripts of the Redis replay store, and what the values they keep mean.
import type { ReplayDone, ReplayState } from '../lib/replay-store.js';

/**
 * What a handled key holds, followed by `:` and the answer when it was committed with one; an in-progress
 * key holds its delivery (never these: a delivery is base-36 digits and a dot, see nextDelivery).
 */
const DONE = 'done';
const DONE_WITH_ANSWER = 'done:';

// Each step is one script: one round trip, atomic on the server (Redis 2.6 and later, Valkey).
/** Reserve: answers the current value, or sets this delivery's mark with the lease and answers nil. */
export const RESERVE = "local v = redis.call('GET', KEYS[1]) if v then return v end redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return false";
/** Commit: marks the key done, unless another delivery holds it now. */
export const COMMIT =
  "local v = redis.call('GET', KEYS[1]) if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0";
/** Release: deletes the key only if this delivery still holds it, so a slow instance cannot free another's. */
export const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

let utf8: TextDecoder | undefined;

/** A whole number of milliseconds Redis takes for PX: at least 1, at most `max`. */
export const px = (ms: number, max: number): string => String(Math.max(1, Math.ceil(Math.min(ms, max))));

/** The value COMMIT sets: done, with the answer when there is one. */
export const doneMark = (answer: string | undefined): string => (answer === undefined ? DONE : DONE_WITH_ANSWER + answer);

/**
 * What RESERVE's reply says: nil, reserved now; a done mark, done (with its answer); anything else is
 * another delivery's mark, in progress.
 *
 * @throws Error for a reply that is neither nil nor a string (or bytes)
 */
export function reserveOutcome(value: unknown): ReplayState | ReplayDone {
  if (value === null || value === undefined) return 'reserved';
  const text = typeof value === 'string' ? value : value instanceof Uint8Array ? (utf8 ??= new TextDecoder()).decode(value) : undefined;
  if (text === undefined) throw new Error('Redis answered the reserve script with something that is not a string');
  if (text === DONE) return 'done';
  if (text.startsWith(DONE_WITH_ANSWER)) return { state: 'done', answer: text.slice(DONE_WITH_ANSWER.length) };
  return 'in-progress';
}
