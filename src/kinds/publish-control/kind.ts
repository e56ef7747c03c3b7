// The publish control kind as a value: what the receive step needs to know of it, and publishControlKind(),
// which attaches its callback and failure decision.
import { AUTHORIZATION_HANDLER_TIMEOUT_MS, readFailureDecision, type AuthorizationOptions } from '../../lib/authorization.js';
import { EVERY_KIND_FIELDS } from '../fields.js';
import { receivedKind, type KindSpec, type KindVerifier, type ReceivedKind } from '../../lib/kind.js';
import { preparedVerifier, type NotificationVerifier } from '../../lib/verifier.js';
import { readPublishControlRequestValue } from './parse.js';
import { answerPublishRequest, createPublishControlResponse } from './response.js';
import type { PublishControlDecision, PublishControlRequest } from './types.js';

function createPublishControlVerifier(options: AuthorizationOptions): KindVerifier<PublishControlRequest> {
  const allowOnFailure = readFailureDecision(options);
  return {
    // No signature to check: the request is only parsed (allowedSenders restricts who may send it).
    verify: (value) => readPublishControlRequestValue(value),
    // Nothing is kept between deliveries (no replay store for authorizations): the decision is the body.
    decide: (request, returned) => {
      const body = JSON.stringify(answerPublishRequest(request, returned));
      return { body, decision: body };
    },
    fallback: (request) => JSON.stringify(createPublishControlResponse(request.requests.map((item) => ({ seq: item.seq, allow: allowOnFailure })))),
  };
}

/** Publish control: Nimble asks whether publishers may publish; unsigned, answered with a decision each. */
export const publishControlSpec: KindSpec<'publish-control', PublishControlRequest, AuthorizationOptions> = {
  kind: 'publish-control',
  name: 'publish control',
  callback: 'onPublishControlRequest',
  signed: false,
  defaultHandlerTimeoutMs: AUTHORIZATION_HANDLER_TIMEOUT_MS,
  // About 90 bytes a publisher: room for the 10,000 a request may hold (1 MiB, written out).
  defaultMaxBodyBytes: 1_048_576,
  fields: ['PublishAuthRequest'],
  everyKindFields: EVERY_KIND_FIELDS,
  createVerifier: (_settings, options) => createPublishControlVerifier(options),
  timeOf: () => undefined,
  describe: (request) => `publish control request (${request.requests.map((item) => item.stream).join(', ')})`,
};

/**
 * What the `onPublishControlRequest` callback learns besides the request.
 *
 * @example
 * ```ts
 * import type { PublishControlRequestInfo } from 'wmspanel-notifications';
 *
 * const when = (info: PublishControlRequestInfo) => info.receivedAt.toISOString();
 * ```
 */
export interface PublishControlRequestInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
}

/** The callback option of publish control, part of the adapters' options. */
export interface PublishControlHandlers {
  /**
   * Called for each publish control request of Nimble Streamer (a batch of publishers); returns a decision
   * per `seq`, `{ seq, allow }`, as any iterable, or a promise of one. A publisher without a decision is
   * refused, and so is one with two that disagree. The adapter answers 200 with
   * `{"PublishAuthResponse":[{"seq","status":"success"|"fail"}]}`, one entry per publisher, `seq` as sent.
   * If it throws, rejects, returns something else or takes longer than `handlerTimeoutMs` (5 s by default
   * here), every publisher gets the `failureDecision` (refused by default), and `onError` is told.
   */
  onPublishControlRequest?: (
    request: PublishControlRequest,
    info: PublishControlRequestInfo,
    // `void`: a callback that refuses everyone may return nothing.
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  ) => Iterable<PublishControlDecision> | undefined | void | Promise<Iterable<PublishControlDecision> | undefined | void>;
}

/**
 * The options of {@link publishControlKind}: the callback, and what its failure answers.
 *
 * @example
 * ```ts
 * import type { PublishControlKindOptions } from 'wmspanel-notifications';
 *
 * const options: PublishControlKindOptions = { failureDecision: 'allow', onPublishControlRequest: (r) => r.requests.map((i) => ({ seq: i.seq, allow: true })) };
 * ```
 */
export interface PublishControlKindOptions extends AuthorizationOptions {
  /** See {@link PublishControlHandlers.onPublishControlRequest}. Required here. */
  onPublishControlRequest: NonNullable<PublishControlHandlers['onPublishControlRequest']>;
}

/**
 * Publish control requests, with their callback and `failureDecision`, for `createReceiver`'s `kinds`.
 * Unsigned: give the receiver `allowedSenders`.
 *
 * @throws TypeError when `onPublishControlRequest` is not a function
 * @example
 * ```ts
 * import { createReceiver, publishControlKind } from 'wmspanel-notifications';
 * import { fastifyPlugin } from 'wmspanel-notifications/fastify';
 *
 * const receiver = createReceiver({
 *   allowedSenders: ['192.0.2.10'],
 *   kinds: [publishControlKind({ onPublishControlRequest: (r) => r.requests.map((item) => ({ seq: item.seq, allow: item.id === 'camera-7' })) })],
 * });
 * await app.register(fastifyPlugin(receiver), { path: '/nimble/publish' });
 * ```
 */
export function publishControlKind(options: PublishControlKindOptions): ReceivedKind<'publish-control', PublishControlRequest> {
  return receivedKind(publishControlSpec, options);
}

/**
 * A verifier of publish control requests, for `verifyRequest`: they carry no signature, so `verify(body)`
 * parses, as {@link parsePublishControlRequest} does.
 *
 * @example
 * ```ts
 * import { createPublishControlRequestVerifier } from 'wmspanel-notifications';
 * import { verifyRequest } from 'wmspanel-notifications/fetch';
 *
 * const { requests } = await verifyRequest(request, createPublishControlRequestVerifier());
 * ```
 */
export function createPublishControlRequestVerifier(): NotificationVerifier<'publish-control', PublishControlRequest> {
  return preparedVerifier('publish-control', createPublishControlVerifier({}), publishControlSpec.defaultMaxBodyBytes);
}
