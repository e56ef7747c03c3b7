// The server status kind as a value: what the receive step needs to know of it, and serverStatusKind(), which
// attaches its callback and options.
import { EVERY_KIND_FIELDS } from '../fields.js';
import { receivedKind, type KindSpec, type ReceivedKind } from '../../lib/kind.js';
import type { ServerStatusNotification } from './types.js';
import { createServerStatusVerifier, type ServerStatusVerifyOptions, type VerifyNotificationOptions } from './verify.js';

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
export const serverStatusSpec: KindSpec<'server-status', ServerStatusNotification, ServerStatusVerifyOptions> = {
  kind: 'server-status',
  name: 'server status',
  callback: 'onNotification',
  signed: true,
  fields: ['digest'],
  everyKindFields: EVERY_KIND_FIELDS,
  createVerifier: createServerStatusVerifier,
  timeOf: (notification) => notification.date.getTime(),
  // The digest covers the time: a key lives as long as the notification is fresh.
  timeSigned: true,
  replayKey,
  // The digest covers only the time: server and status are the unsigned rest.
  variantOf: (notification) => ({
    signed: notification.digest.toLowerCase(),
    rest: `${notification.status.length}:${notification.status}${notification.server}`,
  }),
  describe: (notification) => `${notification.server} (${notification.status})`,
};

/**
 * What the `onNotification` handler learns besides the notification.
 *
 * @example
 * ```ts
 * import type { NotificationInfo } from 'wmspanel-notifications';
 *
 * function logDelay(info: NotificationInfo): void {
 *   console.log(`delivered ${info.ageMs / 1000} s after its time, at ${info.receivedAt.toISOString()}`);
 * }
 * ```
 */
export interface NotificationInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
  /**
   * How long after its `time` the notification arrived, in milliseconds (negative when the sender's
   * clock is ahead). Log it to learn your real delivery delay before you lower `maxAgeSeconds`.
   */
  ageMs: number;
}

/** The handler option of server status notifications, part of the adapters' options. */
export interface ServerStatusHandlers {
  /**
   * Called once per genuine, fresh, new server status notification; may be async. The request is answered 200 after
   * it resolves. If it throws or rejects (with anything), the notification is not marked as seen (so a
   * retry is processed) and the error goes to the framework (Express `next(err)`, Koa's error handling;
   * always an `Error`, a thrown non-Error as its `cause`) or becomes a 500 (fetch, node). A delivery that
   * arrives while it runs is answered 409 `NOTIFICATION_IN_PROGRESS`.
   */
  // `unknown`: whatever an ordinary handler returns (`db.insert(n)`, `queue.push(n)`) is awaited if a promise
  // and otherwise ignored.
  onNotification?: (notification: ServerStatusNotification, info: NotificationInfo) => unknown;
}

/**
 * The options of {@link serverStatusKind}: the callback, and the allowlists.
 *
 * @example
 * ```ts
 * import type { ServerStatusKindOptions } from 'wmspanel-notifications';
 *
 * const options: ServerStatusKindOptions = { servers: ['edge1.example.com'], onNotification: (n) => console.log(n.status) };
 * ```
 */
export interface ServerStatusKindOptions extends Pick<VerifyNotificationOptions, 'servers' | 'statuses'> {
  /** See {@link ServerStatusHandlers.onNotification}. Required here. */
  onNotification: NonNullable<ServerStatusHandlers['onNotification']>;
}

/**
 * Server status notifications, with their callback and options, for `createReceiver`'s `kinds`: an endpoint
 * made of it ships this kind alone (`createExpressMiddleware({ onNotification })` ships every kind).
 *
 * @throws TypeError when `onNotification` is not a function (the allowlists are checked by `createReceiver`)
 * @example
 * ```ts
 * import { createReceiver, serverStatusKind } from 'wmspanel-notifications';
 * import { fetchHandler } from 'wmspanel-notifications/fetch';
 *
 * const receiver = createReceiver({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   kinds: [serverStatusKind({ servers: ['edge1.example.com'], onNotification: (n) => console.log(`${n.server} is ${n.status}`) })],
 * });
 * export const POST = fetchHandler(receiver);
 * ```
 */
export function serverStatusKind(options: ServerStatusKindOptions): ReceivedKind<'server-status', ServerStatusNotification> {
  return receivedKind(serverStatusSpec, options);
}
