// The options every receiver takes whatever kinds it receives, their defaults, and their readers.
import type { NotificationError } from '../errors.js';
import type { AnyReceivedKind, Received, ReceivedOf } from '../kind.js';
import { misuse } from '../misuse.js';
// The defaults are imported for the {@link} tags in the option docs below.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { DEFAULT_BODY_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES } from '../body.js';
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { DEFAULT_MAX_AGE_SECONDS, DEFAULT_MAX_FUTURE_SECONDS } from '../options.js';
import type { ReplayStore } from '../replay-store.js';
import type { ErrorInfoOf } from './result.js';

/**
 * How long a callback may take by default, in milliseconds, before the request is answered 503
 * `HANDLER_TIMEOUT`. Generous, so that a slow database write still completes: WMSPanel does not document
 * its own timeout, and a sender that gives up sooner and retries meanwhile is answered 409 until then.
 * (Publish control and playback authorization callbacks get 5 s by default: a publisher or a viewer waits.)
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
 * The options of a receiver whatever kinds it receives (every adapter takes them too): the token and the
 * freshness window the signed kinds share, who may send, the replay store, the limits and `onError`. `R`
 * is what it receives, for `onError`'s `info`.
 *
 * @example
 * ```ts
 * import type { ReceiverOptions } from 'wmspanel-notifications';
 *
 * const shared: ReceiverOptions = {
 *   token: process.env.WMSPANEL_TOKEN!,
 *   handlerTimeoutMs: 10_000,
 *   onError: (error) => console.warn(`wmspanel: ${error.code}: ${error.message}`, error.cause ?? ''),
 * };
 * ```
 */
export interface ReceiverOptions<R extends Received = Received> {
  /**
   * The token from the panel's API setup page, or every token accepted while rotating. Required, unless
   * the endpoint receives only publish control and playback authorization requests, which carry no
   * signature (a `TypeError` at construction otherwise).
   */
  token?: string | readonly string[];
  /** How old a signed or sent time may be, in seconds. Default {@link DEFAULT_MAX_AGE_SECONDS} (one hour); `Infinity` turns the check off. */
  maxAgeSeconds?: number;
  /** How far in the future a time may be, in seconds. Default {@link DEFAULT_MAX_FUTURE_SECONDS}. */
  maxFutureSeconds?: number;
  /** The clock, in milliseconds since the epoch, like `Date.now` (the default). For tests. */
  now?: () => number;
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
   * Remembers handled notifications so a replay is answered 200 without calling the callback again.
   * Default: a `createMemoryReplayStore()` of the handler's own, except for the keys stream notifications
   * and pay-per-view syncs share (one signed text can be sent as either): those are kept in one memory
   * store shared by every handler of the process that uses the same `now` clock (`Date.now` unless you
   * give one), so that a capture sent to another route of the same app (syncs on a route of their own) is
   * a duplicate there too. `false` turns replay protection off.
   */
  replayStore?: ReplayStore | false;
  /**
   * How long a callback may take, in milliseconds; then the request is answered 503 `HANDLER_TIMEOUT`
   * (an authorization: the `failureDecision`), the notification is released for a retry and `onError` is
   * told. The callback itself cannot be stopped: make it idempotent, or bound its own work. Default
   * {@link DEFAULT_HANDLER_TIMEOUT_MS} (5 s for the authorization kinds).
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
   * {@link DEFAULT_MAX_BODY_BYTES}, or the largest default of the kinds received (8 MiB with pay-per-view
   * syncs, 1 MiB with publish control, 64 KiB with playback authorization).
   */
  maxBodyBytes?: number;
  /** How long to wait for the whole body, in milliseconds; slower is refused with 408. Default {@link DEFAULT_BODY_TIMEOUT_MS}. */
  bodyTimeoutMs?: number;
  /**
   * A logging hook, called for every refused request (but a 409 `NOTIFICATION_IN_PROGRESS`, a retry while
   * the first delivery is handled) and every failure of a callback, of a `servers`/`statuses`/
   * `allowedSenders` predicate or the `now` clock, and of the replay store. It may be async; what it throws
   * or rejects with is ignored, and the answer never waits for it. Without it, failures (never refusals)
   * are logged to `console.error` in one line, with any token redacted.
   *
   * `error` is always a `NotificationError`, so that `error.code` reads without a cast or a guard: a
   * refusal is the refusal itself (`INVALID_DIGEST`, ...); a failure is `HANDLER_FAILED`,
   * `HANDLER_TIMEOUT` or `REPLAY_STORE_UNAVAILABLE` with what failed (your own error, as it was thrown) as
   * its `cause`. A failure can come after the answer was decided, so `error.status` is not always what was
   * answered: a commit that fails after the handler succeeded is answered 200, a failing authorization
   * callback 200 with the `failureDecision`. The framework adapters hand your own error itself, not the
   * wrapper, to the framework's error handling. `info.kind` names the kind once the body was recognised,
   * and `info.notification` is the request once it was verified.
   */
  onError?: (error: NotificationError, info: ErrorInfoOf<R>) => unknown;
}

