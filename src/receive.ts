import { NotificationError, type NotificationErrorResponse } from './errors.js';
import { misuse } from './misuse.js';
import { createMemoryReplayStore, replayKey, type ReplayStore } from './replay-store.js';
import type { ServerStatusNotification } from './types.js';
import { createVerifier, type VerifyNotificationOptions } from './verify-notification.js';

/**
 * How many body bytes an adapter reads at most by default: a notification is about 130 bytes.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_BODY_BYTES } from 'wmspanel-notifications';
 * import { createFetchHandler } from 'wmspanel-notifications/fetch';
 *
 * createFetchHandler({ token, onNotification, maxBodyBytes: DEFAULT_MAX_BODY_BYTES / 4 });
 * ```
 */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024;
/**
 * How long an adapter waits for the whole body by default, in milliseconds.
 *
 * @example
 * ```ts
 * import { DEFAULT_BODY_TIMEOUT_MS } from 'wmspanel-notifications';
 * import { createNodeHandler } from 'wmspanel-notifications/node';
 *
 * createNodeHandler({ token, onNotification, bodyTimeoutMs: DEFAULT_BODY_TIMEOUT_MS / 2 });
 * ```
 */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/**
 * What the `onNotification` handler learns besides the notification.
 *
 * @example
 * ```ts
 * import type { NotificationInfo } from 'wmspanel-notifications';
 *
 * function logDelay(info: NotificationInfo): void {
 *   console.log(`delivered ${info.ageMs / 1000} s after its time, at ${info.receivedAt.toISOString()}`);
 * }
 * ```
 */
export interface NotificationInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
  /**
   * How long after its `time` the notification arrived, in milliseconds (negative when the sender's
   * clock is ahead). Log it to learn your real delivery delay before you lower `maxAgeSeconds`.
   */
  ageMs: number;
}

/**
 * What the `onError` hook learns besides the error.
 *
 * @example
 * ```ts
 * import type { ErrorInfo } from 'wmspanel-notifications';
 *
 * function describe(info: ErrorInfo): string {
 *   return info.notification ? `handler failed for ${info.notification.server}` : 'request refused';
 * }
 * ```
 */
export interface ErrorInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
  /** The verified notification, when the error came after verification (handler or replay store failure). */
  notification?: ServerStatusNotification;
}

/**
 * Options shared by every adapter and by `createNotificationReceiver`: everything `verifyNotification`
 * takes, plus the handler and the request-level limits.
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
 *     console.warn('wmspanel notification refused or failed', error);
 *   },
 * };
 * ```
 */
export interface NotificationHandlerOptions extends VerifyNotificationOptions {
  /**
   * Called once per genuine, fresh, new notification; may be async. The request is answered 200 after
   * it resolves. If it throws, the notification is not marked as seen (so a retry is processed) and the
   * error goes to the framework (Express `next(err)`, Koa's error handling) or becomes a 500 (fetch, node).
   */
  onNotification: (notification: ServerStatusNotification, info: NotificationInfo) => void | Promise<void>;
  /**
   * Remembers handled notifications so a replay is answered 200 without calling `onNotification` again.
   * Default: a `createMemoryReplayStore()` per handler; `false` turns replay protection off.
   */
  replayStore?: ReplayStore | false;
  /** The largest body read, in bytes; more is refused with 413 while it streams in. Default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** How long to wait for the whole body, in milliseconds; slower is refused with 408. Default {@link DEFAULT_BODY_TIMEOUT_MS}. */
  bodyTimeoutMs?: number;
  /**
   * A logging hook, called for every refused request (with the `NotificationError`) and every failure of
   * `onNotification` or the replay store. It must not throw; if it does, that is ignored.
   */
  onError?: (error: unknown, info: ErrorInfo) => void;
}

/**
 * The answer the receive step computed; an adapter writes it as it is.
 *
 * @example
 * ```ts
 * import type { ReceiveResult } from 'wmspanel-notifications';
 *
 * function toResponse(result: ReceiveResult): Response {
 *   return new Response(result.body, { status: result.status, headers: result.headers });
 * }
 * ```
 */
