/**
 * Every reason a notification can be refused, with the HTTP status an adapter answers for it.
 *
 * @example
 * ```ts
 * import { NOTIFICATION_ERROR_STATUS } from 'wmspanel-notifications';
 *
 * NOTIFICATION_ERROR_STATUS.INVALID_DIGEST; // 401
 * ```
 */
export const NOTIFICATION_ERROR_STATUS = {
  /** The body is empty, not UTF-8, or not JSON. */
  INVALID_JSON: 400,
  /**
   * The body is XML: the panel's push API can be set to send XML, which this package does not read. Set it
   * to JSON (WMSPanel: Control > API setup > Push API).
   */
  XML_NOT_SUPPORTED: 415,
  /** The body could not be read: the connection broke, or something else read or locked it first. */
  BODY_UNREADABLE: 400,
  /**
   * The JSON is not a notification: not an object, a field missing or mistyped, a bad time or digest. When
   * the body shows why (form fields a body parser made of it, JSON encoded twice), the message says so.
   */
  INVALID_NOTIFICATION: 400,
  /** The body has the shape of none of the notification kinds the endpoint receives. */
  UNKNOWN_NOTIFICATION_KIND: 400,
  /**
   * The digest does not match the time under any accepted token: compare the token with the panel's
   * (Control > API setup, Notifications API tab).
   */
  INVALID_DIGEST: 401,
  /**
   * A stream notification's or a sync's `Signature` (or `Puzzle`) is missing, or does not match under any
   * accepted token: compare the token with the panel's (Control > API setup, Global push API tab).
   */
  INVALID_SIGNATURE: 401,
  /** The time is older than `maxAgeSeconds` or further ahead than `maxFutureSeconds`. */
  STALE_NOTIFICATION: 401,
  /** The server is not in the `servers` allowlist. */
  UNKNOWN_SERVER: 403,
  /** The status is not in the `statuses` allowlist. */
  UNKNOWN_STATUS: 403,
  /** The request came from an address not in `allowedSenders`. */
  UNKNOWN_SENDER: 403,
  /** The request is not a POST. */
  METHOD_NOT_ALLOWED: 405,
  /** The body did not arrive within `bodyTimeoutMs`. */
  BODY_TIMEOUT: 408,
  /** An earlier delivery of the same notification is still being handled; the sender should retry later. */
  NOTIFICATION_IN_PROGRESS: 409,
  /** The body is larger than `maxBodyBytes` (or than the limit of a body parser that ran first, in Express). */
  BODY_TOO_LARGE: 413,
  /**
   * More distinct server/status pairs arrived under one `time` (one digest) than `maxNotificationsPerTime`:
   * a captured notification re-sent under other names.
   */
  TOO_MANY_NOTIFICATIONS_PER_TIME: 429,
  /**
   * `onNotification` threw or rejected (also a `servers` predicate or a `now` clock that threw). What
   * `onError` is told of it, with the thrown value as `cause`.
   */
  HANDLER_FAILED: 500,
  /**
   * The replay store failed; the sender should retry. `onError` is also told of a store that failed or
   * misbehaved after the answer was decided (a commit after the handler succeeded: answered 200).
   */
  REPLAY_STORE_UNAVAILABLE: 503,
  /** `onNotification` did not settle within `handlerTimeoutMs`; the sender should retry. */
  HANDLER_TIMEOUT: 503,
} as const;

/**
 * The stable machine-readable code of a {@link NotificationError}. Branch on this, never on the message.
 *
 * @example
 * ```ts
 * import type { NotificationErrorCode } from 'wmspanel-notifications';
 *
 * const retryable: NotificationErrorCode[] = ['REPLAY_STORE_UNAVAILABLE', 'HANDLER_TIMEOUT', 'NOTIFICATION_IN_PROGRESS'];
 * ```
 */
export type NotificationErrorCode = keyof typeof NOTIFICATION_ERROR_STATUS;

/**
 * The JSON body the adapters answer a refused request with (and what `JSON.stringify(error)` gives).
 *
 * @example
 * ```ts
 * import type { NotificationErrorResponse } from 'wmspanel-notifications';
 *
 * const body: NotificationErrorResponse = await response.json();
 * if (body.error.code === 'INVALID_DIGEST') console.log('check the token');
 * ```
 */
export interface NotificationErrorResponse {
  /** What went wrong. */
  error: {
    /** The stable machine-readable reason. */
    code: NotificationErrorCode;
    /** A human-readable explanation; never contains a token or an expected digest. */
    message: string;
  };
}

const ERROR_NAME = 'NotificationError';

/**
 * Why a notification was refused: a stable `code`, the HTTP `status` to answer with, and a message
 * that is safe to send back or log (it never contains a token or the digest a token would produce).
 *
 * @example
 * ```ts
 * import { verifyNotification, isNotificationError } from 'wmspanel-notifications';
 *
 * try {
 *   verifyNotification(body, { token: process.env.WMSPANEL_TOKEN! });
 * } catch (error) {
 *   if (isNotificationError(error)) console.warn(error.code, error.status, error.message);
 *   else throw error;
 * }
 * ```
 */
export class NotificationError extends Error {
  /** The stable machine-readable reason. */
  readonly code: NotificationErrorCode;
  /** The HTTP status an adapter answers with for this error. */
  readonly status: number;

  /**
   * @param code - the reason; also decides {@link NotificationError.status}
   * @param message - a human-readable explanation, safe to show to the sender
   * @param options - `cause`, passed through to `Error`
   */
  constructor(code: NotificationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = ERROR_NAME;
    this.code = code;
    this.status = NOTIFICATION_ERROR_STATUS[code];
  }

  /**
   * The JSON shape every adapter sends back: `{ error: { code, message } }`.
   *
   * @example
   * ```ts
   * import { NotificationError } from 'wmspanel-notifications';
   *
   * JSON.stringify(new NotificationError('INVALID_JSON', 'Body is empty'));
   * // '{"error":{"code":"INVALID_JSON","message":"Body is empty"}}'
   * ```
   */
  toJSON(): NotificationErrorResponse {
    return { error: { code: this.code, message: this.message } };
  }
}

/**
 * Tells whether `value` is a {@link NotificationError}, also one thrown by another copy of this
 * package or in another realm (it checks `name` and `code`, not only `instanceof`).
 *
 * @example
 * ```ts
 * import { isNotificationError } from 'wmspanel-notifications';
 *
 * if (isNotificationError(error) && error.code === 'STALE_NOTIFICATION') {
 *   // the clock of this server may be off
 * }
 * ```
 */
export function isNotificationError(value: unknown): value is NotificationError {
  if (typeof value !== 'object' || value === null) return false;
  // What a callback threw can be anything, a Proxy whose every read throws included: never throw here.
  try {
    if (value instanceof NotificationError) return true;
    const candidate = value as { name?: unknown; code?: unknown; status?: unknown };
    return (
      candidate.name === ERROR_NAME &&
      typeof candidate.code === 'string' &&
      Object.prototype.hasOwnProperty.call(NOTIFICATION_ERROR_STATUS, candidate.code) &&
      typeof candidate.status === 'number'
    );
  } catch {
    return false;
  }
}
