import { md5Hex } from './md5.js';
import type { ServerStatusNotification } from './types.js';

/** How many times (digests) a limit remembers at most; the oldest is forgotten first. */
const MAX_TIMES = 1000;

/**
 * Bounds how many distinct server/status pairs one digest may carry. The digest covers only `time`, so one
 * captured notification can be re-sent under any server or status until it goes stale: without a bound,
 * each new pair would run `onNotification` and take a replay-store slot (evicting genuine entries).
 * A pair already admitted stays admitted, so retries and replays of it reach the replay store as usual.
 *
 * Memory: at most {@link MAX_TIMES} digests of `max` pairs each, a pair kept as its 32-character MD5 (the
 * names themselves can be 1024 characters each). Forgetting the oldest digest lets it be re-labelled again
 * only after that many other genuine digests arrived within the freshness window.
 */
export interface PerTimeLimit {
  /** Whether `notification`'s pair may go on; `expiresAt` is when its digest goes stale, in ms. */
  admit(notification: ServerStatusNotification, nowMs: number, expiresAt: number): boolean;
}

export function createPerTimeLimit(max: number): PerTimeLimit {
  const times = new Map<string, { pairs: Set<string>; expiresAt: number }>();
  return {
    admit(notification, nowMs, expiresAt) {
      if (max === Infinity) return true;
      const digest = notification.digest.toLowerCase();
      let seen = times.get(digest);
      if (seen === undefined || seen.expiresAt <= nowMs) {
        if (seen !== undefined) times.delete(digest);
        if (times.size >= MAX_TIMES) times.delete(times.keys().next().value!);
        seen = { pairs: new Set(), expiresAt };
        times.set(digest, seen);
      }
      const { status, server } = notification;
      const pair = md5Hex(`${status.length}:${status}`, server);
      if (seen.pairs.has(pair)) return true;
      if (seen.pairs.size >= max) return false;
      seen.pairs.add(pair);
      return true;
    },
  };
}
