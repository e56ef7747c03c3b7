import { isDigestForm } from './digest.js';
import { decodeBody } from '../../lib/decode-body.js';
import { NotificationError } from '../../lib/errors.js';
import { explainMangledBody } from '../../lib/mangled-body.js';
import { invalid, readField, readText } from '../../lib/fields.js';
import { parseNotificationTime } from './time.js';
import type { ServerStatusNotification } from './types.js';

/** The error for a digest that is not 32 hex characters, from parseNotification and verification alike. */
export function malformedDigest(): NotificationError {
  return invalid('Field "digest" must be 32 hex characters');
}

function readNotification(value: unknown, checkDigest: boolean): ServerStatusNotification {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('Body must be a JSON object');
  }
  const time = readField(value, 'time');
  if (typeof time !== 'string') throw invalid('Field "time" must be a string');
  const millis = parseNotificationTime(time);
  if (millis === undefined) {
    throw invalid('Field "time" must be a valid date as "YYYY-MM-DD HH:MM:SS UTC" or ISO 8601 with Z or an offset');
  }
  const digest = readField(value, 'digest');
  if (typeof digest !== 'string') throw invalid('Field "digest" must be a string');
  const server = readText(value, 'server');
  const status = readText(value, 'status');
  // Verification skips this pass: it decodes the digest right after, which checks the same.
  if (checkDigest && !isDigestForm(digest)) throw malformedDigest();
  return { time, date: new Date(millis), digest, server, status };
}

/**
 * Reads a notification body into a {@link ServerStatusNotification}, checking its shape but not its
 * digest (use `verifyNotification` for that). Unknown extra fields are ignored and unknown `status` values
 * are kept; the content type of the request does not matter.
 *
 * @param body - the raw body as a string, `Uint8Array` (a Node `Buffer` too) or `ArrayBuffer` of UTF-8
 *   JSON, or the object a body parser already made of it
 * @throws {@link NotificationError} `INVALID_JSON` (empty, not UTF-8, not JSON) or `INVALID_NOTIFICATION`
 *   (not an object, a field missing or mistyped, an impossible time, a digest that is not 32 hex characters);
 *   never anything else, whatever the input
 * @example
 * ```ts
 * import { parseNotification } from 'wmspanel-notifications';
 *
 * const notification = parseNotification(
 *   '{"time":"2014-10-16 03:13:31 UTC","digest":"d93053a1875c034384bb4fb06b20792f","server":"edge1","status":"offline"}',
 * );
 * notification.date.toISOString(); // '2014-10-16T03:13:31.000Z'
 * ```
 */
export function parseNotification(body: unknown): ServerStatusNotification {
  return parseWith(body, true);
}

function parseWith(body: unknown, checkDigest: boolean): ServerStatusNotification {
  return readNotificationValue(decodeBody(body), checkDigest);
}

/**
 * Reads a decoded body (what the receive step decoded once) into a notification; with `checkDigest` false
 * the digest's form is left to the caller (verification, which decodes it).
 */
export function readNotificationValue(value: unknown, checkDigest: boolean): ServerStatusNotification {
  try {
    return readNotification(value, checkDigest);
  } catch (error) {
    if (error instanceof NotificationError) throw explainMangledBody(value, error);
    // An already-parsed object can be anything: a Proxy or a getter that throws.
    throw invalid('Body could not be read as a notification', error);
  }
}
