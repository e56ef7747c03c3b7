import { misuse } from '../../lib/misuse.js';
import type { PlaybackAuthDecision, PlaybackAuthResponse } from './types.js';

/**
 * The answer to a playback authorization request, sent with HTTP 200: `{"return_code":200}` for
 * `{ allow: true }`, `{"return_code":403}` for `{ allow: false }`, `{"return_code":302,"redirect_location":url}`
 * for `{ redirect: url }`. The adapters answer this for you; use it in a handler of your own.
 *
 * @throws TypeError for anything else, or a redirect that is not an absolute URL
 * @example
 * ```ts
 * import { createPlaybackAuthResponse } from 'wmspanel-notifications';
 *
 * createPlaybackAuthResponse({ allow: true }); // { return_code: 200 }
 * createPlaybackAuthResponse({ redirect: 'https://cdn.example.com/vod/blocked.mp4/playlist.m3u8' });
 * ```
 */
export function createPlaybackAuthResponse(decision: PlaybackAuthDecision): PlaybackAuthResponse {
  if (typeof decision === 'object' && decision !== null) {
    const { allow, redirect } = decision as { allow?: unknown; redirect?: unknown };
    if (redirect !== undefined && allow === undefined) {
      if (typeof redirect !== 'string' || !URL.canParse(redirect)) throw misuse('a playback redirect must be an absolute URL');
      return { return_code: 302, redirect_location: redirect };
    }
    if (typeof allow === 'boolean' && redirect === undefined) return { return_code: allow ? 200 : 403 };
  }
  throw misuse('a playback decision must be { allow: true }, { allow: false } or { redirect: url }');
}