/** `::ffff:192.0.2.1` (an IPv4 client of a dual-stack socket) as `192.0.2.1`. */
const plainAddress = (address: string): string => (address.toLowerCase().startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address);

/** The `allowedSenders` check, or `undefined` when every sender is allowed; a TypeError for a bad option. */
export function readAllowedSenders(allowed: unknown): ((address: string | undefined) => boolean) | undefined {
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
 * The options of `createReceiver`: the shared ones, and the kinds it receives.
 *
 * @example
 * ```ts
 * import { payPerViewKind, serverStatusKind, type CreateReceiverOptions } from 'wmspanel-notifications';
 *
 * const options: CreateReceiverOptions<[ReturnType<typeof serverStatusKind>]> = {
 *   token: process.env.WMSPANEL_TOKEN!,
 *   kinds: [serverStatusKind({ onNotification: (n) => console.log(n.server, n.status) })],
 * };
 * ```
 */
export interface CreateReceiverOptions<K extends readonly AnyReceivedKind[]> extends ReceiverOptions<ReceivedOf<K[number]>> {
  /**
   * The kinds it receives, each with its callback and its own options (`serverStatusKind({ onNotification,
   * servers })`, `streamKind({ onStreamNotification })`, ...), at least one, each at most once, in any
   * order. A body is given to the kind whose identifying fields it has (a digest, a PayPerViewInfo, ...); a
   * body of no kind listed, or with the fields of two kinds, is refused 400 `UNKNOWN_NOTIFICATION_KIND`.
   */
  kinds: K;
}

function isReceivedKind(value: unknown): value is AnyReceivedKind {
  const candidate = value as Partial<AnyReceivedKind> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.spec?.kind === 'string' && typeof candidate.handle === 'function';
}

/** Reads `options.kinds`: a non-empty list of kinds made by the kind functions, each once. */
export function readKinds(kinds: unknown): readonly AnyReceivedKind[] {
  if (!Array.isArray(kinds) || kinds.length === 0) {
    throw misuse('options.kinds must be a non-empty list of kinds (serverStatusKind({ onNotification }), streamKind({ onStreamNotification }), ...)');
  }
  const seen = new Set<string>();
  for (const [index, kind] of kinds.entries()) {
    if (!isReceivedKind(kind)) throw misuse(`options.kinds[${index}] is not a kind: make it with serverStatusKind(...), streamKind(...), ...`);
    if (seen.has(kind.spec.kind)) throw misuse(`options.kinds lists ${kind.spec.name} twice`);
    seen.add(kind.spec.kind);
  }
  return kinds as readonly AnyReceivedKind[];
}


/**
 * Checks what a lean adapter was given: a receiver (`createReceiver(...)`), not the flat options its
 * `create...` form takes, so that the mistake is a TypeError at once rather than every request failing.
 */
export function assertReceiver(receiver: unknown, adapter: string, flatForm: string): void {
  const candidate = receiver as { receive?: unknown; limits?: unknown } | null;
  if (typeof candidate !== 'object' || candidate === null || typeof candidate.receive !== 'function' || typeof candidate.limits !== 'object') {
    throw misuse(`${adapter} takes a receiver made with createReceiver({ kinds, ... }); for flat options ({ token, onNotification, ... }) use ${flatForm}`);
  }
}
