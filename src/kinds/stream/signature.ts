import { md5Base64 } from '../../lib/md5.js';
import { sameText } from '../../lib/same-text.js';

/**
 * The signature WMSPanel and Nimble Streamer put on a stream notification (and on pay-per-view requests):
 * Base64, with padding, of the raw 16-byte MD5 of the UTF-8 bytes of `id + puzzle + token`. Synchronous and
 * pure, on every runtime.
 *
 * @param id - the request's `ID`
 * @param puzzle - the request's `Puzzle`
 * @param token - the token from the panel's API setup page
 * @example
 * ```ts
 * import { computeSignature } from 'wmspanel-notifications';
 *
 * computeSignature('f3d3a1c0-id', '7b2e-puzzle', 'my-token'); // 24 Base64 characters
 * ```
 */
export function computeSignature(id: string, puzzle: string, token: string): string {
  return md5Base64(id + puzzle, token);
}

/**
 * Tells whether a stream notification's `signature` matches its `id` and `puzzle` under `token` (or under
 * any one of several tokens, while rotating). Compares in constant time, tries every token, and returns
 * `false`, never throws, for anything missing or malformed. It checks only the signature: in a handler use
 * `verifyStreamNotification`, which also checks freshness.
 *
 * @param notification - at least `{ id, puzzle, signature }`, as sent
 * @param token - the token, or every token currently accepted
 * @example
 * ```ts
 * import { parseStreamNotification, verifySignature } from 'wmspanel-notifications';
 *
 * const notification = parseStreamNotification(rawBody);
 * if (!verifySignature(notification, process.env.WMSPANEL_TOKEN!)) {
 *   // not from WMSPanel
 * }
 * ```
 */
export function verifySignature(
  notification: { readonly id: string; readonly puzzle?: string | undefined; readonly signature?: string | undefined },
  token: string | readonly string[],
): boolean {
  if (typeof notification !== 'object' || notification === null) return false;
  const { id, puzzle, signature } = notification;
  if (typeof id !== 'string' || typeof puzzle !== 'string' || typeof signature !== 'string') return false;
  const tokens: readonly unknown[] = typeof token === 'string' ? [token] : Array.isArray(token) ? token : [];
  let ok = false;
  for (const candidate of tokens) {
    if (typeof candidate === 'string' && sameText(computeSignature(id, puzzle, candidate), signature)) ok = true;
  }
  return ok;
}