export interface ReceiveResult {
  /** The HTTP status: 200, a 4xx/503 for a refusal, 500 when `onNotification` failed. */
  status: number;
  /** Response headers: always `content-type`, plus `allow` on 405 and `connection: close` on 413/408. */
  headers: Record<string, string>;
  /** The response body, JSON. */
  body: string;
  /** The notification, once verified. */
  notification?: ServerStatusNotification;
  /** Whether this was a replay of a notification already handled. */
  duplicate: boolean;
  /**
   * Whether `onNotification` (or a `servers` predicate, or the `now` clock) threw: the answer is then a
   * 500, and frameworks with their own error handling get {@link ReceiveResult.handlerError} instead.
   */
  handlerFailed: boolean;
  /** What was thrown, when {@link ReceiveResult.handlerFailed}. */
  handlerError?: unknown;
}

/**
 * A request as the receive step sees it: its method, and a way to read its body within the limits.
 *
 * @example
 * ```ts
 * import type { ReceiveRequest } from 'wmspanel-notifications';
 *
 * const request: ReceiveRequest = { method: 'POST', readBody: async () => '{"time":"..."}' };
 * ```
 */
export interface ReceiveRequest {
  /** The HTTP method. Only POST is read. */
  method: string | undefined;
  /**
   * Reads the body: a string, bytes, or an object a body parser made. Called at most once, and only for
   * a POST. It should throw a `NotificationError` (`BODY_TOO_LARGE`, `BODY_TIMEOUT`) when a limit is hit;
   * any other error is answered 400.
   */
  readBody: () => Promise<unknown>;
}

/**
 * The framework-agnostic receive step every adapter shares, for writing an adapter of your own.
 *
 * @example
 * ```ts
 * import { createNotificationReceiver, readStreamBody } from 'wmspanel-notifications';
 *
 * const receiver = createNotificationReceiver({ token: 'my-token', onNotification: (n) => console.log(n) });
 * const result = await receiver.receive({
 *   method: request.method,
 *   readBody: () => readStreamBody(request.body, receiver.limits),
 * });
 * ```
 */
export interface NotificationReceiver {
  /**
   * Handles one request: method check, body, verification, replay check, `onNotification`. Never rejects:
   * every outcome, a failing handler included, is a {@link ReceiveResult}.
   */
  receive(request: ReceiveRequest): Promise<ReceiveResult>;
  /** The body limits the adapter must enforce while it reads. */
  readonly limits: BodyLimits;
}

/**
 * The limits an adapter enforces while reading a body.
 *
 * @example
 * ```ts
 * import type { BodyLimits } from 'wmspanel-notifications';
 *
 * const limits: BodyLimits = { maxBodyBytes: 8192, bodyTimeoutMs: 10_000 };
 * ```
 */
export interface BodyLimits {
  /** The most bytes to read. */
  maxBodyBytes: number;
  /** The longest wait for the whole body, in milliseconds. */
  bodyTimeoutMs: number;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const ACCEPTED = JSON.stringify({ received: true });
const DUPLICATE = JSON.stringify({ received: true, duplicate: true });
const HANDLER_FAILED: { error: { code: 'HANDLER_FAILED'; message: string } } = {
  error: { code: 'HANDLER_FAILED', message: 'The notification handler failed' },
};

function readPositive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw misuse(`options.${name} must be a whole number, 1 or more`);
  }
  return value;
}

/** Refuses every method but POST, the only one WMSPanel uses. */
export function assertPost(method: string | undefined): void {
  if (method !== 'POST') throw new NotificationError('METHOD_NOT_ALLOWED', `Method ${String(method)} is not allowed; use POST`);
}

/** Reads `maxBodyBytes` and `bodyTimeoutMs` from options, with their defaults; a TypeError if invalid. */
export function readBodyLimits(options: { maxBodyBytes?: number; bodyTimeoutMs?: number }): BodyLimits {
  return {
    maxBodyBytes: readPositive(options.maxBodyBytes, 'maxBodyBytes', DEFAULT_MAX_BODY_BYTES),
    bodyTimeoutMs: readPositive(options.bodyTimeoutMs, 'bodyTimeoutMs', DEFAULT_BODY_TIMEOUT_MS),
  };
}

function refusal(error: NotificationError): ReceiveResult {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (error.code === 'METHOD_NOT_ALLOWED') headers.allow = 'POST';
  // The rest of an oversized or stalled body is not read: close the connection rather than drain it.
  if (error.code === 'BODY_TOO_LARGE' || error.code === 'BODY_TIMEOUT') headers.connection = 'close';
  const body: NotificationErrorResponse = error.toJSON();
  return { status: error.status, headers, body: JSON.stringify(body), duplicate: false, handlerFailed: false };
}

