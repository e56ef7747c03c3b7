import type { NotificationKind } from '../../lib/kind.js';
import { looksLikeStreamNotification } from './parse.js';
import type { StreamNotification } from './types.js';
import { createStreamVerifier, type VerifyStreamNotificationOptions } from './verify.js';

/** Stream publish/unpublish notifications (Nimble Streamer, Wowza), signed by MD5(ID + Puzzle + token). */
export const streamKind: NotificationKind<StreamNotification, VerifyStreamNotificationOptions> = {
  name: 'stream',
  callback: 'onStreamNotification',
  infoKey: 'streamNotification',
  matches: looksLikeStreamNotification,
  createVerifier: createStreamVerifier,
  // The latest event time: the notification stays fresh as long as its newest event does.
  timeOf: (notification) => {
    let latest: number | undefined;
    for (const event of notification.events) {
      const time = event.date?.getTime();
      if (time !== undefined && (latest === undefined || time > latest)) latest = time;
    }
    return latest;
  },
  // The signature covers the ID (and Puzzle), not the events: a replay is the same ID, whatever events it
  // carries. The prefix keeps these keys apart from server status keys, which start with a hex digit.
  replayKey: (notification) => `stream:${notification.id}`,
  describe: (notification) => `stream notification ${notification.id} (${notification.events.length} events)`,
};
