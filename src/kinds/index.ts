// The notification kinds the adapters receive. Adding a kind is a folder under src/kinds/ and its line
// in each list below (see docs/architecture.md).
import type { NotificationKind } from '../lib/kind.js';
import { payPerViewKind, type PayPerViewErrorInfo, type PayPerViewHandlers } from './pay-per-view/kind.js';
import type { PayPerViewSync } from './pay-per-view/types.js';
import { playbackAuthorizationKind, type PlaybackAuthorizationErrorInfo, type PlaybackAuthorizationHandlers } from './playback-authorization/kind.js';
import type { PlaybackAuthorizationRequest } from './playback-authorization/types.js';
import { publishControlKind, type PublishControlErrorInfo, type PublishControlHandlers } from './publish-control/kind.js';
import type { PublishControlRequest } from './publish-control/types.js';
import { serverStatusKind, type ServerStatusErrorInfo, type ServerStatusHandlers } from './server-status/kind.js';
import type { ServerStatusNotification } from './server-status/types.js';
import { streamKind, type StreamErrorInfo, type StreamHandlers } from './stream/kind.js';
import type { StreamNotification } from './stream/types.js';

/**
 * Any request the receive step hands on: a server status or a stream notification, a pay-per-view sync, a
 * publish control or a playback authorization request.
 *
 * @example
 * ```ts
 * import type { ReceivedNotification } from 'wmspanel-notifications';
 *
 * const isStream = (n: ReceivedNotification) => 'events' in n;
 * ```
 */
export type ReceivedNotification = ServerStatusNotification | StreamNotification | PayPerViewSync | PublishControlRequest | PlaybackAuthorizationRequest;


/** Every kind's handler option (`onNotification`, `onStreamNotification`, ...). */
export interface KindHandlers extends ServerStatusHandlers, StreamHandlers, PayPerViewHandlers, PublishControlHandlers, PlaybackAuthorizationHandlers {}

/** Every kind's field of `ErrorInfo`. */
export interface KindErrorInfo extends ServerStatusErrorInfo, StreamErrorInfo, PayPerViewErrorInfo, PublishControlErrorInfo, PlaybackAuthorizationErrorInfo {}

// In the order bodies are matched: a sync has an `ID` too, so pay-per-view comes before stream; the
// authorization requests' fields are not all documented, so they come before stream as well.
export const KINDS: readonly NotificationKind<unknown, never>[] = [
  serverStatusKind as NotificationKind<unknown, never>,
  payPerViewKind as NotificationKind<unknown, never>,
  publishControlKind as NotificationKind<unknown, never>,
  playbackAuthorizationKind as NotificationKind<unknown, never>,
  streamKind as NotificationKind<unknown, never>,
];
