// The Advertizer per-session kind as a value: what the receive step needs to know of it, and
// advertizerSessionKind(), which attaches its callback.
import { EVERY_KIND_FIELDS } from '../fields.js';
import { receivedKind, type KindSpec, type KindVerifier, type ReceivedKind } from '../../lib/kind.js';
import { preparedVerifier, type NotificationVerifier } from '../../lib/verifier.js';
import { readAdvertizerSessionRequestValue } from './parse.js';
import { createAdvertizerSessionResponse, type AdvertizerSessionDecision } from './response.js';
import type { AdvertizerSessionRequest } from './types.js';

/**
 * How long `onAdvertizerSessions` may take by default: 750 ms. Nimble waits for the session handler only
 * the scenario's `session_handler.timeout` (`"1000"` in Softvelum's example: milliseconds, see
 * docs/advertizer.md), so the answer must leave before that, with time for the network.
 *
 * @example
 * ```ts
 * import { ADVERTIZER_SESSION_HANDLER_TIMEOUT_MS } from 'wmspanel-notifications';
 *
 * const scenarioTimeout = String(ADVERTIZER_SESSION_HANDLER_TIMEOUT_MS + 250); // "1000"
 * ```
 */
export const ADVERTIZER_SESSION_HANDLER_TIMEOUT_MS = 750;

// Written out, not JSON.stringify'd at import: a module whose top level calls nothing is one a bundler can drop.
// No rules and no assignments: the sessions play without ads, as Nimble does with `onerror: "skip"`.
const NO_ADS = '{"rules":[],"rules_response":[]}';

const verifier: KindVerifier<AdvertizerSessionRequest> = {
  // No signature to check: the request is only parsed (allowedSenders restricts who may send it).
  verify: (value) => readAdvertizerSessionRequestValue(value),
  // Nothing returned assigns no rules; a value that is not a decision is the callback's bug (a TypeError).
  decide: (_request, returned) => {
    const body = returned === undefined || returned === null ? NO_ADS : JSON.stringify(createAdvertizerSessionResponse(returned as AdvertizerSessionDecision));
    return { body, decision: body };
  },
  fallback: () => NO_ADS,
};

/** Nimble Advertizer's per-session handler: session stats and new sessions asking for ad rules; unsigned. */
export const advertizerSessionSpec: KindSpec<'advertizer-session', AdvertizerSessionRequest, AdvertizerSessionKindOptions> = {
  kind: 'advertizer-session',
  name: 'Advertizer session',
  callback: 'onAdvertizerSessions',
  signed: false,
  defaultHandlerTimeoutMs: ADVERTIZER_SESSION_HANDLER_TIMEOUT_MS,
  // Every session of the server since the last call, as a pay-per-view sync carries every player: 8 MiB
  // (written out), about 20,000 sessions with their user agents.
  defaultMaxBodyBytes: 8_388_608,
  fields: ['session_info', 'rules_request'],
  everyKindFields: EVERY_KIND_FIELDS,
  createVerifier: () => verifier,
  timeOf: () => undefined,
  describe: (request) => `Advertizer session request (${request.sessions.length} sessions, ${request.ruleRequests.length} asking for rules)`,
};

/**
 * What the `onAdvertizerSessions` callback learns besides the request.
 *
 * @example
 * ```ts
 * import type { AdvertizerSessionRequestInfo } from 'wmspanel-notifications';
 *
 * const when = (info: AdvertizerSessionRequestInfo) => info.receivedAt.toISOString();
 * ```
 */
export interface AdvertizerSessionRequestInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
}

/** The callback option of the Advertizer per-session handler, part of the adapters' options. */
export interface AdvertizerSessionHandlers {
  /**
   * Called for each call of Nimble Advertizer to the per-session handler: record `request.sessions` (the ads
   * each session was shown) and return the rules of `request.ruleRequests`' sessions, as
   * `createAdvertizerSessionResponse` takes them (`{ rules, rules_response }`), or a promise of them. Nothing
   * returned assigns no rules. If it throws, rejects, returns something else or takes longer than
   * `handlerTimeoutMs` (750 ms by default here: Nimble waits only the scenario's `session_handler.timeout`),
   * the answer is still a 200, with no rules (`{"rules":[],"rules_response":[]}`: the sessions play without
   * ads, as `onerror: "skip"` does), and `onError` is told.
   */
  onAdvertizerSessions?: (
    request: AdvertizerSessionRequest,
    info: AdvertizerSessionRequestInfo,
    // `void`: a callback that only records the sessions may return nothing.
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  ) => AdvertizerSessionDecision | undefined | void | Promise<AdvertizerSessionDecision | undefined | void>;
}

/**
 * The options of {@link advertizerSessionKind}: the callback.
 *
 * @example
 * ```ts
 * import type { AdvertizerSessionKindOptions } from 'wmspanel-notifications';
 *
 * const options: AdvertizerSessionKindOptions = { onAdvertizerSessions: (request) => console.log(request.sessions.length) };
 * ```
 */
export interface AdvertizerSessionKindOptions {
  /** See {@link AdvertizerSessionHandlers.onAdvertizerSessions}. Required here. */
  onAdvertizerSessions: NonNullable<AdvertizerSessionHandlers['onAdvertizerSessions']>;
}

/**
 * Nimble Advertizer's per-session handler calls, with their callback, for `createReceiver`'s `kinds`.
 * Unsigned: give the receiver `allowedSenders`.
 *
 * @throws TypeError when `onAdvertizerSessions` is not a function
 * @example
 * ```ts
 * import { advertizerSessionKind, createReceiver } from 'wmspanel-notifications';
 * import { expressMiddleware } from 'wmspanel-notifications/express';
 *
 * const receiver = createReceiver({
 *   allowedSenders: ['192.0.2.10'],
 *   kinds: [
 *     advertizerSessionKind({
 *       onAdvertizerSessions: (request) => ({
 *         rules: [{ id: 'pre-roll', type: 'session', time_sync: 'stream', time_offset: 0, contents: [{ id: ['1', '2', '3', '4'] }] }],
 *         rules_response: request.ruleRequests.map(({ session }) => ({ session, rules: ['pre-roll'], request_interval: 10 })),
 *       }),
 *     }),
 *   ],
 * });
 * app.post('/nimble/advertizer/sessions', expressMiddleware(receiver));
 * ```
 */
export function advertizerSessionKind(options: AdvertizerSessionKindOptions): ReceivedKind<'advertizer-session', AdvertizerSessionRequest> {
  return receivedKind(advertizerSessionSpec, options);
}

/**
 * A verifier of Advertizer per-session requests, for `verifyRequest`: they carry no signature, so
 * `verify(body)` parses, as {@link parseAdvertizerSessionRequest} does.
 *
 * @example
 * ```ts
 * import { createAdvertizerSessionRequestVerifier } from 'wmspanel-notifications';
 * import { verifyRequest } from 'wmspanel-notifications/fetch';
 *
 * const { ruleRequests } = await verifyRequest(request, createAdvertizerSessionRequestVerifier());
 * ```
 */
export function createAdvertizerSessionRequestVerifier(): NotificationVerifier<'advertizer-session', AdvertizerSessionRequest> {
  return preparedVerifier('advertizer-session', verifier, advertizerSessionSpec.defaultMaxBodyBytes);
}
