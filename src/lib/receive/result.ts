// The contract between the receive step and an adapter: the request it is given, the answer it computes.
import type { BodyLimits } from '../body.js';
import type { NotificationError } from '../errors.js';
import type { Received } from '../kind.js';

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
 * What a result knows of a request verified as one of the kinds of `R`: its tag and itself, one member per
 * kind (so that `switch (result.kind)` narrows `result.notification`).
 *
 * @example
 * ```ts
 * import type { EveryKind, Verified } from 'wmspanel-notifications';
 *
 * const describe = (known: Verified<EveryKind>) => (known.kind === 'stream' ? known.notification.id : known.kind);
 * ```
 */
export type Verified<R extends Received> = R extends Received
  ? {
      /** The kind's tag. */
      kind: R['kind'];
      /** The verified request. */
      notification: R['notification'];
    }
  : never;
/**
 * What a result or `onError`'s info knows of a request: recognised as one of the kinds of `R` (its tag),
 * verified or not (then no `notification`); or not recognised (no `kind`).
 *
 * @example
 * ```ts
 * import type { EveryKind, Recognised } from 'wmspanel-notifications';
 *
 * const tag = (known: Recognised<EveryKind>) => known.kind ?? 'not recognised';
 * ```
 */
export type Recognised<R extends Received> =
  | (R extends Received
      ? {
          /** The kind's tag. */
          kind: R['kind'];
          /** The request, once verified. */
          notification?: R['notification'];
        }
      : never)
  | {
      /** Not recognised: no kind. */
      kind?: undefined;
      /** Not recognised: no request. */
      notification?: undefined;
    };

/**
 * The answer the receive step computed, by `outcome`, with the request's `kind` whenever its body was
 * recognised and the verified request as `notification`; `switch (result.kind)` narrows `notification` to
 * that kind's type. `R` is what the receiver receives ({@link ReceiveResult} is this for every kind).
 * - `'accepted'`: the callback ran and resolved; 200.
 * - `'duplicate'`: a replay of a notification already handled; 200, the callback not called.
 * - `'in-progress'`: an earlier delivery of it is still being handled; 409 `NOTIFICATION_IN_PROGRESS`
 *   with `Retry-After`, so the sender comes back and learns how that delivery ended.
 * - `'refused'`: the request or the notification is not acceptable, or the replay store is unavailable;
 *   `error` says why (a 4xx, or 503 `REPLAY_STORE_UNAVAILABLE`).
 * - `'defaulted'`: the callback of an authorization request (publish control, playback) failed or timed out;
 *   answered 200 with the configured `failureDecision` (deny by default), `error` says what happened.
 * - `'failed'`: the application's own code failed: the callback threw, rejected or timed out, or a
 *   `servers` predicate or the `now` clock threw. `error` is always an `Error` (what was thrown when it is
 *   one, else a `NotificationError` with the value as `cause`): frameworks with error handling of their
 *   own get it; the others answer `status` and `body` (500 `HANDLER_FAILED`, 503 `HANDLER_TIMEOUT`).
 *
 * @example
 * ```ts
 * import { createReceiver, serverStatusKind, streamKind, type ReceiveResultOf, type Received } from 'wmspanel-notifications';
 *
 * const receiver = createReceiver({ token, kinds: [serverStatusKind({ onNotification }), streamKind({ onStreamNotification })] });
 * const result = await receiver.receive({ method: 'POST', readBody: async () => rawBody });
 * if (result.outcome === 'accepted') {
 *   switch (result.kind) {
 *     case 'server-status':
 *       console.log(result.notification.server);
 *       break;
 *     case 'stream':
 *       console.log(result.notification.events.length);
 *       break;
 *   }
 * }
 * ```
 */
export type ReceiveResultOf<R extends Received> =
  | (ReceiveAnswer & {
      /** Handled now, or handled before (a replay): 200 either way. */
      outcome: 'accepted' | 'duplicate';
    } & Verified<R>)
  | (ReceiveAnswer & {
      /**
       * The callback of an authorization request (publish control, playback) failed or timed out: answered
       * 200 with the configured `failureDecision` (deny by default), since the sender must get a decision.
       */
      outcome: 'defaulted';
      /** What the callback threw (an `Error`, or a `NotificationError` wrapping it), or `HANDLER_TIMEOUT`. */
      error: Error;
    } & Verified<R>)
  | (ReceiveAnswer & {
      /** An earlier delivery of this notification is still being handled: 409 with `Retry-After`. */
      outcome: 'in-progress';
      /** `NOTIFICATION_IN_PROGRESS`. */
      error: NotificationError;
    } & Verified<R>)
  | (ReceiveAnswer & {
      /**
       * The request or the notification was refused, or the replay store was unavailable. `kind` when the
       * body was recognised; `notification` when the refusal came after verification (the bound per time,
       * the replay store).
       */
      outcome: 'refused';
      /** Why: its `code` and `status`. */
      error: NotificationError;
    } & Recognised<R>)
  | (ReceiveAnswer & {
      /** The application's own code failed: the callback, a predicate, or the clock. */
      outcome: 'failed';
      /** Always an `Error`: what was thrown, or a `NotificationError` wrapping it (`HANDLER_FAILED`, `HANDLER_TIMEOUT`). */
      error: Error;
    } & Recognised<R>);

/**
 * What the `onError` hook learns besides the error: when the request arrived, its `kind` once its body was
 * recognised, and the request as `notification` once it was verified (`switch (info.kind)` narrows it).
 * `R` is what the receiver receives ({@link ErrorInfo} is this for every kind).
 *
 * @example
 * ```ts
 * import type { ErrorInfo } from 'wmspanel-notifications';
 *
 * function describe(info: ErrorInfo): string {
 *   if (info.kind === 'server-status' && info.notification) return `handler failed for ${info.notification.server}`;
 *   return info.kind === undefined ? 'request refused' : `${info.kind} request refused`;
 * }
 * ```
 */
export type ErrorInfoOf<R extends Received> = {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
} & Recognised<R>;

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
 * The framework-agnostic receive step every adapter shares, for the kinds of `R`: give one to an adapter
 * (`expressMiddleware(receiver)`), or write an adapter of your own. {@link NotificationReceiver} is this
 * for every kind.
 *
 * @example
 * ```ts
 * import { createReceiver, readStreamBody, serverStatusKind } from 'wmspanel-notifications';
 *
 * const receiver = createReceiver({ token: 'my-token', kinds: [serverStatusKind({ onNotification: (n) => console.log(n) })] });
 * const result = await receiver.receive({
 *   method: request.method,
 *   readBody: () => readStreamBody(request.body, receiver.limits),
 * });
 * ```
 */
export interface NotificationReceiverOf<R extends Received> {
  /**
   * Handles one request: method check, body, kind, verification, replay check, the kind's callback. Never
   * rejects and never waits longer than the body, handler and replay store timeouts: every outcome, a
   * failing or hanging callback or store included, is a {@link ReceiveResultOf}.
   */
  receive(request: ReceiveRequest): Promise<ReceiveResultOf<R>>;
  /** The body limits the adapter must enforce while it reads. */
  readonly limits: BodyLimits;
  /** The tags of the kinds it receives, in the order they were given. */
  readonly kinds: readonly R['kind'][];
  /**
   * Whether it refuses requests from addresses not in `allowedSenders`: an adapter that cannot learn a
   * request's address without help (a Fetch `Request` carries none) must say so when it is made.
   */
  readonly restrictsSenders: boolean;
}
