/**
 * A playback session authorization request: Nimble Streamer asks whether a new viewer session may play,
 * as returned by `parsePlaybackAuthorizationRequest`. Only `url`, `host`, `user_agent` and `referer` are known from
 * Softvelum's samples; every field sent is in `raw`, as it came.
 *
 * @example
 * ```ts
 * import { parsePlaybackAuthorizationRequest, type PlaybackAuthorizationRequest } from 'wmspanel-notifications';
 *
 * const request: PlaybackAuthorizationRequest = parsePlaybackAuthorizationRequest(body);
 * console.log(request.url, request.host, request.raw);
 * ```
 */
export interface PlaybackAuthorizationRequest {
  /** The path the player asked for (`/live/stream/playlist.m3u8`), with its query if any. */
  url: string;
  /** The host the player connected to (`host`). */
  host?: string;
  /** The player's user agent (`user_agent`). */
  userAgent?: string;
  /** The page the player runs in (`referer`). */
  referer?: string;
  /** The whole request body, as decoded: fields this package does not know of are here. */
  raw: Record<string, unknown>;
}

/**
 * Whether a viewer session may play: `{ allow: true }`, `{ allow: false }`, or `{ redirect: url }` to send
 * the player elsewhere (a "not paid" clip).
 *
 * @example
 * ```ts
 * import type { PlaybackAuthorizationDecision } from 'wmspanel-notifications';
 *
 * const blocked: PlaybackAuthorizationDecision = { redirect: 'https://cdn.example.com/vod/blocked.mp4/playlist.m3u8' };
 * ```
 */
export type PlaybackAuthorizationDecision =
  | {
      /** `true`: the session may play (`return_code` 200). */
      allow: true;
    }
  | {
      /** `false`: refused (`return_code` 403). */
      allow: false;
    }
  | {
      /**
       * Send the player to this absolute `http:` or `https:` URL instead (`return_code` 302); sent in its
       * normalised form. A URL with control characters (CR, LF, tab, NUL, DEL, U+0080-U+009F), a space at
       * either end or another scheme is refused: a `TypeError` from `createPlaybackAuthorizationResponse`, a
       * callback failure in the adapters.
       */
      redirect: string;
    };

/**
 * The JSON body a playback authorization handler answers with (HTTP 200), as `createPlaybackAuthorizationResponse`
 * makes it.
 *
 * @example
 * ```ts
 * import type { PlaybackAuthorizationResponse } from 'wmspanel-notifications';
 *
 * const deny: PlaybackAuthorizationResponse = { return_code: 403 };
 * ```
 */
export type PlaybackAuthorizationResponse =
  | {
      /** 200: play; 403: refused. */
      return_code: 200 | 403;
    }
  | {
      /** 302: go to `redirect_location`. */
      return_code: 302;
      /** Where the player is sent. */
      redirect_location: string;
    };
