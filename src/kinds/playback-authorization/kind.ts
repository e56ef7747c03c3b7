// The playback authorization kind as a value: what the receive step needs to know of it, and
// playbackAuthorizationKind(), which attaches its callback and failure decision.
import { AUTHORIZATION_HANDLER_TIMEOUT_MS, readFailureDecision, type AuthorizationOptions } from '../../lib/authorization.js';
import { EVERY_KIND_FIELDS } from '../fields.js';
import { receivedKind, type KindSpec, type KindVerifier, type ReceivedKind } from '../../lib/kind.js';
import { preparedVerifier, type NotificationVerifier } from '../../lib/verifier.js';
import { readPlaybackAuthorizationRequestValue } from './parse.js';
import { createPlaybackAuthorizationResponse } from './response.js';
import type { PlaybackAuthorizationDecision, PlaybackAuthorizationRequest } from './types.js';

// Written out, not JSON.stringify'd at import: a module whose top level calls nothing is one a bundler can drop.
const DENY = '{"return_code":403}';
const ALLOW = '{"return_code":200}';

function createPlaybackAuthorizationVerifier(options: AuthorizationOptions): KindVerifier<PlaybackAuthorizationRequest> {
  const fallback = readFailureDecision(options) ? ALLOW : DENY;
  return {
    // No signature to check: the request is only parsed (allowedSenders restricts who may send it).
    verify: (value) => readPlaybackAuthorizationRequestValue(value),
    // Nothing returned is a refusal; a value that is not a decision is the callback's bug (a TypeError).
    decide: (_request, returned) => {
      const body = returned === undefined || returned === null ? DENY : JSON.stringify(createPlaybackAuthorizationResponse(returned as PlaybackAuthorizationDecision));
      return { body, decision: body };
    },
    fallback: () => fallback,
  };
}

/** Playback session authorization: Nimble asks whether a new viewer session may play; unsigned. */
export const playbackAuthorizationSpec: KindSpec<'playback-authorization', PlaybackAuthorizationRequest, AuthorizationOptions> = {
  kind: 'playback-authorization',
  name: 'playback authorization',
  callback: 'onPlaybackAuthorizationRequest',
  signed: false,
  defaultHandlerTimeoutMs: AUTHORIZATION_HANDLER_TIMEOUT_MS,
  // A URL with a long signed query, a user agent and a referer, of up to 8,192 characters each, and fields
  // not documented: more than the notifications' 8 KiB (64 KiB, written out).
  defaultMaxBodyBytes: 65_536,
  fields: ['url'],
  everyKindFields: EVERY_KIND_FIELDS,
  createVerifier: (_settings, options) => createPlaybackAuthorizationVerifier(options),
  timeOf: () => undefined,
  describe: (request) => `playback authorization request (${request.url.slice(0, 100)})`,
};

/**
 * What the `onPlaybackAuthorizationRequest` callback learns besides the request.
 *
 * @example
 * ```ts
 * import type { PlaybackAuthorizationRequestInfo } from 'wmspanel-notifications';
 *
 * const when = (info: PlaybackAuthorizationRequestInfo) => info.receivedAt.toISOString();
 * ```
 */
export interface PlaybackAuthorizationRequestInfo {
  /** When the request arrived (by the `now` clock). */
  receivedAt: Date;
}

/** The callback option of playback authorization, part of the adapters' options. */
export interface PlaybackAuthorizationHandlers {
  /**
   * Called for each new viewer session Nimble Streamer asks about; returns `{ allow: true }`, `{ allow:
   * false }` or `{ redirect: url }`, or a promise of one. Nothing returned refuses. The adapter answers 200
   * with `{"return_code":200|403}` or `{"return_code":302,"redirect_location":url}`, the URL normalised. If
   * it throws, rejects, returns something else (a redirect that is not an absolute `http:` or `https:`
   * URL, or has control characters such as CR/LF) or takes longer than `handlerTimeoutMs` (5 s by default
   * here), the session gets the `failureDecision` (refused by default), and `onError` is told.
   */
  onPlaybackAuthorizationRequest?: (
    request: PlaybackAuthorizationRequest,
    info: PlaybackAuthorizationRequestInfo,
    // `void`: a callback that refuses may return nothing.
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  ) => PlaybackAuthorizationDecision | undefined | void | Promise<PlaybackAuthorizationDecision | undefined | void>;
}

/**
 * The options of {@link playbackAuthorizationKind}: the callback, and what its failure answers.
 *
 * @example
 * ```ts
 * import type { PlaybackAuthorizationKindOptions } from 'wmspanel-notifications';
 *
 * const options: PlaybackAuthorizationKindOptions = { onPlaybackAuthorizationRequest: (r) => ({ allow: r.referer !== undefined }) };
 * ```
 */
export interface PlaybackAuthorizationKindOptions extends AuthorizationOptions {
  /** See {@link PlaybackAuthorizationHandlers.onPlaybackAuthorizationRequest}. Required here. */
  onPlaybackAuthorizationRequest: NonNullable<PlaybackAuthorizationHandlers['onPlaybackAuthorizationRequest']>;
}

/**
 * Playback authorization requests, with their callback and `failureDecision`, for `createReceiver`'s
 * `kinds`. Unsigned: give the receiver `allowedSenders`.
 *
 * @throws TypeError when `onPlaybackAuthorizationRequest` is not a function
 * @example
 * ```ts
 * import { createReceiver, playbackAuthorizationKind } from 'wmspanel-notifications';
 * import { expressMiddleware } from 'wmspanel-notifications/express';
 *
 * const receiver = createReceiver({
 *   allowedSenders: ['192.0.2.10'],
 *   kinds: [playbackAuthorizationKind({ onPlaybackAuthorizationRequest: (r) => ({ allow: r.referer?.startsWith('https://example.com/') === true }) })],
 * });
 * app.post('/nimble/playback', expressMiddleware(receiver));
 * ```
 */
export function playbackAuthorizationKind(options: PlaybackAuthorizationKindOptions): ReceivedKind<'playback-authorization', PlaybackAuthorizationRequest> {
  return receivedKind(playbackAuthorizationSpec, options);
}

/**
 * A verifier of playback authorization requests, for `verifyRequest`: they carry no signature, so
 * `verify(body)` parses, as {@link parsePlaybackAuthorizationRequest} does.
 *
 * @example
 * ```ts
 * import { createPlaybackAuthorizationRequestVerifier } from 'wmspanel-notifications';
 * import { verifyRequest } from 'wmspanel-notifications/fetch';
 *
 * const { url } = await verifyRequest(request, createPlaybackAuthorizationRequestVerifier());
 * ```
 */
export function createPlaybackAuthorizationRequestVerifier(): NotificationVerifier<'playback-authorization', PlaybackAuthorizationRequest> {
  return preparedVerifier('playback-authorization', createPlaybackAuthorizationVerifier({}), playbackAuthorizationSpec.defaultMaxBodyBytes);
}
