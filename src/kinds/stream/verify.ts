// Imported for the {@link} tag in verifyStreamNotification's TSDoc.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { NotificationError } from '../../lib/errors.js';
import type { KindVerifier } from '../../lib/kind.js';
import { assertFresh, readClock, readVerifySettings, type CommonVerifyOptions, type VerifySettings } from '../../lib/options.js';
import { preparedVerifier, type NotificationVerifier } from '../../lib/verifier.js';
import { readStreamNotificationValue } from './parse.js';
import { assertSignedPair } from '../../lib/signed-pair.js';
import type { StreamNotification } from './types.js';

/**
 * What `verifyStreamNotification` checks a stream notification against. The adapters take the same options.
 *
 * @example
 * ```ts
 * import type { VerifyStreamNotificationOptions } from 'wmspanel-notifications';
 *
 * const options: VerifyStreamNotificationOptions = { token: process.env.WMSPANEL_TOKEN!, maxAgeSeconds: 600 };
 * ```
 */
export interface VerifyStreamNotificationOptions extends CommonVerifyOptions {
  /** The token from the panel's API setup page, or every token accepted while rotating. Required. */
  token: string | readonly string[];
  /** How old an event's `time` may be, in seconds. Default 3600; `Infinity` turns the check off. */
  maxAgeSeconds?: number;
  /** How far in the future an event's `time` may be, in seconds. Default 300. */
  maxFutureSeconds?: number;
  /** The clock, in milliseconds since the epoch, like `Date.now` (the default). For tests. */
  now?: () => number;
}

/** The verification of a decoded stream notification, with the shared settings (tokens, freshness, clock). */
export function createStreamVerifier(settings: VerifySettings): KindVerifier<StreamNotification> {
  const { tokens, now } = settings;
  return {
    verify(value) {
      const notification = readStreamNotificationValue(value);
      assertSignedPair(notification, tokens);
      // Freshness on the events' own times, when they have them (Nimble's do; Wowza's carry none).
      let current: number | undefined;
      for (const event of notification.events) {
        if (event.date === undefined) continue;
        current ??= readClock(now);
        assertFresh(event.date.getTime(), current, settings, 'An event', "An event's time");
      }
      return notification;
    },
  };
}

/**
 * Checks options once and returns a verifier of stream notifications: `verify(body)` does what
 * {@link verifyStreamNotification} does, without reading the options again. Give it to `verifyRequest` to
 * verify a Fetch `Request`.
 *
 * @throws TypeError for a missing or empty token, or other invalid options
 * @example
 * ```ts
 * import { createStreamNotificationVerifier } from 'wmspanel-notifications';
 *
 * const verifier = createStreamNotificationVerifier({ token: process.env.WMSPANEL_TOKEN! });
 * for (const event of verifier.verify(rawBody).events) console.log(event.action, event.stream);
 * ```
 */
export function createStreamNotificationVerifier(options: VerifyStreamNotificationOptions): NotificationVerifier<'stream', StreamNotification> {
  return preparedVerifier('stream', createStreamVerifier(readVerifySettings(options)));
}

/**
 * Parses a stream publish/unpublish notification and checks everything a handler should: its `Signature`
 * against the token(s) (`INVALID_SIGNATURE` when missing or wrong) and that its events' times, when they
 * have them, are fresh. Returns the notification. The signature covers `ID` and `Puzzle`, not the events: both
 * must be UUIDs, as Nimble sends them (`INVALID_NOTIFICATION` otherwise), so that the signed text names one
 * request, and the adapters catch replays by `ID + Puzzle` (see docs/security.md).
 *
 * @param body - the raw body (string, bytes) or the object a body parser made of it
 * @throws {@link NotificationError} for anything wrong with the notification
 * @throws TypeError for a missing or empty token, or other invalid options
 * @example
 * ```ts
 * import { verifyStreamNotification } from 'wmspanel-notifications';
 *
 * const notification = verifyStreamNotification(rawBody, { token: process.env.WMSPANEL_TOKEN! });
 * for (const event of notification.events) console.log(event.action, event.stream);
 * ```
 */
export function verifyStreamNotification(body: unknown, options: VerifyStreamNotificationOptions): StreamNotification {
  return createStreamNotificationVerifier(options).verify(body);
}
