/**
 * One stream event of a stream notification: a stream started (`publish`) or stopped (`unpublish`).
 *
 * @example
 * ```ts
 * import type { StreamEvent } from 'wmspanel-notifications';
 *
 * const describe = (event: StreamEvent) => `${event.action} ${event.app}/${event.name} over ${event.protocol ?? 'unknown'}`;
 * ```
 */
export interface StreamEvent {
  /** Whether the stream started or stopped. */
  action: 'publish' | 'unpublish';
  /** `app/name`, as sent (Nimble), or made of the application and stream names (Wowza). */
  stream: string;
  /** The application: what comes before the first `/`. */
  app: string;
  /** The stream's name: everything after the first `/` (it may contain more slashes). */
  name: string;
  /** `RTMP`, `RTSP`, `MPEG-TS`, `Icecast`, `ENCODER` (Live Transcoder), or another (Nimble). */
  protocol?: string;
  /** When it happened (Nimble's `time`, milliseconds since the epoch); Wowza sends no time. */
  date?: Date;
  /** `push` or `pull` (Nimble; absent for the Live Transcoder). */
  type?: string;
  /** The publisher's address, with `push` (Nimble). */
  remoteIp?: string;
  /** The virtual host (Wowza's `VHostName`). */
  vhost?: string;
  /** The application instance (Wowza's `AppInstanceName`). */
  appInstance?: string;
}

/**
 * A stream publish/unpublish notification of WMSPanel's push API, from Nimble Streamer or the Wowza agent,
 * as returned by `parseStreamNotification` and `verifyStreamNotification`.
 *
 * @example
 * ```ts
 * import { parseStreamNotification, type StreamNotification } from 'wmspanel-notifications';
 *
 * const notification: StreamNotification = parseStreamNotification(body);
 * for (const event of notification.events) console.log(event.action, event.stream);
 * ```
 */
export interface StreamNotification {
  /** Which sender's format it came in. */
  format: 'nimble' | 'wowza';
  /** The request's `ID`: what the signature and the replay protection cover. */
  id: string;
  /** The request's `Puzzle`, absent when the panel has no token set. */
  puzzle?: string;
  /** The request's `Signature`: Base64 of MD5(ID + Puzzle + token); absent when the panel has no token set. */
  signature?: string;
  /** Every event in the batch, publishes first, in the order sent. */
  events: StreamEvent[];
}
