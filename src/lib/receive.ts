import { NotificationError, isNotificationError, type NotificationErrorResponse } from './errors.js';
import { misuse } from './misuse.js';
import { createPerTimeLimit } from './per-time-limit.js';
import { KINDS, type KindErrorInfo, type KindHandlers, type ReceivedNotification } from '../kinds/index.js';
import type { VerifyNotificationOptions } from '../kinds/server-status/verify.js';
import { decodeBody } from './decode-body.js';
import { invalid } from './fields.js';
import { explainMangledBody } from './mangled-body.js';
import type { KindVerifier, NotificationKind } from './kind.js';
import { readCommonOptions, tokenList } from './options.js';
import { createMemoryReplayStore, type ReplayDone, type ReplayState, type ReplayStore } from './replay-store.js';

// The kinds' own types, for the adapters' entry points.
export type { ReceivedNotification } from '../kinds/index.js';
export type { NotificationInfo } from '../kinds/server-status/kind.js';
export type { StreamNotificationInfo } from '../kinds/stream/kind.js';
export type { PayPerViewSyncInfo } from '../kinds/pay-per-view/kind.js';
export type { PublishControlRequestInfo } from '../kinds/publish-control/kind.js';
export type { PlaybackAuthorizationRequestInfo } from '../kinds/playback-authorization/kind.js';

/**
 * How many body bytes an adapter reads at most by default: a notification is about 130 bytes. (An endpoint
 * that receives pay-per-view syncs reads up to `DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES` instead.)
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
 * How long `onNotification` may take by default, in milliseconds, before the request is answered 503
 * `HANDLER_TIMEOUT`. Generous, so that a slow database write still completes: WMSPanel does not document
 * its own timeout, and a sender that gives up sooner and retries meanwhile is answered 409 until then.
 *
 * @example
 * ```ts
 * import { DEFAULT_HANDLER_TIMEOUT_MS } from 'wmspanel-notifications';
 * import { createNodeHandler } from 'wmspanel-notifications/node';
 *
 * createNodeHandler({ token, onNotification, handlerTimeoutMs: DEFAULT_HANDLER_TIMEOUT_MS * 2 });
 * ```
 */
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;
/**
 * How long one replay store call may take by default, in milliseconds, before the request is answered 503
 * `REPLAY_STORE_UNAVAILABLE` (a reserve) or the failure is reported (a commit or release).
 *
 * @example
 * ```ts
 * import { DEFAULT_REPLAY_STORE_TIMEOUT_MS } from 'wmspanel-notifications';
 *
 * console.log(`a replay store gets ${DEFAULT_REPLAY_STORE_TIMEOUT_MS} ms per call`);
 * ```
 */
export const DEFAULT_REPLAY_STORE_TIMEOUT_MS = 5_000;
/**
 * How long a notification whose signature covers no time (a stream notification, a pay-per-view sync) is
 * remembered by default, in seconds, from its arrival: a day, so that a capture replayed hours later is
 * still a duplicate. No field of the request shortens it. See docs/replay-protection.md for what a longer
 * window costs.
 *
 * @example
 * ```ts
 * import { DEFAULT_REPLAY_WINDOW_SECONDS } from 'wmspanel-notifications';
 * import { createExpressMiddleware } from 'wmspanel-notifications/express';
 *
 * // A week, with a Redis replay store.
 * createExpressMiddleware({ token, onPayPerViewSync, replayStore, replayWindowSeconds: DEFAULT_REPLAY_WINDOW_SECONDS * 7 });
 * ```
 */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 86_400;

/**
 * How many distinct server/status pairs one notification `time` (one digest) may carry by default before
 * the rest are refused with 429 `TOO_MANY_NOTIFICATIONS_PER_TIME`: room for a burst of a hundred servers
 * going offline in the same second, while a captured notification re-sent under other names runs
 * `onNotification` at most this many times. See docs/security.md.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_NOTIFICATIONS_PER_TIME } from 'wmspanel-notifications';
 * import { createFetchHandler } from 'wmspanel-notifications/fetch';
 *
 * // A fleet of 400 servers that can all drop at once.
 * createFetchHandler({ token, onNotification, maxNotificationsPerTime: DEFAULT_MAX_NOTIFICATIONS_PER_TIME * 4 });
 * ```
 */
