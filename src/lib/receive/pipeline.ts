// The receive step: one request through method, sender, body, kind, verification, replay check and the
// kind's callback, for whatever kinds it is given. It knows no kind: each is a value it is handed.
import { DEFAULT_MAX_BODY_BYTES, assertPost, bodyUnreadable, readBodyLimits } from '../body.js';
import { decodeBody } from '../decode-body.js';
import { NotificationError, isNotificationError } from '../errors.js';
import { invalid } from '../fields.js';
import { hasKindFields, kindBodyTest, type AnyReceivedKind, type KindSpec, type KindVerifier, type Received, type ReceivedInfo, type ReceivedOf } from '../kind.js';
import { explainMangledBody } from '../mangled-body.js';
import { misuse } from '../misuse.js';
import { readVerifySettings } from '../options.js';
import { createPerTimeLimit } from '../per-time-limit.js';
import { readPositive } from '../read-option.js';
import { createMemoryReplayStore, type ReplayDone, type ReplayState, type ReplayStore } from '../replay-store.js';
import {
  ACCEPTED,
  CHECK_FAILED_MESSAGE,
  CLOCK_FAILED_MESSAGE,
  DUPLICATE,
  HANDLER_FAILED_MESSAGE,
  answer,
  asError,
  failed,
  failureReport,
  jsonHeaders,
  refused,
  type AnyResult,
} from './answers.js';
import {
  DEFAULT_HANDLER_TIMEOUT_MS,
  DEFAULT_MAX_NOTIFICATIONS_PER_TIME,
  DEFAULT_REPLAY_STORE_TIMEOUT_MS,
  DEFAULT_REPLAY_WINDOW_SECONDS,
  readAllowedSenders,
  readKinds,
  type CreateReceiverOptions,
  type ReceiverOptions,
} from './options.js';
import { createDeliveryIds, createReplaySteps, describeValue, isReplayDone, isThenable, readReplayStore, settleWithin } from './replay.js';
import { createReporter } from './report.js';
import type { ErrorInfoOf, NotificationReceiverOf, ReceiveRequest } from './result.js';

interface Route {
  spec: KindSpec<string, unknown, never>;
  /** Whether a decoded body is of its kind (kindBodyTest). */
  isOf: (value: unknown) => boolean;
  /** Where its replay keys are kept: none for a kind that is not a one-time event. */
  store: ReplayStore | false;
  verifier: KindVerifier<unknown>;
  handle: (notification: unknown, info: ReceivedInfo) => unknown;
  /** How long its callback may take. */
  timeoutMs: number;
}

/**
 * Builds the receive step for the kinds given, checking every option at once: a missing token, a callback
 * that is not a function or an option of the wrong type is a `TypeError` here, not a failed request later.
 * Give the receiver to an adapter (`expressMiddleware(receiver)`, `fetchHandler(receiver)`, ...): an
 * application bundles only the kinds it lists. `createNotificationReceiver` and the `create...` adapters
 * do the same from flat options (`onNotification`, `onStreamNotification`, ...), with every kind.
 *
 * @throws TypeError for invalid options
 * @example
 * ```ts
 * import { createReceiver, serverStatusKind } from 'wmspanel-notifications';
 * import { expressMiddleware } from 'wmspanel-notifications/express';
 *
 * const receiver = createReceiver({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   kinds: [serverStatusKind({ servers: ['edge1.example.com'], onNotification: (n) => console.log(n.server, n.status) })],
 * });
 * app.post('/wmspanel', expressMiddleware(receiver));
 * ```
 */
export function createReceiver<const K extends readonly AnyReceivedKind[]>(options: CreateReceiverOptions<K>): NotificationReceiverOf<ReceivedOf<K[number]>> {
  if (typeof options !== 'object' || options === null) throw misuse('options with kinds are required');
  return receiverOf(options, readKinds(options.kinds)) as NotificationReceiverOf<ReceivedOf<K[number]>>;
}

/**
 * The receiver of `kinds` with the shared `options`, read off the object itself (never a copy of it: an
 * option a class's getter or a prototype gives, `allowedSenders` among them, must not be lost).
 */
