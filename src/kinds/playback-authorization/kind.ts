import { AUTHORIZATION_HANDLER_TIMEOUT_MS, readFailureDecision } from '../../lib/authorization.js';
import type { KindVerifier, NotificationKind } from '../../lib/kind.js';
import { looksLikePlaybackAuthorizationRequest, parsePlaybackAuthorizationRequest } from './parse.js';
import { createPlaybackAuthorizationResponse } from './response.js';
import type { PlaybackAuthorizationDecision, PlaybackAuthorizationRequest } from './types.js';

const DENY = JSON.stringify(createPlaybackAuthorizationResponse({ allow: false }));

function createPlaybackAuthorizationRequestVerifier(options: { failureDecision?: unknown }): KindVerifier<PlaybackAuthorizationRequest> {
  const fallback = JSON.stringify(createPlaybackAuthorizationResponse({ allow: readFailureDecision(options) }));
  return {
    // No signature to check: the request is only parsed (allowedSenders restricts who may send it).
    verify: parsePlaybackAuthorizationRequest,
    // Nothing returned is a refusal; a value that is not a decision is the callback's bug (a TypeError).
    decide: (_request, returned) => {
      const body = returned === undefined || returned === null ? DENY : JSON.stringify(createPlaybackAuthorizationResponse(returned as PlaybackAuthorizationDecision));
      return { body, decision: body };
    },
    fallback: () => fallback,
  };
}

/** Playback session authorization: Nimble asks whether a new viewer session may play; unsigned. */
export const playbackAuthorizationKind: NotificationKind<PlaybackAuthorizationRequest, { failureDecision?: unknown }> = {
  name: 'playback authorization',
  callback: 'onPlaybackAuthorizationRequest',
  infoKey: 'playbackAuthRequest',
  signed: false,
  defaultHandlerTimeoutMs: AUTHORIZATION_HANDLER_TIMEOUT_MS,
  // A URL with a long signed query, a user agent and a referer, of up to 8,192 characters each, and fields
  // not documented: more than the notifications' 8 KiB.
  defaultMaxBodyBytes: 64 * 1024,
  matches: looksLikePlaybackAuthorizationRequest,
  createVerifier: createPlaybackAuthorizationRequestVerifier,
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

/** What `onError` learns of a playback authorization request. */
export interface PlaybackAuthorizationErrorInfo {
  /** The request, when the error came after it was read. */
  playbackAuthRequest?: PlaybackAuthorizationRequest;
}
