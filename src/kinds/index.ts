// The one place the kinds are composed: the flat options every adapter takes (`onNotification`,
// `onStreamNotification`, ...) become the list of kinds `createReceiver` is given. Adding a kind is its
// folder, its line in `EveryKind`, its handler interface in `NotificationHandlerOptions`, and its line in
// `kindsOf` (see docs/architecture.md).
import type { AuthorizationOptions } from '../lib/authorization.js';
import type { AnyReceivedKind, Received } from '../lib/kind.js';
import { misuse } from '../lib/misuse.js';
import { createReceiver } from '../lib/receive/pipeline.js';
import type { CreateReceiverOptions } from '../lib/receive/options.js';
import type { ReceiverOptions } from '../lib/receive/options.js';
import type { ErrorInfoOf, NotificationReceiverOf, ReceiveResultOf } from '../lib/receive/result.js';
import { payPerViewKind, type PayPerViewHandlers, type PayPerViewKindOptions } from './pay-per-view/kind.js';
import type { PayPerViewSync } from './pay-per-view/types.js';
import { playbackAuthorizationKind, type PlaybackAuthorizationHandlers, type PlaybackAuthorizationKindOptions } from './playback-authorization/kind.js';
import type { PlaybackAuthorizationRequest } from './playback-authorization/types.js';
import { publishControlKind, type PublishControlHandlers, type PublishControlKindOptions } from './publish-control/kind.js';
import type { PublishControlRequest } from './publish-control/types.js';
import { serverStatusKind, type ServerStatusHandlers, type ServerStatusKindOptions } from './server-status/kind.js';
import type { ServerStatusNotification } from './server-status/types.js';
import type { VerifyNotificationOptions } from './server-status/verify.js';
import { streamKind, type StreamHandlers, type StreamKindOptions } from './stream/kind.js';
import type { StreamNotification } from './stream/types.js';

/**
 * Every kind this package receives, each as its tag and its request's type: what `ReceiveResult`,
 * `ErrorInfo` and `NotificationReceiver` are about unless told otherwise.
 *
 * @example
 * ```ts
 * import type { EveryKind } from 'wmspanel-notifications';
 *
 * const tags: EveryKind['kind'][] = ['server-status', 'stream', 'pay-per-view', 'publish-control', 'playback-authorization'];
 * ```
 */
export type EveryKind =
  | Received<'server-status', ServerStatusNotification>
  | Received<'stream', StreamNotification>
  | Received<'pay-per-view', PayPerViewSync>
  | Received<'publish-control', PublishControlRequest>
  | Received<'playback-authorization', PlaybackAuthorizationRequest>;

/**
 * Any request the receive step hands on, untagged: a server status or a stream notification, a
 * pay-per-view sync, a publish control or a playback authorization request. A result's `kind` tells which.
 *
 * @example
 * ```ts
 * import type { ReceivedNotification } from 'wmspanel-notifications';
 *
 * const seen: ReceivedNotification[] = [];
 * ```
 */
export type ReceivedNotification = EveryKind['notification'];

/**
 * The answer the receive step computed (see {@link ReceiveResultOf}), for every kind unless `R` says
 * which: `switch (result.kind)` narrows `result.notification`.
 *
 * @example
 * ```ts
 * import type { ReceiveResult } from 'wmspanel-notifications';
 *
 * function describe(result: ReceiveResult): string {
 *   if (result.outcome !== 'accepted') return result.outcome;
 *   switch (result.kind) {
 *     case 'server-status':
 *       return `${result.notification.server} is ${result.notification.status}`;
 *     case 'stream':
 *       return `${result.notification.events.length} stream events`;
 *     default:
 *       return result.kind;
 *   }
 * }
 * ```
 */
export type ReceiveResult<R extends Received = EveryKind> = ReceiveResultOf<R>;

/**
 * What `onError` learns besides the error (see {@link ErrorInfoOf}), for every kind unless `R` says which.
 *
 * @example
 * ```ts
 * import type { ErrorInfo } from 'wmspanel-notifications';
 *
 * const about = (info: ErrorInfo) => (info.kind === 'server-status' && info.notification ? info.notification.server : info.kind ?? 'unknown');
 * ```
 */
