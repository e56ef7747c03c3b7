/**
 * One ad Nimble Advertizer inserted into a viewer session, as a session handler's `session_info` reports it.
 *
 * @example
 * ```ts
 * import type { AdvertizerView } from 'wmspanel-notifications';
 *
 * const line = (view: AdvertizerView) => `rule ${view.rule} played content ${view.content}`;
 * ```
 */
export interface AdvertizerView {
  /** The rule that inserted it, as a string (Nimble sends `"101"` for the rule it was given as `101`). */
  rule: string;
  /** The content id that was played, as a string. */
  content: string;
  /** The content's URI, when sent. */
  uri?: string;
}

/**
 * The state of one viewer session since the last call (`session_info`): where it plays, whether it is still
 * active, and the ads it was shown.
 *
 * @example
 * ```ts
 * import type { AdvertizerSessionInfo } from 'wmspanel-notifications';
 *
 * const shown = (info: AdvertizerSessionInfo) => info.views.length;
 * ```
 */
export interface AdvertizerSessionInfo {
  /** Nimble's session number (sent as a number; a string of digits is read as one). */
  session: number;
  /** The application, `live` in `live/stream`. */
  app: string;
  /** The stream within it (`mp4/sample.mp4` for VOD). */
  stream: string;
  /** The viewer's address, when sent. */
  clientIp?: string;
  /** The player's user agent, when sent. */
  userAgent?: string;
  /** `'active'` or `'inactive'` (the values seen); another value is kept as sent. */
  state?: string;
  /** The ads shown in this session since the last call; empty when none was reported. */
  views: AdvertizerView[];
}

/**
 * A new viewer session asking which rules apply (`rules_request`): answer it in `rules_response`.
 *
 * @example
 * ```ts
 * import type { AdvertizerRuleRequest } from 'wmspanel-notifications';
 *
 * const isHls = (request: AdvertizerRuleRequest) => request.protocol === 'hls';
 * ```
 */
export interface AdvertizerRuleRequest {
  /** Nimble's session number: what `rules_response[].session` answers. */
  session: number;
  /** The playback protocol (`hls`, `sldp`, `icecast`), when sent. */
  protocol?: string;
  /** The application. */
  app: string;
  /** The stream within it. */
  stream: string;
  /** The viewer's address, when sent. */
  clientIp?: string;
  /** The player's user agent, when sent. */
  userAgent?: string;
  /** Where in the stream the session is, in seconds (`stream_time`), when sent. */
  streamTime?: number;
}

/**
 * What Nimble Advertizer POSTs to a per-session handler, as returned by `parseAdvertizerSessionRequest`:
 * the state of known sessions and the new sessions asking for rules. Either list may be empty, not both
 * absent.
 *
 * @example
 * ```ts
 * import { parseAdvertizerSessionRequest, type AdvertizerSessionRequest } from 'wmspanel-notifications';
 *
 * const request: AdvertizerSessionRequest = parseAdvertizerSessionRequest(body);
 * console.log(request.sessions.length, 'sessions reported,', request.ruleRequests.length, 'asking for rules');
 * ```
 */
export interface AdvertizerSessionRequest {
  /** `session_info`: each session's state and the ads it was shown, in the order sent. */
  sessions: AdvertizerSessionInfo[];
  /** `rules_request`: the sessions asking which rules apply, in the order sent. */
  ruleRequests: AdvertizerRuleRequest[];
  /** The whole request body, as decoded: fields this package does not know of are here. */
  raw: Record<string, unknown>;
}
