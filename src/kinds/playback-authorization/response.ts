import { controlCharacterIndex } from '../../lib/control-character.js';
import { misuse } from '../../lib/misuse.js';
import { parseUrl } from '../../lib/parse-url.js';
import type { PlaybackAuthorizationDecision, PlaybackAuthorizationResponse } from './types.js';

/**
 * The redirect as sent: an absolute http: or https: URL in its normalised form (`new URL(s).href`).
 *
 * Refused anywhere in the string: C0 controls, DEL and C1 controls (U+0080-U+009F). The URL parser drops
 * CR, LF and tab wherever they are and C0 controls or spaces at either end, so a string carrying a header
 * (`https://a.example/\r\nSet-Cookie: ...`) would pass it and reach whoever copies it into a `Location`
 * line; NEL (U+0085) is a line break to some parsers. A leading or trailing space is refused too, being
 * dropped the same way. Other whitespace (a space inside, U+00A0, U+2028...) is accepted: the normalised
 * form percent-encodes it in the path, query and fragment, and the parser refuses it in the host, so what
 * is sent is printable ASCII without spaces (property-tested). The messages name the rule broken and at
 * most the scheme (which the parser limits to `[a-z0-9+.-]`), never the URL: it may carry a signed query.
 */
function readRedirect(redirect: unknown): string {
  if (typeof redirect !== 'string') throw misuse('a playback redirect must be a string: an absolute http: or https: URL');
  const index = controlCharacterIndex(redirect);
  if (index >= 0) {
    const name = `U+${redirect.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0')}`;
    throw misuse(`a playback redirect must not contain control characters (${name} at index ${index})`);
  }
  if (redirect.startsWith(' ') || redirect.endsWith(' ')) throw misuse('a playback redirect must not start or end with a space');
  const url = parseUrl(redirect);
  if (url === undefined) throw misuse('a playback redirect must be an absolute http: or https: URL');
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw misuse(`a playback redirect must be an http: or https: URL, not ${url.protocol.slice(0, 32)}`);
  }
  return url.href;
}

/**
 * The answer to a playback authorization request, sent with HTTP 200: `{"return_code":200}` for
 * `{ allow: true }`, `{"return_code":403}` for `{ allow: false }`, `{"return_code":302,"redirect_location":url}`
 * for `{ redirect: url }`. The adapters answer this for you; use it in a handler of your own.
 *
 * A redirect must be an absolute `http:` or `https:` URL with no control characters (CR, LF, tab, NUL, DEL,
 * U+0080-U+009F) and no space at either end; what is sent is its normalised form (`new URL(url).href`:
 * a unicode host as punycode, spaces in the path percent-encoded).
 *
 * @throws TypeError for anything else, or a redirect that breaks those rules (the message never quotes the URL)
 * @example
 * ```ts
 * import { createPlaybackAuthorizationResponse } from 'wmspanel-notifications';
 *
 * createPlaybackAuthorizationResponse({ allow: true }); // { return_code: 200 }
 * createPlaybackAuthorizationResponse({ redirect: 'https://cdn.example.com/vod/not paid.mp4/playlist.m3u8' });
 * // { return_code: 302, redirect_location: 'https://cdn.example.com/vod/not%20paid.mp4/playlist.m3u8' }
 * ```
 */
export function createPlaybackAuthorizationResponse(decision: PlaybackAuthorizationDecision): PlaybackAuthorizationResponse {
  if (typeof decision === 'object' && decision !== null) {
    const { allow, redirect } = decision as { allow?: unknown; redirect?: unknown };
    if (redirect !== undefined && allow === undefined) return { return_code: 302, redirect_location: readRedirect(redirect) };
    if (typeof allow === 'boolean' && redirect === undefined) return { return_code: allow ? 200 : 403 };
  }
  throw misuse('a playback decision must be { allow: true }, { allow: false } or { redirect: url }');
}
