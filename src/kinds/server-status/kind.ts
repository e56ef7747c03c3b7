import type { NotificationKind } from '../../lib/kind.js';
import { isRecord, readOptionalField } from '../../lib/fields.js';
import type { ServerStatusNotification } from './types.js';
import { createVerifier, type VerifyNotificationOptions } from './verify.js';

/**
 * The replay key of a server status notification: digest (lowercased, as verification ignores case),
 * server and status. The server and status belong in it because the digest covers only the time: two
 * servers going offline in the same second carry the same digest, and both notifications are genuine.
 */
export function replayKey(notification: Pick<ServerStatusNotification, 'digest' | 'server' | 'status'>): string {
  const { digest, server, status } = notification;
  // Unambiguous without escaping: the digest is always 32 characters and the status carries its length.
  // (JSON.stringify of the three measured at a tenth of a request's cost.)
  return `${digest.toLowerCase()}${status.length}:${status}${server}`;
}

/** Server status notifications: `{ time, digest, server, status }`, signed by MD5(time + token). */
export const serverStatusKind: NotificationKind<ServerStatusNotification, VerifyNotificationOptions> = {
  name: 'server status',
  callback: 'onNotification',
  infoKey: 'notification',
  matches: (value) => isRecord(value) && readOptionalField(value, 'digest') !== undefined,
  createVerifier,
  timeOf: (notification) => notification.date.getTime(),
  replayKey,
  // The digest covers only the time: server and status are the unsigned rest.
  variantOf: (notification) => ({
    signed: notification.digest.toLowerCase(),
    rest: `${notification.status.length}:${notification.status}${notification.server}`,
  }),
  describe: (notification) => `${notification.server} (${notification.status})`,
};
