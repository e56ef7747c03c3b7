// The one place the kinds are composed: the flat options every adapter takes (`onNotification`,
// `onStreamNotification`, ...) become the list of kinds the receive step is given. Adding a kind is its
// line in `EVERY_KIND`, with its member of `EveryKind` and its callback interface in
// `NotificationHandlerOptions` for the types (see docs/architecture.md).
import type { AuthorizationOptions } from '../lib/authorization.js';
import type { AnyReceivedKind, KindSpec, Received } from '../lib/kind.js';
import { misuse } from '../lib/misuse.js';
import { receiverOf } from '../lib/receive/pipeline.js';
import type { ReceiverOptions } from '../lib/receive/options.js';
import type { ErrorInfoOf, NotificationReceiverOf, ReceiveResultOf } from '../lib/receive/result.js';
import { advertizerSessionKind, advertizerSessionSpec, type AdvertizerSessionHandlers } from './advertizer-session/kind.js';
import type { AdvertizerSessionRequest } from './advertizer-session/types.js';
import { payPerViewKind, payPerViewSpec, type PayPerViewHandlers } from './pay-per-view/kind.js';
import type { PayPerViewSync } from './pay-per-view/types.js';
import { playbackAuthorizationKind, playbackAuthorizationSpec, type PlaybackAuthorizationHandlers } from './playback-authorization/kind.js';
import type { PlaybackAuthorizationRequest } from './playback-authorization/types.js';
import { publishControlKind, publishControlSpec, type PublishControlHandlers } from './publish-control/kind.js';
import type { PublishControlRequest } from './publish-control/types.js';
import { serverStatusKind, serverStatusSpec, type ServerStatusHandlers } from './server-status/kind.js';
import type { ServerStatusNotification } from './server-status/types.js';
import type { VerifyNotificationOptions } from './server-status/verify.js';
import { streamKind, streamSpec, type StreamHandlers } from './stream/kind.js';
import type { StreamNotification } from './stream/types.js';

/**
 * Every kind this package receives, each as its tag and its request's type: what `ReceiveResult`,
 * `ErrorInfo` and `NotificationReceiver` are about unless told otherwise.
 *
 * @example
 * ```ts
 * import type { EveryKind } from 'wmspanel-notifications';
 *
 * const tags: EveryKind['kind'][] = ['server-status', 'stream', 'pay-per-view', 'publish-control', 'playback-authorization', 'advertizer-session'];
 * ```
 */
export type EveryKind =
  | Received<'server-status', ServerStatusNotification>
  | Received<'stream', StreamNotification>
  | Received<'pay-per-view', PayPerViewSync>
  | Received<'publish-control', PublishControlRequest>
  | Received<'playback-authorization', PlaybackAuthorizationRequest>
  | Received<'advertizer-session', AdvertizerSessionRequest>;

/**
 * Any request the receive step hands on, untagged: a server status or a stream notification, a
 * pay-per-view sync, a publish control, a playback authorization or an Advertizer session request. A
 * result's `kind` tells which.
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
 * callback (give one or several: a body goes to the kind whose identifying fields it has), and each kind's own options.
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
    PlaybackAuthorizationHandlers,
    AdvertizerSessionHandlers {}

/**
 * Every kind, by its spec and the function that attaches its callback: the one line per kind where kinds
 * are composed. (A body is of one kind at most, so the order does not matter.)
 */
const EVERY_KIND: readonly [KindSpec<string, unknown, never>, (options: never) => AnyReceivedKind][] = [
  [serverStatusSpec, serverStatusKind],
  [streamSpec, streamKind],
  [payPerViewSpec, payPerViewKind],
  [publishControlSpec, publishControlKind],
  [playbackAuthorizationSpec, playbackAuthorizationKind],
  [advertizerSessionSpec, advertizerSessionKind],
];

/** Every kind's spec, in the order of `EVERY_KIND`: what the tests of the composition go through. */
export function everyKindSpec(): KindSpec<string, unknown, never>[] {
  return EVERY_KIND.map(([spec]) => spec);
}

// Callback options renamed before 0.1.0: named in a TypeError rather than ignored (an endpoint would then
// refuse every publisher or viewer without a word).
const RENAMED: Readonly<Record<string, string>> = { onPublishAuth: 'onPublishControlRequest', onPlaybackAuth: 'onPlaybackAuthorizationRequest' };

/** The kinds flat options receive: each kind whose callback is given. */
function kindsOf(options: NotificationHandlerOptions): AnyReceivedKind[] {
  for (const [old, name] of Object.entries(RENAMED)) {
    if ((options as Record<string, unknown>)[old] !== undefined) throw misuse(`options.${old} is now options.${name}`);
  }
  const kinds: AnyReceivedKind[] = [];
  for (const [spec, attach] of EVERY_KIND) {
    if ((options as Record<string, unknown>)[spec.callback] !== undefined) kinds.push(attach(options as never));
  }
  if (kinds.length === 0) {
    const [first, ...rest] = EVERY_KIND.map(([spec]) => `options.${spec.callback}`);
    throw misuse(`${first} must be a function (or ${rest.join(', ')})`);
  }
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
  // The options object itself, never a copy: what a class's getter or a prototype gives is read too.
  return receiverOf(options as ReceiverOptions, kindsOf(options)) as unknown as NotificationReceiver;
}
