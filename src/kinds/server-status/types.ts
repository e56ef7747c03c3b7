/**
 * The `status` of a server: only `'offline'` today; other values WMSPanel may add later are kept as sent.
 *
 * @example
 * ```ts
 * import type { ServerStatus } from 'wmspanel-notifications';
 *
 * const status: ServerStatus = 'offline';
 * ```
 */
export type ServerStatus = 'offline' | (string & {});

/**
 * A WMSPanel server status notification, as returned by `parseNotification` and `verifyNotification`.
 *
 * @example
 * ```ts
 * import { parseNotification, type ServerStatusNotification } from 'wmspanel-notifications';
 *
 * const notification: ServerStatusNotification = parseNotification(body);
 * console.log(`${notification.server} is ${notification.status} since ${notification.date.toISOString()}`);
 * ```
 */
export interface ServerStatusNotification {
  /** The `time` string exactly as sent (the digest covers these characters). */
  time: string;
  /** `time` read as a date. */
  date: Date;
  /** The digest as sent: 32 hex characters. */
  digest: string;
  /** The name of the media server, as shown on the panel. */
  server: string;
  /** What happened to the server. */
  status: ServerStatus;
}
