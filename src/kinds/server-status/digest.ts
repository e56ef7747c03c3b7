import { md5Hex, md5State } from '../../lib/md5.js';

/**
 * The WMSPanel digest of a notification time: the lowercase hex MD5 of the UTF-8 bytes of `time + token`.
 * A pure function over any strings (an empty token included), synchronous on every runtime.
 *
 * @param time - the `time` string exactly as it appears in the notification body
 * @param token - the token from the panel's API setup page
 * @example
 * ```ts
 * import { computeDigest } from 'wmspanel-notifications';
 *
 * computeDigest('2014-10-16 03:13:31 UTC', 'my-token'); // 32 lowercase hex characters
 * ```
 */
export function computeDigest(time: string, token: string): string {
  return md5Hex(time, token);
}

// Hex digit value by char code, -1 for anything that is not a hex digit. Built in a function marked pure,
// not by a loop at the top level, so that a bundler can drop it from an application that never reads a digest.
const HEX_VALUE = /* @__PURE__ */ (() => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < 16; i++) {
    values['0123456789abcdef'.charCodeAt(i)] = i;
    values['0123456789ABCDEF'.charCodeAt(i)] = i;
  }
  return values;
})();

/** Whether `digest` is 32 hex characters, any case: the form parseNotification accepts. */
export function isDigestForm(digest: string): boolean {
  if (digest.length !== 32) return false;
  for (let i = 0; i < 32; i++) {
    if ((HEX_VALUE[digest.charCodeAt(i)] ?? -1) < 0) return false;
  }
  return true;
}

/**
 * Decodes 32 hex characters (any case) into four little-endian words (MD5's byte order), or `undefined`
 * when malformed. A fresh array per call (a plain one: measured cheaper to make than an Int32Array), so
 * verification keeps no state between calls.
 */
export function decodeDigest(digest: unknown): number[] | undefined {
  if (typeof digest !== 'string' || digest.length !== 32) return undefined;
  const words = [0, 0, 0, 0];
  let malformed = 0;
  for (let word = 0; word < 4; word++) {
    let value = 0;
    for (let byte = 0; byte < 4; byte++) {
      const at = word * 8 + byte * 2;
      const high = HEX_VALUE[digest.charCodeAt(at)] ?? -1;
      const low = HEX_VALUE[digest.charCodeAt(at + 1)] ?? -1;
      malformed |= high | low;
      value |= ((high << 4) | low) << (8 * byte);
    }
    words[word] = value;
  }
  return malformed < 0 ? undefined : words;
}

/**
 * Tells whether a notification's `digest` matches its `time` under `token` (or under any one of several
 * tokens, while rotating). Compares in constant time, accepts either hex case, and returns `false`, never
 * throws, for a malformed digest. It checks only the digest: in a handler use `verifyNotification`, which also checks freshness and the server.
 *
 * @param notification - at least `{ time, digest }`, as sent
 * @param token - the token, or every token currently accepted
 * @example
 * ```ts
 * import { verifyDigest } from 'wmspanel-notifications';
 *
 * const body = JSON.parse(rawBody);
 * if (!verifyDigest(body, [process.env.WMSPANEL_TOKEN!, process.env.WMSPANEL_OLD_TOKEN!])) {
 *   // not from WMSPanel
 * }
 * ```
 */
export function verifyDigest(
  notification: { readonly time: string; readonly digest: string },
  token: string | readonly string[],
): boolean {
  if (typeof notification !== 'object' || notification === null) return false;
  const { time } = notification;
  if (typeof time !== 'string') return false;
  const provided = decodeDigest(notification.digest);
  return provided !== undefined && digestMatches(provided, time, token);
}

/** Tells whether the decoded digest `provided` matches `time` under any of the tokens, in constant time. */
export function digestMatches(provided: readonly number[], time: string, token: string | readonly string[]): boolean {
  if (typeof token === 'string') return matches(provided, time, token);
  if (!Array.isArray(token)) return false;
  // Every token is tried, so the time taken does not tell which one matched.
  let ok = false;
  for (const candidate of token as readonly unknown[]) {
    if (typeof candidate === 'string' && matches(provided, time, candidate)) ok = true;
  }
  return ok;
}

/** Compares the decoded digest `provided` with MD5(time + token), in constant time. */
function matches(provided: readonly number[], time: string, token: string): boolean {
  const expected = md5State(time, token);
  const difference =
    (expected[0]! ^ provided[0]!) |
    (expected[1]! ^ provided[1]!) |
    (expected[2]! ^ provided[2]!) |
    (expected[3]! ^ provided[3]!);
  return difference === 0;
}
