// The notification kinds the adapters receive. Adding a kind is a folder under src/kinds/ and its line
// in each list below (see docs/architecture.md).
import type { NotificationKind } from '../lib/kind.js';
import { serverStatusKind, type ServerStatusErrorInfo, type ServerStatusHandlers } from './server-status/kind.js';
import type { ServerStatusNotification } from './server-status/types.js';
import { streamKind, type StreamErrorInfo, type StreamHandlers } from './stream/kind.js';
import type { StreamNotification } from './stream/types.js';

/**
 * Any notification the receive step hands on: a server status or a stream notification.
 *
 * @example
 * ```ts
 * import type { ReceivedNotification } from 'wmspanel-notifications';
 *
 * const isStream = (n: ReceivedNotification) => 'events' in n;
 * ```
 */
export type ReceivedNotification = ServerStatusNotification | StreamNotification;


/** Every kind's handler option (`onNotification`, `onStreamNotification`, ...). */
export interface KindHandlers extends ServerStatusHandlers, StreamHandlers {}

/** Every kind's field of `ErrorInfo`. */
export interface KindErrorInfo extends ServerStatusErrorInfo, StreamErrorInfo {}

export const KINDS: readonly NotificationKind<unknown, never>[] = [
  serverStatusKind as NotificationKind<unknown, never>,
  streamKind as NotificationKind<unknown, never>,
];