function failed(handlerError: unknown, notification?: ServerStatusNotification): ReceiveResult {
  const result: ReceiveResult = {
    status: 500,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify(HANDLER_FAILED),
    duplicate: false,
    handlerFailed: true,
    handlerError,
  };
  if (notification !== undefined) result.notification = notification;
  return result;
}

function accepted(notification: ServerStatusNotification, duplicate: boolean): ReceiveResult {
  const body = duplicate ? DUPLICATE : ACCEPTED;
  return { status: 200, headers: { ...JSON_HEADERS }, body, notification, duplicate, handlerFailed: false };
}

/**
 * Builds the receive step from the adapter options, checking them at once: a missing token, a missing
 * `onNotification` or an option of the wrong type is a `TypeError` here, not a failed request later.
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
 * console.log(result.status, result.body);
 * ```
 */
export function createNotificationReceiver(options: NotificationHandlerOptions): NotificationReceiver {
  const verifier = createVerifier(options);
  const { onNotification, onError } = options;
  if (typeof onNotification !== 'function') throw misuse('options.onNotification must be a function');
  if (onError !== undefined && typeof onError !== 'function') throw misuse('options.onError must be a function');
  const replayStore = options.replayStore === undefined ? createMemoryReplayStore({ now: verifier.now }) : options.replayStore;
  if (
    replayStore !== false &&
    (typeof replayStore !== 'object' || replayStore === null || typeof replayStore.reserve !== 'function' || typeof replayStore.release !== 'function')
  ) {
    throw misuse('options.replayStore must be a ReplayStore ({ reserve, release }) or false');
  }
  const limits = readBodyLimits(options);

  const report = (error: unknown, info: ErrorInfo): void => {
    if (onError === undefined) return;
    try {
      onError(error, info);
    } catch {
      // A logging hook that throws must not change the answer.
    }
  };

  async function receive(request: ReceiveRequest): Promise<ReceiveResult> {
    let receivedAtMs: number;
    try {
      receivedAtMs = verifier.now();
    } catch (error) {
      // A `now` clock that throws is the application's bug: a 500, never a rejected promise.
      report(error, { receivedAt: new Date() });
      return failed(error);
    }
    const receivedAt = new Date(receivedAtMs);
    let notification: ServerStatusNotification;
    try {
      assertPost(request.method);
      let body: unknown;
      try {
        body = await request.readBody();
      } catch (error) {
        if (error instanceof NotificationError) throw error;
        throw new NotificationError('INVALID_JSON', 'Body could not be read', { cause: error });
      }
      notification = verifier.verify(body);
    } catch (error) {
      // Anything but a NotificationError here is the application's own bug (a servers predicate that
      // threw): a 500, as for a failing handler, never a rejected promise that could hang the request.
      report(error, { receivedAt });
      return error instanceof NotificationError ? refusal(error) : failed(error);
    }

    const info: ErrorInfo = { receivedAt, notification };
    const key = replayKey(notification);
    if (replayStore !== false) {
      // Kept until the notification would be refused as stale anyway.
      const ttlMs = Math.max(1, Math.ceil(notification.date.getTime() + verifier.maxAgeMs - receivedAtMs));
      let fresh: boolean;
      try {
        // Awaited only when it is a promise: each needless await costs a microtask turn per request.
        const reserved = replayStore.reserve(key, ttlMs);
        fresh = typeof reserved === 'boolean' ? reserved : await reserved;
      } catch (cause) {
        const error = new NotificationError('REPLAY_STORE_UNAVAILABLE', 'The replay store is unavailable; retry later', { cause });
        report(error, info);
        return { ...refusal(error), notification };
      }
      if (!fresh) return accepted(notification, true);
    }

    try {
      const handled = onNotification(notification, { receivedAt, ageMs: receivedAtMs - notification.date.getTime() });
      if (handled !== undefined) await handled;
    } catch (handlerError) {
      if (replayStore !== false) {
        try {
          await replayStore.release(key);
        } catch (releaseError) {
          report(releaseError, info);
        }
      }
      report(handlerError, info);
      return failed(handlerError, notification);
    }
    return accepted(notification, false);
  }

  return { receive, limits };
}