export const DEFAULT_MAX_NOTIFICATIONS_PER_TIME = 100;

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
export interface ErrorInfo extends KindErrorInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
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
 *     // A refusal's code (INVALID_DIGEST, ...), or HANDLER_FAILED with your own error as its cause.
 *     console.warn(`wmspanel: ${error.code}: ${error.message}`, error.cause ?? '');
 *   },
 * };
 * ```
 */
export interface NotificationHandlerOptions extends Omit<VerifyNotificationOptions, 'token'>, KindHandlers {
  /**
   * The token from the panel's API setup page, or every token accepted while rotating. Required, unless
   * the endpoint receives only publish control and playback authorization requests, which carry no
   * signature (a `TypeError` at construction otherwise).
   */
  token?: string | readonly string[];
  /**
   * The addresses requests may come from (your Nimble servers, the panel), or a predicate: any other is
   * refused with 403 `UNKNOWN_SENDER` before its body is read. The only protection publish control and
   * playback authorization requests have, since they carry no signature. IPv4 addresses seen as
   * IPv4-mapped IPv6 (`::ffff:192.0.2.1`) are compared as IPv4. The address is the socket's, or Express's
   * `req.ip`, Koa's `ctx.ip` and Fastify's `request.ip` (which follow their trust-proxy settings); the
   * fetch adapter needs its `remoteAddress` option for it. Never trust every proxy with it (Express
   * `'trust proxy'` `true`, Koa `app.proxy = true` without `app.maxIpsCount`, Fastify `trustProxy: true`):
   * the leftmost `X-Forwarded-For` entry, which the client writes, is then the address checked; trust the
   * proxy's addresses instead, or a hop count when nothing reaches the application but through the proxy
   * (see docs/security.md).
   */
  allowedSenders?: readonly string[] | ((address: string) => boolean);
  /**
   * What an authorization callback's failure answers (`onPublishControlRequest`, `onPlaybackAuthorizationRequest`: it threw,
   * rejected, returned something else, or timed out): `'deny'` (the default) refuses, `'allow'` lets the
   * publisher publish or the viewer play. Either way the answer is a 200 with a decision, and `onError` is told.
   */
  failureDecision?: 'deny' | 'allow';
  /**
   * Remembers handled notifications so a replay is answered 200 without calling `onNotification` again.
   * Default: a `createMemoryReplayStore()` of the handler's own, except for the keys stream notifications
   * and pay-per-view syncs share (one signed text can be sent as either): those are kept in one memory
   * store shared by every handler of the process that uses the same `now` clock (`Date.now` unless you
   * give one), so that a capture sent to another route of the same app (syncs on a route of their own) is
   * a duplicate there too. `false` turns replay protection off.
   */
  replayStore?: ReplayStore | false;
  /**
   * How long `onNotification` may take, in milliseconds; then the request is answered 503
   * `HANDLER_TIMEOUT`, the notification is released for a retry and `onError` is told. The handler itself
   * cannot be stopped: make it idempotent, or bound its own work. Default {@link DEFAULT_HANDLER_TIMEOUT_MS}.
   */
  handlerTimeoutMs?: number;
  /**
   * How long a notification whose signature covers no time (stream notifications, pay-per-view syncs) is
   * remembered, in seconds from its arrival: a replay inside it is a duplicate, whatever its unsigned
   * fields say (event times included). Server status notifications are remembered while they are fresh
   * (`maxAgeSeconds` after their signed `time`) instead. `Infinity`: as long as the store keeps them.
   * Default {@link DEFAULT_REPLAY_WINDOW_SECONDS} (a day).
   */
  replayWindowSeconds?: number;
  /** How long one replay store call may take, in milliseconds. Default {@link DEFAULT_REPLAY_STORE_TIMEOUT_MS}. */
  replayStoreTimeoutMs?: number;
  /**
   * How many distinct server/status pairs one `time` may carry; past that, 429
   * `TOO_MANY_NOTIFICATIONS_PER_TIME`. `Infinity` turns the bound off. Counted per handler (per process).
   * Default {@link DEFAULT_MAX_NOTIFICATIONS_PER_TIME}.
   */
  maxNotificationsPerTime?: number;
  /**
   * The largest body read, in bytes; more is refused with 413 while it streams in. Default
   * {@link DEFAULT_MAX_BODY_BYTES}, or `DEFAULT_PAY_PER_VIEW_MAX_BODY_BYTES` when `onPayPerViewSync` is given.
   */
  maxBodyBytes?: number;
  /** How long to wait for the whole body, in milliseconds; slower is refused with 408. Default {@link DEFAULT_BODY_TIMEOUT_MS}. */
  bodyTimeoutMs?: number;
  /**
   * A logging hook, called for every refused request (but a 409 `NOTIFICATION_IN_PROGRESS`, a retry while
   * the first delivery is handled) and every failure of `onNotification` (or another
   * kind's callback), of a `servers`/`statuses`/`allowedSenders` predicate or the `now` clock, and of the
   * replay store. It may be async; what it throws or rejects with is ignored, and the answer never waits
   * for it. Without it, failures (never refusals) are logged to `console.error` in one line, with any token
   * redacted.
   *
   * `error` is always a `NotificationError`, so that `error.code` reads without a cast or a guard: a
   * refusal is the refusal itself (`INVALID_DIGEST`, ...); a failure is `HANDLER_FAILED`,
   * `HANDLER_TIMEOUT` or `REPLAY_STORE_UNAVAILABLE` with what failed (your own error, as it was thrown) as
   * its `cause`. A failure can come after the answer was decided, so `error.status` is not always what was
   * answered: a commit that fails after the handler succeeded is answered 200, a failing authorization
   * callback 200 with the `failureDecision`. The framework adapters hand your own error itself, not the
   * wrapper, to the framework's error handling.
   */
  onError?: (error: NotificationError, info: ErrorInfo) => unknown;
}

/**
 * What an answer of the receive step has whatever its outcome: an adapter writes these as they are.
 *
 * @example
 * ```ts
 * import type { ReceiveAnswer } from 'wmspanel-notifications';
 *
 * function toResponse(answer: ReceiveAnswer): Response {
 *   return new Response(answer.body, { status: answer.status, headers: answer.headers });
 * }
 * ```
 */
export interface ReceiveAnswer {
  /** The HTTP status: 200, 409, a 4xx/503 for a refusal, 500/503 when handling failed. */
  status: number;
  /**
   * Response headers: always `content-type`, plus `allow` on 405, `retry-after` on 409, and `connection:
   * close` on 408 (the rest of a stalled body is not waited for).
   */
  headers: Record<string, string>;
  /** The response body, JSON: the kind's answer (a pay-per-view deny list), or what was received, or the error. */
  body: string;
}

/**
 * The answer the receive step computed, by `outcome`:
 * - `'accepted'`: `onNotification` ran and resolved; 200.
 * - `'duplicate'`: a replay of a notification already handled; 200, `onNotification` not called.
 * - `'in-progress'`: an earlier delivery of it is still being handled; 409 `NOTIFICATION_IN_PROGRESS`
 *   with `Retry-After`, so the sender comes back and learns how that delivery ended.
 * - `'refused'`: the request or the notification is not acceptable, or the replay store is unavailable;
 *   `error` says why (a 4xx, or 503 `REPLAY_STORE_UNAVAILABLE`).
 * - `'defaulted'`: the callback of an authorization request (publish control, playback) failed or timed out;
 *   answered 200 with the configured `failureDecision` (deny by default), `error` says what happened.
 * - `'failed'`: the application's own code failed: `onNotification` threw, rejected or timed out, or a
 *   `servers` predicate or the `now` clock threw. `error` is always an `Error` (what was thrown when it is
 *   one, else a `NotificationError` with the value as `cause`): frameworks with error handling of their
 *   own get it; the others answer `status` and `body` (500 `HANDLER_FAILED`, 503 `HANDLER_TIMEOUT`).
 *
 * @example
 * ```ts
 * import type { ReceiveResult } from 'wmspanel-notifications';
 *
 * function describe(result: ReceiveResult): string {
 *   switch (result.outcome) {
 *     case 'accepted':
 *     case 'duplicate':
 *       return `${result.outcome}: ${result.notification.server}`;
 *     case 'in-progress':
 *     case 'refused':
 *       return `${result.outcome}: ${result.error.code}`;
 *     case 'failed':
 *       return `failed: ${result.error.message}`;
 *   }
 * }
 * ```
 */
export type ReceiveResult =
  | (ReceiveAnswer & {
      /** Handled now, or handled before (a replay): 200 either way. */
      outcome: 'accepted' | 'duplicate';
      /** The verified notification. */
      notification: ReceivedNotification;
    })
  | (ReceiveAnswer & {
      /**
       * The callback of an authorization request (publish control, playback) failed or timed out: answered
       * 200 with the configured `failureDecision` (deny by default), since the sender must get a decision.
       */
      outcome: 'defaulted';
      /** The verified request. */
      notification: ReceivedNotification;
      /** What the callback threw (an `Error`, or a `NotificationError` wrapping it), or `HANDLER_TIMEOUT`. */
      error: Error;
    })
  | (ReceiveAnswer & {
      /** An earlier delivery of this notification is still being handled: 409 with `Retry-After`. */
      outcome: 'in-progress';
      /** The verified notification. */
      notification: ReceivedNotification;
      /** `NOTIFICATION_IN_PROGRESS`. */
      error: NotificationError;
    })
  | (ReceiveAnswer & {
      /** The request or the notification was refused, or the replay store was unavailable. */
      outcome: 'refused';
      /** The notification, when the refusal came after verification (the bound per time, the replay store). */
      notification?: ReceivedNotification;
      /** Why: its `code` and `status`. */
      error: NotificationError;
    })
  | (ReceiveAnswer & {
      /** The application's own code failed: `onNotification`, a predicate, or the clock. */
      outcome: 'failed';
      /** The notification, when the failure came after verification. */
      notification?: ReceivedNotification;
      /** Always an `Error`: what was thrown, or a `NotificationError` wrapping it (`HANDLER_FAILED`, `HANDLER_TIMEOUT`). */
      error: Error;
    });

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
  /** The sender's address, for `allowedSenders`; when unknown, `allowedSenders` refuses the request. */
  remoteAddress?: string | undefined;
  /**
   * Reads the body: a string, bytes, or an object a body parser made. Called at most once, and only for
   * a POST. It should throw a `NotificationError` (`BODY_TOO_LARGE`, `BODY_TIMEOUT`) when a limit is hit;
   * any other error is answered 400 `BODY_UNREADABLE`.
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
   * Handles one request: method check, body, verification, replay check, `onNotification`. Never rejects
   * and never waits longer than the body, handler and replay store timeouts: every outcome, a failing or
   * hanging handler or store included, is a {@link ReceiveResult}.
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


const CONTENT_TYPE = 'application/json; charset=utf-8';
/** Fresh headers for each answer: an adapter (or the application) may add to them. */
const jsonHeaders = (): Record<string, string> => ({ 'content-type': CONTENT_TYPE });
const ACCEPTED = JSON.stringify({ received: true });
const DUPLICATE = JSON.stringify({ received: true, duplicate: true });
/** What a `failed` answer says: never the error's own message, which may carry anything. */
const HANDLER_FAILED_BODY = JSON.stringify({ error: { code: 'HANDLER_FAILED', message: 'The notification handler failed' } });

function readPositive(value: unknown, name: string, fallback: number, infinityAllowed = false): number {
  if (value === undefined) return fallback;
  if (infinityAllowed && value === Infinity) return value;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw misuse(`options.${name} must be a whole number, 1 or more${infinityAllowed ? ', or Infinity' : ''}`);
  }
  return value;
}

/** Refuses every method but POST, the only one WMSPanel uses. */
export function assertPost(method: string | undefined): void {
  if (method !== 'POST') throw new NotificationError('METHOD_NOT_ALLOWED', `Method ${String(method)} is not allowed; use POST`);
}

/**
 * Reads `maxBodyBytes` and `bodyTimeoutMs` from options, with their defaults (the largest default of the
 * kinds the options receive); a TypeError if invalid.
 */
export function readBodyLimits(options: NotificationHandlerOptions): BodyLimits {
  let defaultMaxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  for (const kind of KINDS) {
    if ((options as unknown as Record<string, unknown>)[kind.callback] !== undefined && kind.defaultMaxBodyBytes !== undefined) {
      defaultMaxBodyBytes = Math.max(defaultMaxBodyBytes, kind.defaultMaxBodyBytes);
    }
  }
  return {
    maxBodyBytes: readPositive(options.maxBodyBytes, 'maxBodyBytes', defaultMaxBodyBytes),
    bodyTimeoutMs: readPositive(options.bodyTimeoutMs, 'bodyTimeoutMs', DEFAULT_BODY_TIMEOUT_MS),
  };
}

/** A body that could not be read for a reason of the network's (or of another reader's): a 400. */
export function bodyUnreadable(cause: unknown, message = 'Body could not be read'): NotificationError {
  return new NotificationError('BODY_UNREADABLE', message, { cause });
}

function answer(error: NotificationError, headers: Record<string, string> = jsonHeaders()): ReceiveAnswer {
  const body: NotificationErrorResponse = error.toJSON();
  return { status: error.status, headers, body: JSON.stringify(body) };
}

function refused(error: NotificationError, notification?: ReceivedNotification): ReceiveResult {
  const headers = jsonHeaders();
  if (error.code === 'METHOD_NOT_ALLOWED') headers.allow = 'POST';
  // A stalled body will not be waited for: close the connection. (The rest of an oversized one is read
  // away for a bounded time instead, so that its sender can read the 413: see DISCARD_MAX_MS.)
  if (error.code === 'BODY_TIMEOUT') headers.connection = 'close';
  const result: ReceiveResult = { outcome: 'refused', ...answer(error, headers), error };
  if (notification !== undefined) result.notification = notification;
  return result;
}

/**
 * The `Error` a failure of the application's code is answered with (a framework's error handling gets
 * it): what was thrown when it is one, else a `HANDLER_FAILED` with it as `cause`.
 */
function asError(thrown: unknown, message: string): Error {
  if (thrown instanceof Error) return thrown;
  return new NotificationError('HANDLER_FAILED', `${message} with a value that is not an Error`, { cause: thrown });
}

/**
 * What `onError` is told of a failure of the application's code: the package's own `HANDLER_TIMEOUT` or
 * `HANDLER_FAILED` as it is, anything else (a NotificationError the handler threw too, which is no
 * refusal) as a `HANDLER_FAILED` with it as `cause`.
 */
function failureReport(error: Error, message: string): NotificationError {
  if (isNotificationError(error) && (error.code === 'HANDLER_FAILED' || error.code === 'HANDLER_TIMEOUT')) return error;
  return new NotificationError('HANDLER_FAILED', message, { cause: error });
}

const HANDLER_FAILED_MESSAGE = 'The notification handler failed';
const CLOCK_FAILED_MESSAGE = 'The now clock failed';
const CHECK_FAILED_MESSAGE = 'A servers, statuses or allowedSenders predicate, or the now clock, failed';

function failed(error: Error, notification?: ReceivedNotification): ReceiveResult {
  const result: ReceiveResult =
    isNotificationError(error) && error.code === 'HANDLER_TIMEOUT'
      ? { outcome: 'failed', ...answer(error), error }
      : { outcome: 'failed', status: 500, headers: jsonHeaders(), body: HANDLER_FAILED_BODY, error };
  if (notification !== undefined) result.notification = notification;
  return result;
}

const isReplayDone = (value: unknown): value is ReplayDone =>
  typeof value === 'object' && value !== null && (value as ReplayDone).state === 'done' && typeof (value as ReplayDone).answer === 'string';

/** A value for an error message: a string quoted, anything else by its type. */
const describeValue = (value: unknown): string => (typeof value === 'string' ? `'${value.slice(0, 40)}'` : value === null ? 'null' : typeof value);

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * `value` itself when it is not a promise (no microtask turn: each needless await costs one per request),
 * else a promise of it that rejects with `onTimeout()` after `ms`. A late rejection of `value` is handled
 * here, never left unhandled.
 */
function settleWithin<T>(value: T | PromiseLike<T>, ms: number, onTimeout: () => Error): T | Promise<T> {
  if (!isThenable(value)) return value;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    Promise.resolve(value).then(
      (settled) => {
        clearTimeout(timer);
        resolve(settled);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** `::ffff:192.0.2.1` (an IPv4 client of a dual-stack socket) as `192.0.2.1`. */
const plainAddress = (address: string): string => (address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address);

/** The `allowedSenders` check, or `undefined` when every sender is allowed; a TypeError for a bad option. */
function readAllowedSenders(allowed: unknown): ((address: string | undefined) => boolean) | undefined {
  if (allowed === undefined) return undefined;
  if (typeof allowed === 'function') {
    // A predicate that throws is the application's bug: answered like one (500), by the caller's catch.
    return (address) => address !== undefined && (allowed as (address: string) => unknown)(plainAddress(address)) === true;
  }
  if (!Array.isArray(allowed) || !allowed.every((entry) => typeof entry === 'string' && entry !== '')) {
    throw misuse('options.allowedSenders must be a list of addresses, or a function (address) => boolean');
  }
  const addresses = new Set(allowed.map((entry: string) => plainAddress(entry)));
  return (address) => address !== undefined && addresses.has(plainAddress(address));
}

/**
 * The default store of the kinds whose keys another kind shares (`sharedReplayKeys`: a stream
 * notification's signed text can be sent as a sync), for the receivers that use `now` as their clock: one
 * per clock, so that every route of an application (each its own receiver) shares it, and a capture
 * replayed to another route is caught there too. A receiver with a clock of its own (a test's) has one of
 * its own; the other kinds' keys stay in each receiver's own store, so that a fresh handler (a test's)
 * starts empty for them. Weak, so a clock that is dropped takes its store along.
 */
const sharedStores = new WeakMap<() => number, ReplayStore>();
function sharedReplayStore(now: () => number): ReplayStore {
  let store = sharedStores.get(now);
  if (store === undefined) {
    store = createMemoryReplayStore({ now });
    sharedStores.set(now, store);
  }
  return store;
}

/** A prefix unique to this process (for a replay store shared between processes) and a counter. */
let deliveryPrefix: string | undefined;
let deliveryCount = 0;
function nextDelivery(): string {
  if (deliveryPrefix === undefined) {
    const random = new Uint32Array(2);
    globalThis.crypto.getRandomValues(random);
    deliveryPrefix = `${random[0]!.toString(36)}${random[1]!.toString(36)}.`;
  }
  return deliveryPrefix + (++deliveryCount).toString(36);
}

/** One line for `console.error`, with every token replaced: user errors can carry anything. */
function describeFailure(error: unknown, about: string, tokens: readonly string[]): string {
  let text: string;
  try {
    text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    // The cause chain, three deep: under the package's own wrapper (HANDLER_FAILED) is the handler's error,
    // and under that, often, what really failed (ECONNREFUSED).
    let cause = error instanceof Error ? error.cause : undefined;
    let depth = 0;
    for (; depth < 3 && cause !== undefined; depth++) {
      text += ` (cause: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`;
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    text += ')'.repeat(depth);
  } catch {
    text = 'an error that cannot be described';
  }
  let line = `wmspanel-notifications: notification handling failed${about}: ${text}`.replace(/\s*[\r\n]+\s*/g, ' ');
  for (const token of tokens) line = line.split(token).join('[token]');
  return line;
}

interface Route {
  kind: NotificationKind<unknown, never>;
  verifier: KindVerifier<unknown>;
  handle: (notification: unknown, info: { receivedAt: Date; ageMs?: number }) => unknown;
  /** How long its callback may take. */
  timeoutMs: number;
}

/** The kinds these options receive: each kind whose callback is given, with its verification. */
function routesFor(options: NotificationHandlerOptions): Route[] {
  const routes: Route[] = [];
  for (const kind of KINDS) {
    const handle: unknown = (options as unknown as Record<string, unknown>)[kind.callback];
    if (handle === undefined) continue;
    if (typeof handle !== 'function') throw misuse(`options.${kind.callback} must be a function`);
    const timeoutMs = readPositive(options.handlerTimeoutMs, 'handlerTimeoutMs', kind.defaultHandlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS);
    routes.push({ kind, verifier: kind.createVerifier(options as never), handle: handle as Route['handle'], timeoutMs });
  }
  if (routes.length === 0) {
    throw misuse(`options.onNotification must be a function (or ${KINDS.slice(1).map((kind) => `options.${kind.callback}`).join(', ')})`);
  }
  return routes;
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
 * console.log(result.outcome, result.status, result.body);
 * ```
 */
export function createNotificationReceiver(options: NotificationHandlerOptions): NotificationReceiver {
  const routes = routesFor(options);
  const { tokens: acceptedTokens, maxAgeMs, now } = readCommonOptions(
    options as VerifyNotificationOptions,
    routes.some((route) => route.kind.signed),
  );
  const isAllowedSender = readAllowedSenders(options.allowedSenders);
  const { onError } = options;
  if (onError !== undefined && typeof onError !== 'function') throw misuse('options.onError must be a function');
  const replayStore = options.replayStore === undefined ? createMemoryReplayStore({ now }) : options.replayStore;
  // Kinds whose keys another kind shares go to the process's shared store, unless a store was given.
  const signedStore = options.replayStore === undefined && routes.some((route) => route.kind.sharedReplayKeys === true) ? sharedReplayStore(now) : replayStore;
  if (
    replayStore !== false &&
    (typeof replayStore !== 'object' ||
      replayStore === null ||
      typeof replayStore.reserve !== 'function' ||
      typeof replayStore.commit !== 'function' ||
      typeof replayStore.release !== 'function')
  ) {
    throw misuse('options.replayStore must be a ReplayStore ({ reserve, commit, release }) or false');
  }
  const limits = readBodyLimits(options);
  const handlerTimeoutMs = readPositive(options.handlerTimeoutMs, 'handlerTimeoutMs', DEFAULT_HANDLER_TIMEOUT_MS);
  const storeTimeoutMs = readPositive(options.replayStoreTimeoutMs, 'replayStoreTimeoutMs', DEFAULT_REPLAY_STORE_TIMEOUT_MS);
  const replayWindowMs = readPositive(options.replayWindowSeconds, 'replayWindowSeconds', DEFAULT_REPLAY_WINDOW_SECONDS, true) * 1000;
  const perTime = createPerTimeLimit(
    readPositive(options.maxNotificationsPerTime, 'maxNotificationsPerTime', DEFAULT_MAX_NOTIFICATIONS_PER_TIME, true),
  );
  // An in-progress mark outlives the longest a live delivery can hold it (reserve, handler, commit), so
  // only a process that died leaves one behind, and that one frees itself.
  const leaseMs = handlerTimeoutMs + 2 * storeTimeoutMs;
  const retryAfter = String(Math.ceil(handlerTimeoutMs / 1000));
  const tokens = tokenList(acceptedTokens);
  const storeTimedOut = (): Error => new Error(`The replay store did not answer within ${storeTimeoutMs} ms`);
  const handlerTimedOut = (ms: number) => (): Error =>
    new NotificationError('HANDLER_TIMEOUT', `The notification handler did not finish within ${ms} ms`);

  // Every report is a NotificationError, so that onError can read `code` without a cast: a refusal as it
  // is, a failure with what failed as its `cause` (see NotificationHandlerOptions.onError).
  const report = (error: NotificationError, info: ErrorInfo): void => {
    try {
      if (onError !== undefined) {
        const reported: unknown = onError(error, info);
        // An async hook that rejects (a log shipper that is down) must not become an unhandled rejection.
        if (isThenable(reported)) reported.then(undefined, () => undefined);
      } else if (!(isNotificationError(error) && error.status < 500)) {
        // The one log line of the package: a failure nobody is told of is a notification silently lost.
        // eslint-disable-next-line no-console
        console.error(describeFailure(error, describeVerified(info), tokens));
      }
    } catch {
      // A logging hook that throws must not change the answer.
    }
  };

  /**
   * Runs a commit or release within the store timeout; a failure is reported, never thrown. A promise only
   * when the store answered with one: each needless await costs a microtask turn per request.
   */
  const settleStoreStep = (step: () => void | Promise<void>, info: ErrorInfo, failure: string): void | Promise<void> => {
    const onFailure = (cause: unknown): void => report(new NotificationError('REPLAY_STORE_UNAVAILABLE', failure, { cause }), info);
    try {
      const settled = settleWithin(step(), storeTimeoutMs, storeTimedOut);
      if (isThenable(settled)) return settled.then(undefined, onFailure);
    } catch (error) {
      onFailure(error);
    }
    return undefined;
  };

  /**
   * The answer to a replay of a kind that answers with a decision: the one the store kept. A store that
   * kept none (a replay of another kind's key, or a store that drops answers: reported at most once a
   * minute) or a corrupted one (reported) is answered with the empty decision: the handler is not run
   * twice for one sync.
   */
  // When a replay without a kept answer was last reported: at most once a minute, since anyone holding
  // a capture of the other kind can send as many as they like.
  let noAnswerReportedAt = -Infinity;
  const answerReplay = (
    answerWith: NonNullable<KindVerifier<unknown>['answer']>,
    notification: ReceivedNotification,
    state: 'done' | ReplayDone,
    info: ErrorInfo,
  ): string => {
    try {
      if (typeof state === 'object') return answerWith(notification, state.answer);
      const at = info.receivedAt.getTime();
      if (!(at - noAnswerReportedAt < 60_000)) {
        noAnswerReportedAt = at;
        report(
          new NotificationError(
            'REPLAY_STORE_UNAVAILABLE',
            'The replay store kept no answer for this replay (the same ID and Puzzle handled as another kind, or a store whose commit drops the answer); answered the empty decision (reported at most once a minute)',
          ),
          info,
        );
      }
    } catch (cause) {
      report(new NotificationError('REPLAY_STORE_UNAVAILABLE', 'The replay store kept an answer that cannot be read; answered the empty decision', { cause }), info);
    }
    return answerWith(notification, undefined);
  };

  /** Who a log line is about: the verified notification, described by its kind. */
  const describeVerified = (info: ErrorInfo): string => {
    for (const route of routes) {
      const verified = (info as unknown as Record<string, unknown>)[route.kind.infoKey];
      if (verified !== undefined) return ` for ${route.kind.describe(verified)}`;
    }
    return '';
  };

  async function receive(request: ReceiveRequest): Promise<ReceiveResult> {
    let receivedAtMs: number;
    try {
      receivedAtMs = now();
    } catch (thrown) {
      // A `now` clock that throws is the application's bug: a 500, never a rejected promise.
      const error = asError(thrown, CLOCK_FAILED_MESSAGE);
      report(failureReport(error, CLOCK_FAILED_MESSAGE), { receivedAt: new Date() });
      return failed(error);
    }
    const receivedAt = new Date(receivedAtMs);
    let notification: ReceivedNotification;
    let route: Route;
    try {
      assertPost(request.method);
      // Before the body is read: a sender that is not allowed costs nothing more.
      if (isAllowedSender !== undefined && !isAllowedSender(request.remoteAddress)) {
        throw new NotificationError('UNKNOWN_SENDER', 'Requests from this address are not allowed');
      }
      let body: unknown;
      try {
        body = await request.readBody();
      } catch (error) {
        throw isNotificationError(error) ? error : bodyUnreadable(error);
      }
      // Decoded once, whatever kind it turns out to be; with one kind, every body goes to it (and its
      // parser says what is wrong with it), with several, to the one whose shape it has.
      const value = decodeBody(body);
      // A kind's verification decodes a string it is given: a JSON string (a body encoded twice) would be
      // decoded a second time and accepted here, though verifyNotification refuses it. Refused alike.
      if (typeof value === 'string') throw explainMangledBody(value, invalid('Body must be a JSON object'));
      const matched = routes.length === 1 ? routes[0] : routes.find((candidate) => candidate.kind.matches(value));
      if (matched === undefined) {
        const kinds = routes.map((r) => r.kind.name).join(', ');
        throw explainMangledBody(value, new NotificationError('UNKNOWN_NOTIFICATION_KIND', `Body is not a notification this endpoint receives (${kinds})`));
      }
      route = matched;
      notification = route.verifier.verify(value) as ReceivedNotification;
    } catch (error) {
      // Anything but a NotificationError here is the application's own bug (a servers predicate that
      // threw): a 500, as for a failing handler, never a rejected promise that could hang the request.
      if (isNotificationError(error)) {
        report(error, { receivedAt });
        return refused(error);
      }
      const failure = asError(error, CHECK_FAILED_MESSAGE);
      report(failureReport(failure, CHECK_FAILED_MESSAGE), { receivedAt });
      return failed(failure);
    }

    const { kind } = route;
    const info = { receivedAt, [kind.infoKey]: notification } as ErrorInfo;
    const madeAtMs = kind.timeOf(notification);
    // Kept until the notification would be refused as stale anyway, when its time is signed; otherwise
    // for the replay window from its arrival, which no unsigned field can shorten.
    const expiresAt = kind.timeSigned === true && madeAtMs !== undefined ? madeAtMs + maxAgeMs : receivedAtMs + replayWindowMs;
    const variant = kind.variantOf?.(notification);
    if (variant !== undefined && !perTime.admit(variant.signed, variant.rest, receivedAtMs, expiresAt)) {
      const error = new NotificationError(
        'TOO_MANY_NOTIFICATIONS_PER_TIME',
        'Too many notifications with this time for different servers or statuses',
      );
      report(error, info);
      return refused(error, notification);
    }

    // A kind without a replay key (an authorization request) is not a one-time event: no store for it.
    const store = kind.replayKey === undefined ? false : kind.sharedReplayKeys === true ? signedStore : replayStore;
    const key = store === false ? '' : kind.replayKey!(notification);
    const delivery = store === false ? '' : nextDelivery();
    if (store !== false) {
      let state: ReplayState | ReplayDone;
      try {
        const reserved = settleWithin(store.reserve(key, leaseMs, delivery), storeTimeoutMs, storeTimedOut);
        state = isThenable(reserved) ? await reserved : reserved;
        if (state !== 'reserved' && state !== 'in-progress' && state !== 'done' && !isReplayDone(state)) {
          throw new TypeError(`replayStore.reserve answered ${describeValue(state)}, not 'reserved', 'in-progress', 'done' or { state: 'done', answer }`);
        }
      } catch (cause) {
        const error = new NotificationError('REPLAY_STORE_UNAVAILABLE', 'The replay store is unavailable; retry later', { cause });
        report(error, info);
        return refused(error, notification);
      }
      if (state === 'done' || typeof state === 'object') {
        const body = route.verifier.answer === undefined ? DUPLICATE : answerReplay(route.verifier.answer, notification, state, info);
        return { outcome: 'duplicate', status: 200, headers: jsonHeaders(), body, notification };
      }
      if (state === 'in-progress') {
        const error = new NotificationError('NOTIFICATION_IN_PROGRESS', 'An earlier delivery of this notification is being handled; retry later');
        return { outcome: 'in-progress', ...answer(error, { ...jsonHeaders(), 'retry-after': retryAfter }), error, notification };
      }
    }

    // The kind's decision (a deny list), as the replay store keeps it, and the body answering it.
    let decision: string | undefined;
    let body = ACCEPTED;
    try {
      let handled = route.handle(notification, madeAtMs === undefined ? { receivedAt } : { receivedAt, ageMs: receivedAtMs - madeAtMs });
      if (isThenable(handled)) handled = await settleWithin(handled, route.timeoutMs, handlerTimedOut(route.timeoutMs));
      const { decide } = route.verifier;
      if (decide !== undefined) {
        // A return value the kind cannot read is the handler's bug: failed as if it threw.
        ({ body, decision } = decide(notification, handled));
      }
    } catch (handlerError) {
      if (store !== false) {
        const released = settleStoreStep(
          () => store.release(key, delivery),
          info,
          'The replay store failed to release a notification whose handling failed; a retry is answered 409 until its lease ends',
        );
        if (released !== undefined) await released;
      }
      const error = asError(handlerError, HANDLER_FAILED_MESSAGE);
      report(failureReport(error, HANDLER_FAILED_MESSAGE), info);
      if (route.verifier.fallback !== undefined) {
        return { outcome: 'defaulted', status: 200, headers: jsonHeaders(), body: route.verifier.fallback(notification), notification, error };
      }
      return failed(error, notification);
    }
    if (store !== false) {
      const ttlMs = Math.max(1, Math.ceil(expiresAt - receivedAtMs));
      // The handler succeeded: a failing commit is reported but the answer stays 200, since a retry that
      // ran the handler again would do its work twice.
      const committed = settleStoreStep(
        () => (decision === undefined ? store.commit(key, ttlMs, delivery) : store.commit(key, ttlMs, delivery, decision)),
        info,
        'The replay store failed to record a handled notification; a re-delivery of it would be handled again',
      );
      if (committed !== undefined) await committed;
    }
    return { outcome: 'accepted', status: 200, headers: jsonHeaders(), body, notification };
  }

  return { receive, limits };
}
