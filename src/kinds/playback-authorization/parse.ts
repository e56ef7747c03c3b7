import { decodeBody } from '../../lib/decode-body.js';
import { NotificationError } from '../../lib/errors.js';
import { explainMangledBody } from '../../lib/mangled-body.js';
import { MAX_TEXT_FIELD_LENGTH, invalid, isRecord, readOptionalText } from '../../lib/fields.js';
import type { PlaybackAuthorizationRequest } from './types.js';

// URLs with long signed queries, and user agents, run longer than names (the product is taken in the
// function: at the top level it would be code a bundler keeps even when nothing uses it).
const readOptionalLongText = (record: object, name: string): string | undefined => readOptionalText(record, name, 8 * MAX_TEXT_FIELD_LENGTH);

/**
 * Reads a playback session authorization request of Nimble Streamer: the new session's `url` (required),
 * `host`, `user_agent` and `referer`, and every field as it came in `raw` (the full field list is not
 * documented publicly). The request carries no signature: restrict who may send it with `allowedSenders`.
 *
 * @param body - the raw body as a string, `Uint8Array` or `ArrayBuffer` of UTF-8 JSON, or the object a
 *   body parser already made of it
 * @throws {@link NotificationError} `INVALID_JSON`, `XML_NOT_SUPPORTED` or `INVALID_NOTIFICATION` (not an
 *   object, no `url`, a known field that is not a string); never anything else
 * @example
 * ```ts
 * import { parsePlaybackAuthorizationRequest } from 'wmspanel-notifications';
 *
 * const request = parsePlaybackAuthorizationRequest('{"url":"/live/stream/playlist.m3u8","host":"cdn.example.com","user_agent":"VLC"}');
 * request.userAgent; // 'VLC'
 * ```
 */
export function parsePlaybackAuthorizationRequest(body: unknown): PlaybackAuthorizationRequest {
  return readPlaybackAuthorizationRequestValue(decodeBody(body));
}

/** Reads a decoded body (what the receive step decoded once) into the request. */
export function readPlaybackAuthorizationRequestValue(value: unknown): PlaybackAuthorizationRequest {
  try {
    if (!isRecord(value)) throw invalid('Body must be a JSON object');
    const url = readOptionalLongText(value, 'url');
    if (url === undefined || url === '') throw invalid('Field "url" is missing');
    const request: PlaybackAuthorizationRequest = { url, raw: value };
    const host = readOptionalLongText(value, 'host');
    if (host !== undefined) request.host = host;
    const userAgent = readOptionalLongText(value, 'user_agent');
    if (userAgent !== undefined) request.userAgent = userAgent;
    const referer = readOptionalLongText(value, 'referer');
    if (referer !== undefined) request.referer = referer;
    return request;
  } catch (error) {
    if (error instanceof NotificationError) throw explainMangledBody(value, error);
    // An already-parsed object can be anything: a Proxy or a getter that throws.
    throw invalid('Body could not be read as a playback authorization request', error);
  }
}