export type ErrorInfo<R extends Received = EveryKind> = ErrorInfoOf<R>;

/**
 * The receive step (see {@link NotificationReceiverOf}), for every kind unless `R` says which.
 *
 * @example
 * ```ts
 * import { createNotificationReceiver, type NotificationReceiver } from 'wmspanel-notifications';
 *
 * const receiver: NotificationReceiver = createNotificationReceiver({ token, onNotification });
 * ```
 */
export type NotificationReceiver<R extends Received = EveryKind> = NotificationReceiverOf<R>;

/**
 * Options shared by every adapter and by `createNotificationReceiver`: the shared ones, each kind's
 * callback (give one or several: a body goes to the kind whose shape it has), and each kind's own options.
 *
 * @example
 * ```ts
 * import type { NotificationHandlerOptions } from 'wmspanel-notifications';
 *
 * const options: NotificationHandlerOptions = {
 *   token: process.env.WMSPANEL_TOKEN!,
 *   servers: ['edge1.example.com'],
 *   async onNotification(notification, info) {
 *     await alertOnCall(`${notification.server} is ${notification.status} (${info.ageMs} ms late)`);
 *   },
 *   onError(error) {
 *     // A refusal's code (INVALID_DIGEST, ...), or HANDLER_FAILED with your own error as its cause.
 *     console.warn(`wmspanel: ${error.code}: ${error.message}`, error.cause ?? '');
 *   },
 * };
 * ```
 */
export interface NotificationHandlerOptions
  extends ReceiverOptions<EveryKind>,
    Pick<VerifyNotificationOptions, 'servers' | 'statuses'>,
    AuthorizationOptions,
    ServerStatusHandlers,
    StreamHandlers,
    PayPerViewHandlers,
    PublishControlHandlers,
    PlaybackAuthorizationHandlers {}

/** The kinds flat options receive, in the order bodies are matched (their shapes do not overlap). */
function kindsOf(options: NotificationHandlerOptions): AnyReceivedKind[] {
  const kinds: AnyReceivedKind[] = [];
  if (options.onNotification !== undefined) kinds.push(serverStatusKind(options as ServerStatusKindOptions));
  if (options.onPayPerViewSync !== undefined) kinds.push(payPerViewKind(options as PayPerViewKindOptions));
  if (options.onPublishControlRequest !== undefined) kinds.push(publishControlKind(options as PublishControlKindOptions));
  if (options.onPlaybackAuthorizationRequest !== undefined) kinds.push(playbackAuthorizationKind(options as PlaybackAuthorizationKindOptions));
  if (options.onStreamNotification !== undefined) kinds.push(streamKind(options as StreamKindOptions));
  return kinds;
}

/**
 * Builds the receive step from flat options, checking them at once: a missing token, a missing
 * `onNotification` or an option of the wrong type is a `TypeError` here, not a failed request later. Every
 * kind whose callback is given is received. `createReceiver` does the same from a list of kinds, and
 * ships only those.
 *
 * @throws TypeError for invalid options
 * @example
 * ```ts
 * import { createNotificationReceiver } from 'wmspanel-notifications';
 *
 * const receiver = createNotificationReceiver({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   onNotification: (notification) => console.log(notification.server, notification.status),
 * });
 * const result = await receiver.receive({ method: 'POST', readBody: async () => rawBody });
 * console.log(result.outcome, result.kind, result.status, result.body);
 * ```
 */
export function createNotificationReceiver(options: NotificationHandlerOptions): NotificationReceiver {
  if (typeof options !== 'object' || options === null) throw misuse('options with a token are required');
  const kinds = kindsOf(options);
  if (kinds.length === 0) {
    throw misuse(
      'options.onNotification must be a function (or options.onStreamNotification, options.onPayPerViewSync, options.onPublishControlRequest, options.onPlaybackAuthorizationRequest)',
    );
  }
  return createReceiver({ ...options, kinds } as CreateReceiverOptions<AnyReceivedKind[]>) as unknown as NotificationReceiver;
}
