import { md5Hex } from './md5.js';

/** How many times (digests) a limit remembers at most; the oldest is forgotten first. */
const MAX_TIMES = 1000;

/**
 * Bounds how many distinct server/status pairs one digest may carry. The digest covers only `time`, so one
 * captured notification can be re-sent under any server or status until it goes stale: without a bound,
 * each new pair would run `onNotification` and take a replay-store slot (evicting genuine entries).
 * A pair already admitted stays admitted, so retries and replays of it reach the replay store as usual.
 *
 * Memory: at most {@link MAX_TIMES} digests of `max` pairs each, a pair kept in at most 66 characters (as
 * its MD5 when longer: the names themselves can be 1024 characters each). Forgetting the oldest digest
 * lets it be re-labelled again only after that many other genuine digests arrived within the freshness window.
 */
export interface PerTimeLimit {
  /**
   * Whether the unsigned `rest` (a server/status pair) may go on under the signed part `signed` (a
   * digest); `expiresAt` is when that signed part goes stale, in ms.
   */
  admit(signed: string, rest: string, nowMs: number, expiresAt: number): boolean;
}

/** Pairs longer than this are kept as their MD5; shorter ones as they are (hashing measured ~0.2 µs). */
const MAX_RAW_PAIR_LENGTH = 64;

/**
 * One string per server/status pair, no longer than 66 characters: unambiguous (the status carries its
 * length) and distinct between the raw and hashed forms (their first characters differ).
 */
function pairOf(rest: string): string {
  return rest.length <= MAX_RAW_PAIR_LENGTH ? `=${rest}` : `#${md5Hex(rest)}`;
}

interface Time {
  /** The first pair seen: most times carry only one, so no Set is made for them. */
  first: string;
  /** Every pair beyond the first. */
  others: Set<string> | undefined;
  expiresAt: number;
}

export function createPerTimeLimit(max: number): PerTimeLimit {
  const times = new Map<string, Time>();
  return {
    admit(signed, rest, nowMs, expiresAt) {
      if (max === Infinity) return true;
      const digest = signed;
      const pair = pairOf(rest);
      const seen = times.get(digest);
      if (seen === undefined || seen.expiresAt <= nowMs) {
        if (seen !== undefined) times.delete(digest);
        else if (times.size >= MAX_TIMES) times.delete(times.keys().next().value!);
        times.set(digest, { first: pair, others: undefined, expiresAt });
        return true;
      }
      if (seen.first === pair || seen.others?.has(pair) === true) return true;
      if (1 + (seen.others?.size ?? 0) >= max) return false;
      (seen.others ??= new Set()).add(pair);
      return true;
    },
  };
}
