// A kind's prepared verifier, as the public `create...Verifier` functions return it: options checked once,
// then `verify(body)` for each request.
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { decodeBody } from './decode-body.js';
import type { KindVerifier } from './kind.js';

/**
 * A prepared verifier of one kind: its options were checked once, and `verify(body)` parses and verifies
 * a body (a string, bytes, or what a body parser made) into the request, or throws a `NotificationError`.
 * Made by `createNotificationVerifier`, `createStreamNotificationVerifier`, `createPayPerViewSyncVerifier`,
 * `createPublishControlRequestVerifier` and `createPlaybackAuthorizationRequestVerifier`; `verifyRequest`
 * takes any of them.
 *
 * @example
 * ```ts
 * import { createStreamNotificationVerifier, type NotificationVerifier, type StreamNotification } from 'wmspanel-notifications';
 *
 * const verifier: NotificationVerifier<'stream', StreamNotification> = createStreamNotificationVerifier({ token: process.env.WMSPANEL_TOKEN! });
 * const notification = verifier.verify(rawBody);
 * ```
 */
export interface NotificationVerifier<Tag extends string, N> {
  /** The kind it verifies: `'server-status'`, `'stream'`, ... */
  readonly kind: Tag;
  /**
   * The largest body `verifyRequest` reads with it by default, in bytes: `DEFAULT_MAX_BODY_BYTES`, or more
   * for a kind that needs it (8 MiB for pay-per-view syncs).
   */
  readonly maxBodyBytes: number;
  /**
   * Parses and verifies a body: the request, or a `NotificationError` (never another error for what the
   * body holds). Replays are not caught here: the adapters and `createReceiver` add a replay store.
   */
  verify(body: unknown): N;
}

/** A kind's verification as a prepared verifier that decodes the body itself. */
export function preparedVerifier<Tag extends string, N>(kind: Tag, verifier: KindVerifier<N>, maxBodyBytes = DEFAULT_MAX_BODY_BYTES): NotificationVerifier<Tag, N> {
  return {
    kind,
    maxBodyBytes,
    verify(body) {
      const value = decodeBody(body);
      return verifier.verify(value, value !== body);
    },
  };
}
