import type { NotificationKind } from '../../lib/kind.js';
import { looksLikeStreamNotification } from './parse.js';
import { signedPairKey } from './signature.js';
import type { StreamNotification } from './types.js';
import { createStreamVerifier, type VerifyStreamNotificationOptions } from './verify.js';

/** Stream publish/unpublish notifications (Nimble Streamer, Wowza), signed by MD5(ID + Puzzle + token). */
export const streamKind: NotificationKind<StreamNotification, VerifyStreamNotificationOptions> = {
  name: 'stream',
  callback: 'onStreamNotification',
  infoKey: 'streamNotification',
  signed: true,
  matches: looksLikeStreamNotification,
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
  sharedReplayKeys: true,
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

/** What `onError` learns of a stream notification. */
export interface StreamErrorInfo {
  /** The verified stream notification, when the error came after its verification. */
  streamNotification?: StreamNotification;
}
