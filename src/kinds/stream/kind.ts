// The stream kind as a value: what the receive step needs to know of it, and streamKind(), which attaches
// its callback.
import { EVERY_KIND_FIELDS } from '../fields.js';
import { receivedKind, type KindSpec, type ReceivedKind } from '../../lib/kind.js';
import { sharedReplayStore } from '../../lib/receive/replay.js';
import { signedPairKey } from '../../lib/signed-pair.js';
import type { StreamNotification } from './types.js';
import { createStreamVerifier } from './verify.js';

/** Stream publish/unpublish notifications (Nimble Streamer, Wowza), signed by MD5(ID + Puzzle + token). */
export const streamSpec: KindSpec<'stream', StreamNotification, object> = {
  kind: 'stream',
  name: 'stream',
  callback: 'onStreamNotification',
  signed: true,
  // Nimble's event lists, or the Wowza agent's wrapper (its ID, Puzzle and Signature a sync has too).
  fields: ['publish', 'unpublish', 'ApiSyncRequest'],
  everyKindFields: EVERY_KIND_FIELDS,
  createVerifier: createStreamVerifier,
  // The latest event time, for the handler's `ageMs`. It is not signed: the replay key lives
  // `replayWindowSeconds` from the arrival, whatever the events say.
  timeOf: (notification) => {
    let latest: number | undefined;
    for (const event of notification.events) {
      const time = event.date?.getTime();
      if (time !== undefined && (latest === undefined || time > latest)) latest = time;
    }
    return latest;
  },
  timeSigned: false,
  sharedReplayStore,
  // The signature covers ID + Puzzle, not the events: a replay is the same signed text, whatever events it
  // carries, and whichever kind it is sent as (a pay-per-view sync has the same key). Verification has
  // checked that the puzzle is there.
  replayKey: (notification) => signedPairKey(notification.id, notification.puzzle!),
  describe: (notification) => `stream notification ${notification.id} (${notification.events.length} events)`,
};

/**
 * What the `onStreamNotification` handler learns besides the notification.
 *
 * @example
 * ```ts
 * import type { StreamNotificationInfo } from 'wmspanel-notifications';
 *
 * const late = (info: StreamNotificationInfo) => (info.ageMs === undefined ? 'no time sent' : `${info.ageMs} ms`);
 * ```
 */
export interface StreamNotificationInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
  /** How long after its newest event's time it arrived, in milliseconds; absent when no event has a time (Wowza). */
  ageMs?: number;
}

/** The handler option of stream notifications, part of the adapters' options. */
export interface StreamHandlers {
  /**
   * Called once per genuine, fresh, new stream publish/unpublish notification (Nimble Streamer, Wowza),
   * with the same lifecycle as `onNotification`: give either, or both to receive both kinds at one
   * endpoint (a body is dispatched by its shape).
   */
  onStreamNotification?: (notification: StreamNotification, info: StreamNotificationInfo) => unknown;
}

/**
 * The options of {@link streamKind}: the callback.
 *
 * @example
 * ```ts
 * import type { StreamKindOptions } from 'wmspanel-notifications';
 *
 * const options: StreamKindOptions = { onStreamNotification: (n) => console.log(n.events.length) };
 * ```
 */
export interface StreamKindOptions {
  /** See {@link StreamHandlers.onStreamNotification}. Required here. */
  onStreamNotification: NonNullable<StreamHandlers['onStreamNotification']>;
}

/**
 * Stream publish/unpublish notifications, with their callback, for `createReceiver`'s `kinds`.
 *
 * @throws TypeError when `onStreamNotification` is not a function
 * @example
 * ```ts
 * import { createReceiver, streamKind } from 'wmspanel-notifications';
 * import { nodeHandler } from 'wmspanel-notifications/node';
 *
 * const receiver = createReceiver({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   kinds: [streamKind({ onStreamNotification: (n) => n.events.forEach((e) => console.log(e.action, e.stream)) })],
 * });
 * const handle = nodeHandler(receiver);
 * ```
 */
export function streamKind(options: StreamKindOptions): ReceivedKind<'stream', StreamNotification> {
  return receivedKind(streamSpec, options);
}