export function receiverOf(options: ReceiverOptions, kinds: readonly AnyReceivedKind[]): NotificationReceiverOf<Received> {
  const settings = readVerifySettings(options as { token: string }, kinds.some((kind) => kind.spec.signed));
  const { now, tokens, maxAgeMs } = settings;
  const given = readReplayStore(options.replayStore);
  const ownStore = given === undefined ? createMemoryReplayStore({ now }) : given;
  const routes: Route[] = kinds.map(({ spec, handle, options: kindOptions }) => ({
    spec: spec as KindSpec<string, unknown, never>,
    isOf: kindBodyTest(spec),
    // A kind without a replay key (an authorization request) is not a one-time event: no store for it.
    // Keys another kind shares go to the process's shared store, unless a store was given.
    store: spec.replayKey === undefined ? false : given === undefined && spec.sharedReplayStore !== undefined ? spec.sharedReplayStore(now) : ownStore,
    verifier: (spec as KindSpec<string, unknown, object>).createVerifier(settings, kindOptions),
    handle,
    timeoutMs: readPositive(options.handlerTimeoutMs, 'handlerTimeoutMs', spec.defaultHandlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS),
  }));
  const isAllowedSender = readAllowedSenders(options.allowedSenders);
  const { onError } = options;
  if (onError !== undefined && typeof onError !== 'function') throw misuse('options.onError must be a function');
  const limits = readBodyLimits(options, Math.max(DEFAULT_MAX_BODY_BYTES, ...routes.map((route) => route.spec.defaultMaxBodyBytes ?? 0)));
  const handlerTimeoutMs = readPositive(options.handlerTimeoutMs, 'handlerTimeoutMs', DEFAULT_HANDLER_TIMEOUT_MS);
  const storeTimeoutMs = readPositive(options.replayStoreTimeoutMs, 'replayStoreTimeoutMs', DEFAULT_REPLAY_STORE_TIMEOUT_MS);
  const replayWindowMs = readPositive(options.replayWindowSeconds, 'replayWindowSeconds', DEFAULT_REPLAY_WINDOW_SECONDS, true) * 1000;
  const perTime = createPerTimeLimit(readPositive(options.maxNotificationsPerTime, 'maxNotificationsPerTime', DEFAULT_MAX_NOTIFICATIONS_PER_TIME, true));
  // An in-progress mark outlives the longest a live delivery can hold it (reserve, handler, commit), so
  // only a process that died leaves one behind, and that one frees itself.
  const leaseMs = handlerTimeoutMs + 2 * storeTimeoutMs;
  const retryAfter = String(Math.ceil(handlerTimeoutMs / 1000));
  const nextDelivery = createDeliveryIds();
  const names = routes.map((route) => route.spec.name).join(', ');
  const handlerTimedOut = (ms: number) => (): Error => new NotificationError('HANDLER_TIMEOUT', `The notification handler did not finish within ${ms} ms`);

  /**
   * The route of the kind whose identifying fields the body has, and no other kind's; `undefined` for none.
   * A body with the fields of two kinds is none of them, at every endpoint (KindSpec.everyKindFields).
   */
  const kindOf = (value: unknown): Route | undefined => {
    try {
      for (const route of routes) if (route.isOf(value)) return route;
      // Named in a fixed order, whatever order the kinds were given in.
      const claimed = routes.filter((candidate) => hasKindFields(value, candidate.spec.fields)).map((candidate) => candidate.spec.name).sort();
      if (claimed.length > 0) {
        const which = claimed.length === 1 ? `a ${claimed[0]} request and of another kind` : `more than one kind (${claimed.join(', ')})`;
        throw new NotificationError('UNKNOWN_NOTIFICATION_KIND', `Body has the fields of ${which}: it is none of them`);
      }
      return undefined;
    } catch (error) {
      if (isNotificationError(error)) throw error;
      // An already-parsed object can be anything: a Proxy or a getter that throws.
      throw invalid('Body could not be read', error);
    }
  };

  /** Who a log line is about: the verified request, described by its kind. */
  const describeVerified = (info: ErrorInfoOf<{ kind: string; notification: unknown }>): string => {
    const route = info.notification === undefined ? undefined : routes.find((candidate) => candidate.spec.kind === info.kind);
    return route === undefined ? '' : ` for ${route.spec.describe(info.notification)}`;
  };
  const report = createReporter(onError as Parameters<typeof createReporter>[0], tokens, describeVerified);

  const { storeTimedOut, settleStoreStep, answerReplay } = createReplaySteps(storeTimeoutMs, report);

  async function receive(request: ReceiveRequest): Promise<AnyResult> {
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
    let notification: unknown;
    let route: Route | undefined;
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
      // Decoded once, whatever kind it turns out to be, then given to the kind whose identifying fields it
      // has, and no other kind's: the same body gets the same answer whichever kinds an endpoint receives.
      const value = decodeBody(body);
      if (typeof value === 'string') throw explainMangledBody(value, invalid('Body must be a JSON object'));
      route = kindOf(value);
      if (route === undefined) {
        throw explainMangledBody(value, new NotificationError('UNKNOWN_NOTIFICATION_KIND', `Body is not a notification this endpoint receives (${names})`));
      }
      notification = route.verifier.verify(value, value !== body);
    } catch (error) {
      // No `kind` at all (not one set to undefined) when the body was not recognised, as in a result.
      const known: { kind?: string } = route === undefined ? {} : { kind: route.spec.kind };
      // Anything but a NotificationError here is the application's own bug (a servers predicate that
      // threw): a 500, as for a failing handler, never a rejected promise that could hang the request.
      if (isNotificationError(error)) {
        report(error, { receivedAt, ...known });
        return refused(error, known);
      }
      const failure = asError(error, CHECK_FAILED_MESSAGE);
      report(failureReport(failure, CHECK_FAILED_MESSAGE), { receivedAt, ...known });
      return failed(failure, known);
    }

    const { spec, verifier } = route;
    // Written out, not spread: a spread per request measured at a tenth of the receive step's own time.
    const { kind } = spec;
    const info = { receivedAt, kind, notification };
    const madeAtMs = spec.timeOf(notification as never);
    // Kept until the notification would be refused as stale anyway, when its time is signed; otherwise
    // for the replay window from its arrival, which no unsigned field can shorten.
    const expiresAt = spec.timeSigned === true && madeAtMs !== undefined ? madeAtMs + maxAgeMs : receivedAtMs + replayWindowMs;
    const variant = spec.variantOf?.(notification as never);
    if (variant !== undefined && !perTime.admit(variant.signed, variant.rest, receivedAtMs, expiresAt)) {
      const error = new NotificationError('TOO_MANY_NOTIFICATIONS_PER_TIME', 'Too many notifications with this time for different servers or statuses');
      report(error, info);
      return refused(error, info);
    }

    const { store } = route;
    const key = store === false ? '' : spec.replayKey!(notification as never);
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
        return refused(error, info);
      }
      if (state === 'done' || typeof state === 'object') {
        const body = verifier.answer === undefined ? DUPLICATE : answerReplay(verifier.answer, notification, state, info);
        return { outcome: 'duplicate', status: 200, headers: jsonHeaders(), body, kind, notification };
      }
      if (state === 'in-progress') {
        const error = new NotificationError('NOTIFICATION_IN_PROGRESS', 'An earlier delivery of this notification is being handled; retry later');
        return { outcome: 'in-progress', ...answer(error, { ...jsonHeaders(), 'retry-after': retryAfter }), error, kind, notification };
      }
    }

    // The kind's decision (a deny list), as the replay store keeps it, and the body answering it.
    let decision: string | undefined;
    let body = ACCEPTED;
    try {
      let handled = route.handle(notification, madeAtMs === undefined ? { receivedAt } : { receivedAt, ageMs: receivedAtMs - madeAtMs });
      if (isThenable(handled)) handled = await settleWithin(handled, route.timeoutMs, handlerTimedOut(route.timeoutMs));
      const { decide } = verifier;
      // A return value the kind cannot read is the callback's bug: failed as if it threw.
      if (decide !== undefined) ({ body, decision } = decide(notification, handled));
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
      if (verifier.fallback !== undefined) {
        return { outcome: 'defaulted', status: 200, headers: jsonHeaders(), body: verifier.fallback(notification), error, kind, notification };
      }
      return failed(error, info);
    }
    if (store !== false) {
      const ttlMs = Math.max(1, Math.ceil(expiresAt - receivedAtMs));
      // The callback succeeded: a failing commit is reported but the answer stays 200, since a retry that
      // ran the callback again would do its work twice.
      const committed = settleStoreStep(
        () => (decision === undefined ? store.commit(key, ttlMs, delivery) : store.commit(key, ttlMs, delivery, decision)),
        info,
        'The replay store failed to record a handled notification; a re-delivery of it would be handled again',
      );
      if (committed !== undefined) await committed;
    }
    return { outcome: 'accepted', status: 200, headers: jsonHeaders(), body, kind, notification };
  }

  return {
    receive: receive as NotificationReceiverOf<Received>['receive'],
    limits,
    kinds: routes.map((r) => r.spec.kind),
    restrictsSenders: isAllowedSender !== undefined,
  };
}
