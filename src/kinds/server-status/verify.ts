import { decodeDigest, digestMatches } from './digest.js';
import { NotificationError } from '../../lib/errors.js';
import { misuse } from '../../lib/misuse.js';
// The defaults are imported for the {@link} tags in the option docs below.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_FUTURE_SECONDS, assertFresh, readClock, readVerifySettings, type VerifySettings } from '../../lib/options.js';
import type { KindVerifier } from '../../lib/kind.js';
import { preparedVerifier, type NotificationVerifier } from '../../lib/verifier.js';
import { malformedDigest, readNotificationValue } from './parse.js';
import type { ServerStatusNotification } from './types.js';

/**
 * What `verifyNotification` checks a notification against. The adapters take the same options.
 *
 * @example
 * ```ts
 * import type { VerifyNotificationOptions } from 'wmspanel-notifications';
 *
 * const options: VerifyNotificationOptions = {
 *   token: [process.env.WMSPANEL_TOKEN!, process.env.WMSPANEL_PREVIOUS_TOKEN!],
 *   servers: ['edge1.example.com', 'edge2.example.com'],
 * };
 * ```
 */
export interface VerifyNotificationOptions {
  /** The token from the panel's API setup page, or every token accepted while rotating. Required. */
  token: string | readonly string[];
  /** How old `time` may be, in seconds. Default {@link DEFAULT_MAX_AGE_SECONDS} (one hour); `Infinity` turns the check off. */
  maxAgeSeconds?: number;
  /** How far in the future `time` may be, in seconds. Default {@link DEFAULT_MAX_FUTURE_SECONDS}. */
  maxFutureSeconds?: number;
  /**
   * The servers you expect notifications for, as names or as a predicate. The digest does not cover the
   * server name, so this is what stops a captured notification from being re-sent under another name.
   */
  servers?: readonly string[] | ((server: string) => boolean);
  /**
   * The statuses you accept, as values or as a predicate; default: any (WMSPanel says more may come). The
   * digest does not cover `status` either: with `servers` set, this is what keeps a captured notification
   * from being re-sent under statuses you never receive.
   */
  statuses?: readonly string[] | ((status: string) => boolean);
  /** The clock, in milliseconds since the epoch, like `Date.now` (the default). For tests. */
  now?: () => number;
}

/** Reads an allowlist option (`servers`, `statuses`): an array of strings or a predicate. */
function readAllowlist(list: unknown, name: 'servers' | 'statuses'): ((value: string) => boolean) | undefined {
  if (list === undefined) return undefined;
  if (typeof list === 'function') return list as (value: string) => boolean;
  if (Array.isArray(list) && list.every((value) => typeof value === 'string')) {
    const allowed = new Set<string>(list);
    return (value) => allowed.has(value);
  }
  const singular = name === 'servers' ? 'server' : 'status';
  throw misuse(`options.${name} must be an array of ${singular} names or a function (${singular}) => boolean`);
}

/** The kind's own options: the allowlists. */
export type ServerStatusVerifyOptions = Pick<VerifyNotificationOptions, 'servers' | 'statuses'>;

/**
 * Checks the allowlists once (a misconfiguration is a `TypeError` at once, never a rejected request later)
 * and returns the verification of a decoded body, with the shared settings (tokens, freshness, clock).
 */
export function createServerStatusVerifier(settings: VerifySettings, options: ServerStatusVerifyOptions): KindVerifier<ServerStatusNotification> {
  const { tokens, now } = settings;
  const isKnownServer = readAllowlist(options.servers, 'servers');
  const isKnownStatus = readAllowlist(options.statuses, 'statuses');
  return {
    verify(value) {
      const notification = readNotificationValue(value, false);
      const provided = decodeDigest(notification.digest);
      if (provided === undefined) throw malformedDigest();
      if (!digestMatches(provided, notification.time, tokens)) {
        // Where to compare, never what: no token, no digest it would give.
        throw new NotificationError(
          'INVALID_DIGEST',
          "Digest does not match the time and token: compare the token with the one on the panel's Control > API setup page, Notifications API tab (server status notifications are signed with that tab's token, stream notifications and pay-per-view syncs with the Global push API tab's)",
        );
      }
      assertFresh(notification.date.getTime(), readClock(now), settings, 'Notification', 'Notification time');
      if (isKnownServer !== undefined && !isKnownServer(notification.server)) {
        throw new NotificationError('UNKNOWN_SERVER', 'Notification is for a server that is not allowed');
      }
      if (isKnownStatus !== undefined && !isKnownStatus(notification.status)) {
        throw new NotificationError('UNKNOWN_STATUS', 'Notification has a status that is not allowed');
      }
      return notification;
    },
  };
}

/**
 * Checks options once and returns a verifier of server status notifications: `verify(body)` does what
 * {@link verifyNotification} does, without reading the options again (as standard-webhooks'
 * `new Webhook(secret).verify`). Give it to `verifyRequest` to verify a Fetch `Request`.
 *
 * @throws TypeError for a missing or empty token, or other invalid options
 * @example
 * ```ts
 * import { createNotificationVerifier } from 'wmspanel-notifications';
 *
 * const verifier = createNotificationVerifier({ token: process.env.WMSPANEL_TOKEN!, servers: ['edge1.example.com'] });
 * const notification = verifier.verify(rawBody); // a NotificationError if anything is wrong
 * ```
 */
export function createNotificationVerifier(options: VerifyNotificationOptions): NotificationVerifier<'server-status', ServerStatusNotification> {
  return preparedVerifier('server-status', createServerStatusVerifier(readVerifySettings(options), options));
}

/**
 * Parses a notification and checks everything a handler should: its digest against the token(s), that
 * its time is fresh, and (with `servers` and `statuses`) that it names a server and a status you expect.
 * Returns the notification.
 *
 * Replays are not caught here (the same genuine body verifies twice): the adapters add a replay store,
 * see `createMemoryReplayStore`.
 *
 * @param body - the raw body (string, bytes) or the object a body parser made of it
 * @throws {@link NotificationError} for anything wrong with the notification
 * @throws TypeError for a missing or empty token, or other invalid options
 * @example
 * ```ts
 * import { verifyNotification } from 'wmspanel-notifications';
 *
 * const notification = verifyNotification(rawBody, {
 *   token: process.env.WMSPANEL_TOKEN!,
 *   servers: ['edge1.example.com'],
 * });
 * console.log(notification.server, notification.status);
 * ```
 */
export function verifyNotification(body: unknown, options: VerifyNotificationOptions): ServerStatusNotification {
  return createNotificationVerifier(options).verify(body);
}
