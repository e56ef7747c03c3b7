import { AUTHORIZATION_HANDLER_TIMEOUT_MS, readFailureDecision } from '../../lib/authorization.js';
import type { KindVerifier, NotificationKind } from '../../lib/kind.js';
import { looksLikePublishControlRequest, parsePublishControlRequest } from './parse.js';
import { answerPublishRequest, createPublishControlResponse } from './response.js';
import type { PublishControlDecision, PublishControlRequest } from './types.js';

function createPublishControlRequestVerifier(options: { failureDecision?: unknown }): KindVerifier<PublishControlRequest> {
  const allowOnFailure = readFailureDecision(options);
  return {
    // No signature to check: the request is only parsed (allowedSenders restricts who may send it).
    verify: parsePublishControlRequest,
    // Nothing is kept between deliveries (no replay store for authorizations): the decision is the body.
    decide: (request, returned) => {
      const body = JSON.stringify(answerPublishRequest(request, returned));
      return { body, decision: body };
    },
    fallback: (request) => JSON.stringify(createPublishControlResponse(request.requests.map((item) => ({ seq: item.seq, allow: allowOnFailure })))),
  };
}

/** Publish control: Nimble asks whether publishers may publish; unsigned, answered with a decision each. */
export const publishControlKind: NotificationKind<PublishControlRequest, { failureDecision?: unknown }> = {
  name: 'publish control',
  callback: 'onPublishControlRequest',
  infoKey: 'publishAuthRequest',
  signed: false,
  defaultHandlerTimeoutMs: AUTHORIZATION_HANDLER_TIMEOUT_MS,
  // About 90 bytes a publisher: room for the 10,000 a request may hold.
  defaultMaxBodyBytes: 1024 * 1024,
  matches: looksLikePublishControlRequest,
  createVerifier: createPublishControlRequestVerifier,
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

/** What `onError` learns of a publish control request. */
export interface PublishControlErrorInfo {
  /** The request, when the error came after it was read. */
  publishAuthRequest?: PublishControlRequest;
}
