import { NotificationError } from './errors.js';
import { md5Base64 } from './md5.js';
import { sameText } from './same-text.js';

// Every ID and Puzzle seen from a real sender is a UUID (8-4-4-4-12 hex digits): Nimble's stream
// notifications and syncs (kev-ac/wmspanel-ppv-parser's test payloads) and the Wowza agent's sync
// (Softvelum's ppv_sync.json); only the blog's hand-written placeholders differ, next to a placeholder
// Signature. The signature covers only the concatenation ID + Puzzle, so the fixed lengths are what make
// it name one request: no other cut of the signed text is a valid pair, and no answer's Solution (MD5 of a
// 36-character Puzzle + token) signs the 72 characters of a pair. See docs/security.md.
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** Whether `value` is of the form Nimble Streamer and the Wowza agent give an `ID` or a `Puzzle` (a UUID). */
export const isSignedPartForm = (value: string): boolean => UUID.test(value);

/** Whether `id` and `puzzle` are each of the form Nimble Streamer and the Wowza agent send (a UUID). */
export function isSignedPairForm(id: string, puzzle: string): boolean {
  return isSignedPartForm(id) && isSignedPartForm(puzzle);
}

/**
 * Refuses an ID or a Puzzle that is not a UUID, before its signature is checked: with any other form, the
 * boundary between them could move under one signature (see isSignedPairForm).
 */
function assertSignedPairForm(id: string, puzzle: string): void {
  if (!UUID.test(id)) throw new NotificationError('INVALID_NOTIFICATION', 'Field "ID" must be a UUID, as Nimble Streamer and the Wowza agent send it');
  if (!UUID.test(puzzle)) throw new NotificationError('INVALID_NOTIFICATION', 'Field "Puzzle" must be a UUID, as Nimble Streamer and the Wowza agent send it');
}

// Where the token that signs these requests is (protocols: Softvelum's validation sample says 'your token
// from "Global push API" settings page'; the server status digest's is on the Notifications API tab).
// Never the token, nor the signature it would give.
/** `INVALID_SIGNATURE` for a stream notification or a sync without `Signature` or `Puzzle`. */
function signatureMissing(): NotificationError {
  return new NotificationError(
    'INVALID_SIGNATURE',
    "Signature or Puzzle is missing: is a token set on the panel's Control > API setup page, Global push API tab?",
  );
}

/** `INVALID_SIGNATURE` for a signature that no accepted token gives: the likely cause is the token given here. */
function signatureMismatch(): NotificationError {
  return new NotificationError(
    'INVALID_SIGNATURE',
    "Signature does not match the ID, Puzzle and token: compare the token with the one on the panel's Control > API setup page, Global push API tab (stream notifications and pay-per-view syncs are signed with that tab's token, server status notifications with the Notifications API tab's)",
  );
}

/**
 * The check stream notifications and syncs share, in its order: `Signature` and `Puzzle` present, `ID` and
 * `Puzzle` of the form Nimble sends (UUIDs), then the signature under one of `tokens`. Returns the token
 * that signed it (a sync's answer is signed with the same one); `INVALID_SIGNATURE` or
 * `INVALID_NOTIFICATION` otherwise.
 */
export function assertSignedPair(request: { readonly id: string; readonly puzzle?: string | undefined; readonly signature?: string | undefined }, tokens: readonly string[]): string {
  const { id, puzzle, signature } = request;
  if (signature === undefined || puzzle === undefined) throw signatureMissing();
  assertSignedPairForm(id, puzzle);
  const matched = signingToken(id, puzzle, signature, tokens);
  if (matched === undefined) throw signatureMismatch();
  return matched;
}

/**
 * The replay key of a request signed by MD5(ID + Puzzle + token), whichever kind carries it (a stream
 * notification, a pay-per-view sync): exactly what the signature covers, so that moving, re-labelling or
 * re-kinding a captured request finds the same key.
 */
export const signedPairKey = (id: string, puzzle: string): string => `sig:${id}${puzzle}`;

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
 * computeSignature('5c6b2a4e-7f1d-4a8e-9b3c-2d1e0f9a8b7c', '0f3d2c1b-4a5e-6f70-8192-a3b4c5d6e7f8', 'my-token'); // 24 Base64 characters
 * ```
 */
export function computeSignature(id: string, puzzle: string, token: string): string {
  return md5Base64(id + puzzle, token);
}

/**
 * Tells whether a stream notification's `signature` matches its `id` and `puzzle` under `token` (or under
 * any one of several tokens, while rotating). Compares in constant time, tries every token, and returns
 * `false`, never throws, for anything missing or malformed, and for an `ID` or a `Puzzle` that is not a
 * UUID as Nimble sends them (the signature covers only their concatenation, so another form would let its
 * boundary move). It checks only the signature: in a handler use
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
  if (!isSignedPairForm(id, puzzle)) return false;
  const tokens: readonly unknown[] = typeof token === 'string' ? [token] : Array.isArray(token) ? token : [];
  return signingToken(id, puzzle, signature, tokens) !== undefined;
}

/**
 * The token (of `tokens`) whose signature of `id + puzzle` is `signature`, or undefined. Every token is
 * tried, whatever matched first, so the time taken does not tell which one did. The caller has checked
 * the form of `id` and `puzzle` (isSignedPairForm): stream notifications and syncs share this.
 */
export function signingToken(id: string, puzzle: string, signature: string, tokens: readonly unknown[]): string | undefined {
  let matched: string | undefined;
  for (const candidate of tokens) {
    if (typeof candidate === 'string' && sameText(computeSignature(id, puzzle, candidate), signature)) matched ??= candidate;
  }
  return matched;
}
