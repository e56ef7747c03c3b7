import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPlaybackAuthorizationResponse } from '../../../src/index.js';

describe('createPlaybackAuthorizationResponse(decision)', () => {
  it('answers 200, 403 and 302 with the location, byte for byte', () => {
    expect(JSON.stringify(createPlaybackAuthorizationResponse({ allow: true }))).toBe('{"return_code":200}');
    expect(JSON.stringify(createPlaybackAuthorizationResponse({ allow: false }))).toBe('{"return_code":403}');
    expect(JSON.stringify(createPlaybackAuthorizationResponse({ redirect: 'http://127.0.0.1:8081/content/blocked.mp4/playlist.m3u8' }))).toBe(
      '{"return_code":302,"redirect_location":"http://127.0.0.1:8081/content/blocked.mp4/playlist.m3u8"}',
    );
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['allow as text', { allow: 'yes' }],
    ['a relative redirect', { redirect: '/blocked' }],
    ['both allow and redirect', { allow: true, redirect: 'https://a.example/' }],
  ])('refuses %s with a TypeError', (_, decision) => {
    expect(() => createPlaybackAuthorizationResponse(decision as never)).toThrow(TypeError);
  });
});

describe('createPlaybackAuthorizationResponse({ redirect })', () => {
  /** The TypeError a decision is refused with (fails the test when it is not refused). */
  const refusalOf = (decision: unknown): TypeError => {
    try {
      createPlaybackAuthorizationResponse(decision as never);
    } catch (error) {
      return error as TypeError;
    }
    throw new Error(`not refused: ${JSON.stringify(decision)}`);
  };

  it.each<[string, unknown]>([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: in capitals', 'JAVASCRIPT:alert(document.cookie)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['file:', 'file:///etc/passwd'],
    ['ftp:', 'ftp://cdn.example.com/blocked.mp4'],
    ['wss: (not an HTTP redirect)', 'wss://cdn.example.com/live/stream'],
    ['a relative path', '/vod/blocked.mp4/playlist.m3u8'],
    ['a scheme-relative URL', '//cdn.example.com/vod/blocked.mp4'],
    ['no URL at all', 'blocked'],
    ['an empty string', ''],
    ['a number', 302],
    ['null', null],
    ['CR/LF in the path (a header injection)', 'https://a.example/\r\nSet-Cookie: x=1'],
    ['CR/LF in the query', 'https://a.example/blocked?x=1\r\nSet-Cookie: x=1'],
    ['CR/LF in the host (the parser would drop them)', 'https://a.exa\r\nmple/'],
    ['a lone LF', 'https://a.example/a\nb'],
    ['a tab (the parser would drop it)', 'https://a.example/\tblocked'],
    ['a tab inside the scheme', 'java\tscript:alert(1)'],
    ['NUL', 'https://a.example/a\u0000b'],
    ['a trailing NUL (the parser would drop it)', 'https://a.example/\u0000'],
    ['DEL', 'https://a.example/a\u007fb'],
    ['NEL (U+0085)', 'https://a.example/a\u0085b'],
    ['another C1 control (U+009B)', 'https://a.example/a\u009bb'],
    ['a leading space', ' https://a.example/'],
    ['a trailing space', 'https://a.example/ '],
    ['a trailing LF', 'https://a.example/\n'],
    ['a no-break space in the host', 'https://a\u00a0b.example/'],
  ])('refuses %s with a TypeError naming the package, quoting nothing of the value', (_, redirect) => {
    const error = refusalOf({ redirect });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/^wmspanel-notifications: a playback redirect /);
    // One line of printable ASCII, with nothing of the value but at most its scheme (which the URL parser
    // limits to [a-z0-9+.-]).
    expect(error.message).toMatch(/^[\x20-\x7e]+$/);
    expect(error.message).not.toMatch(/alert|Set-Cookie|example|passwd|blocked/);
  });

  it.each([
    ['a query', 'https://cdn.example.com/vod/blocked.mp4/playlist.m3u8?token=abc&e=1', 'https://cdn.example.com/vod/blocked.mp4/playlist.m3u8?token=abc&e=1'],
    ['an IPv6 host and a port', 'http://[2001:db8::1]:8081/live/a/playlist.m3u8', 'http://[2001:db8::1]:8081/live/a/playlist.m3u8'],
    ['a unicode host (as punycode)', 'https://bücher.example/vod/a.mp4', 'https://xn--bcher-kva.example/vod/a.mp4'],
    ['spaces in the path and query (percent-encoded)', 'https://cdn.example.com/vod/my movie.mp4/playlist.m3u8?title=a b', 'https://cdn.example.com/vod/my%20movie.mp4/playlist.m3u8?title=a%20b'],
    ['capitals, the default port and dot segments', 'HTTPS://CDN.Example.COM:443/a/../b', 'https://cdn.example.com/b'],
    ['no path', 'http://cdn.example.com', 'http://cdn.example.com/'],
    ['backslashes (read as slashes by browsers too)', 'https:\\\\cdn.example.com\\a', 'https://cdn.example.com/a'],
    ['an encoded CR/LF (text, not a line break)', 'https://cdn.example.com/%0D%0A', 'https://cdn.example.com/%0D%0A'],
    // Other whitespace is kept in the path, percent-encoded: it cannot end a header line once encoded.
    ['a no-break space and U+2028 in the path (percent-encoded)', 'https://cdn.example.com/a\u00a0b\u2028c', 'https://cdn.example.com/a%C2%A0b%E2%80%A8c'],
  ])('sends a redirect with %s in its normalised form', (_, redirect, location) => {
    expect(createPlaybackAuthorizationResponse({ redirect })).toEqual({ return_code: 302, redirect_location: location });
  });

  it('keeps sending a unicode-host redirect after 20,000 of them (on Node 20 and 22, URL.canParse answers false for non-ASCII text once V8 optimises it)', () => {
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      try {
        createPlaybackAuthorizationResponse({ redirect: 'https://bücher.example/vod/a.mp4' });
      } catch {
        refused++;
      }
    }
    expect(refused).toBe(0);
  });

  it('property: what is sent is printable ASCII without spaces, and an http(s) URL that parses to itself', () => {
    const tail = fc.string({ unit: 'binary', maxLength: 40 });
    let sent = 0;
    fc.assert(
      fc.property(fc.constantFrom('https://cdn.example.com/', 'http://[2001:db8::1]/', 'https://bücher.example/'), tail, (base, rest) => {
        let location: string;
        try {
          location = (createPlaybackAuthorizationResponse({ redirect: base + rest }) as { redirect_location: string }).redirect_location;
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          return;
        }
        sent++;
        expect(location).toMatch(/^https?:\/\/[\x21-\x7e]+$/);
        expect(new URL(location).href).toBe(location);
      }),
      { numRuns: 2000 },
    );
    // A refused redirect passes the property, so that refusing them all would too: most are sent (about
    // nine in ten).
    expect(sent).toBeGreaterThan(1000);
  });
});
