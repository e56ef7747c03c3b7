// Publish control and playback session authorization: parsing, answers, signatures, the receive step.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  createNotificationReceiver,
  createPlaybackAuthorizationResponse,
  createPublishControlResponse,
  createPublisherSignature,
  parsePlaybackAuthorizationRequest,
  parsePublishControlRequest,
  signPublisherUrl,
  type NotificationErrorCode,
  type NotificationHandlerOptions,
  type PublisherSignatureOptions,
} from '../../../src/index.js';
import { createTestPlaybackAuthorizationRequest, createTestPublishControlRequest, readPlaybackAuthorizationResponse, readPublishControlResponse } from '../../../src/testing.js';
import { codeOf, throwsOnlyNotificationErrors } from '../../helpers.js';
import vectors from '../../fixtures/publish-vectors.json' with { type: 'json' };

const md5Base64 = (text: string): string => createHash('md5').update(text, 'utf8').digest('base64');
const post = (body: unknown, remoteAddress?: string) => ({ method: 'POST', remoteAddress, readBody: async () => body });

describe('parsePublishControlRequest(body)', () => {
  it('reads a batch, seq keeping its JSON type, stream split at the first slash', () => {
    const { requests } = parsePublishControlRequest(
      '{"PublishAuthRequest":[{"seq":"1", "id":"ID_1", "ip":"192.168.1.1","stream":"publish/stream"},{"seq":2,"id":"ID_2","ip":"192.168.1.2","stream":"vod\\/a\\/b"}]}',
    );
    expect(requests).toEqual([
      { seq: '1', id: 'ID_1', ip: '192.168.1.1', stream: 'publish/stream', app: 'publish', name: 'stream' },
      { seq: 2, id: 'ID_2', ip: '192.168.1.2', stream: 'vod/a/b', app: 'vod', name: 'a/b' },
    ]);
  });

  it('reads a publisher without a publishsign (no id) or ip as empty, and an empty batch', () => {
    expect(parsePublishControlRequest({ PublishAuthRequest: [{ seq: '1', stream: 'live/a' }] }).requests[0]).toMatchObject({ id: '', ip: '' });
    expect(parsePublishControlRequest({ PublishAuthRequest: [] }).requests).toEqual([]);
  });

  it.each<[string, unknown, NotificationErrorCode]>([
    ['an empty body', '', 'INVALID_JSON'],
    ['XML', '<PublishControlRequest/>', 'XML_NOT_SUPPORTED'],
    ['no list', {}, 'INVALID_NOTIFICATION'],
    ['the list as an object', { PublishAuthRequest: { seq: '1' } }, 'INVALID_NOTIFICATION'],
    ['an item that is a string', { PublishAuthRequest: ['x'] }, 'INVALID_NOTIFICATION'],
    ['an item without seq', { PublishAuthRequest: [{ stream: 'live/a' }] }, 'INVALID_NOTIFICATION'],
    ['a seq that is an object', { PublishAuthRequest: [{ seq: {}, stream: 'live/a' }] }, 'INVALID_NOTIFICATION'],
    ['a seq that is null', { PublishAuthRequest: [{ seq: null, stream: 'live/a' }] }, 'INVALID_NOTIFICATION'],
    ['a stream without a slash', { PublishAuthRequest: [{ seq: '1', stream: 'live' }] }, 'INVALID_NOTIFICATION'],
    ['a stream ending in a slash', { PublishAuthRequest: [{ seq: '1', stream: 'live/' }] }, 'INVALID_NOTIFICATION'],
    ['no stream', { PublishAuthRequest: [{ seq: '1' }] }, 'INVALID_NOTIFICATION'],
    ['a numeric id', { PublishAuthRequest: [{ seq: '1', id: 5, stream: 'live/a' }] }, 'INVALID_NOTIFICATION'],
  ])('refuses %s with %s', (_, body, code) => {
    expect(codeOf(() => parsePublishControlRequest(body))).toBe(code);
  });

  it('property: throws nothing but a NotificationError, whatever the input', () => {
    const item = fc.record({ seq: fc.anything(), id: fc.anything(), ip: fc.anything(), stream: fc.oneof(fc.string(), fc.anything()) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.record({ PublishAuthRequest: fc.oneof(fc.anything(), fc.array(item)) })), throwsOnlyNotificationErrors(parsePublishControlRequest)),
      { numRuns: 2000 },
    );
  });
});

describe('createPublishControlResponse(decisions)', () => {
  it('answers success or fail per seq, seq unchanged in type', () => {
    expect(JSON.stringify(createPublishControlResponse([{ seq: '1', allow: true }, { seq: 2, allow: false }]))).toBe(
      '{"PublishAuthResponse":[{"seq":"1","status":"success"},{"seq":2,"status":"fail"}]}',
    );
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['a string', 'allow'],
    ['a decision without allow', [{ seq: '1' }]],
    ['allow as text', [{ seq: '1', allow: 'yes' }]],
    ['a seq that is an object', [{ seq: {}, allow: true }]],
  ])('refuses %s with a TypeError', (_, decisions) => {
    expect(() => createPublishControlResponse(decisions as never)).toThrow(TypeError);
  });
});

describe('createPublisherSignature and signPublisherUrl', () => {
  const optionsOf = (v: (typeof vectors)[number]): PublisherSignatureOptions => ({ id: v.id, stream: v.stream, password: v.password, ...(v.ip === '' ? {} : { ip: v.ip }) });

  it.each(vectors)('matches OpenSSL for id $id, stream $stream, ip "$ip"', (vector) => {
    const publishsign = createPublisherSignature(optionsOf(vector));
    expect(publishsign).toBe(vector.publishsign);
    expect(Buffer.from(publishsign, 'base64').toString()).toContain(`&sign=${vector.sign}`);
  });

  it('property: sign is MD5 of id/app/name + password + ip (node:crypto)', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/);
    fc.assert(
      fc.property(part, part, part, fc.string({ minLength: 1 }), fc.option(part, { nil: undefined }), (id, app, name, password, ip) => {
        const stream = `${app}/${name}`;
        const decoded = Buffer.from(createPublisherSignature({ id, stream, password, ...(ip === undefined ? {} : { ip }) }), 'base64').toString();
        const sign = md5Base64(`${id}/${stream}${password}${ip ?? ''}`);
        expect(decoded).toBe(`id=${id}&sign=${sign}${ip === undefined ? '' : `&ip=${ip}`}`);
      }),
      { numRuns: 300 },
    );
  });

  const options = { id: 'cam', stream: 'live/cam', password: 'p' };
  const sign = createPublisherSignature(options);
  it.each([
    ['rtsp://ingest.example.com:554/live/cam', `rtsp://ingest.example.com:554/live/cam?publishsign=${sign}`],
    ['rtmp://ingest.example.com/live/cam', `rtmp://ingest.example.com/live?publishsign=${sign}/cam`],
    ['https://ingest.example.com/live/cam/whip', `https://ingest.example.com/live/cam/whip?publishsign=${sign}`],
    ['https://ingest.example.com/live/cam?x=1', `https://ingest.example.com/live/cam?x=1&publishsign=${sign}`],
    ['srt://ingest.example.com:4900', `srt://ingest.example.com:4900?streamid=/live/cam?publishsign=${sign}`],
  ])('places the signature in %s', (url, expected) => {
    expect(signPublisherUrl(url, options)).toBe(expected);
  });

  it.each([
    ['a URL for another stream (the documented pitfall)', 'rtsp://ingest.example.com/publish/stream'],
    ['an RTMP URL with a query', 'rtmp://ingest.example.com/live/cam?x=1'],
    ['an SRT URL with a stream id already', 'srt://ingest.example.com:4900?streamid=/live/cam'],
    ['another scheme', 'ftp://ingest.example.com/live/cam'],
    ['not a URL', 'live/cam'],
    ['a URL already signed', `rtsp://ingest.example.com/live/cam?publishsign=${sign}`],
  ])('refuses %s with a TypeError', (_, url) => {
    expect(() => signPublisherUrl(url, options)).toThrow(TypeError);
  });

  it.each<[string, unknown]>([
    ['no id', { stream: 'live/a', password: 'p' }],
    ['an id with &', { id: 'a&ip=1', stream: 'live/a', password: 'p' }],
    ['a stream without a slash', { id: 'a', stream: 'live', password: 'p' }],
    ['no password', { id: 'a', stream: 'live/a' }],
    ['an empty ip', { id: 'a', stream: 'live/a', password: 'p', ip: '' }],
  ])('createPublisherSignature refuses %s with a TypeError that never quotes the password', (_, input) => {
    expect(() => createPublisherSignature(input as PublisherSignatureOptions)).toThrow(TypeError);
    try {
      createPublisherSignature(input as PublisherSignatureOptions);
    } catch (error) {
      expect(String(error)).not.toMatch(/"p"/);
    }
  });
});

describe('parsePlaybackAuthorizationRequest and createPlaybackAuthorizationResponse', () => {
  it('reads the documented fields and keeps every field in raw', () => {
    const request = parsePlaybackAuthorizationRequest('{"url":"/local/mp4/sample1.mp4/playlist.m3u8","host":"127.0.0.1:8081","user_agent":"VLC","referer":"https://a.example/","session_id":42}');
    expect(request).toMatchObject({ url: '/local/mp4/sample1.mp4/playlist.m3u8', host: '127.0.0.1:8081', userAgent: 'VLC', referer: 'https://a.example/' });
    expect(request.raw.session_id).toBe(42);
  });

  it('property: throws nothing but a NotificationError, whatever the input', () => {
    const shaped = fc.record({ url: fc.oneof(fc.string(), fc.anything()), host: fc.anything(), user_agent: fc.anything(), referer: fc.anything() }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(fc.anything(), fc.jsonValue(), shaped), throwsOnlyNotificationErrors(parsePlaybackAuthorizationRequest)), { numRuns: 2000 });
  });

  it.each<[string, unknown, NotificationErrorCode]>([
    ['no url', { host: 'a' }, 'INVALID_NOTIFICATION'],
    ['an empty url', { url: '' }, 'INVALID_NOTIFICATION'],
    ['a numeric url', { url: 5 }, 'INVALID_NOTIFICATION'],
    ['a numeric user_agent', { url: '/a', user_agent: 5 }, 'INVALID_NOTIFICATION'],
    ['an array', [], 'INVALID_NOTIFICATION'],
    ['XML', '<a/>', 'XML_NOT_SUPPORTED'],
  ])('refuses %s with %s', (_, body, code) => {
    expect(codeOf(() => parsePlaybackAuthorizationRequest(body))).toBe(code);
  });

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

  it('property: what is sent is printable ASCII without spaces, and an http(s) URL that parses to itself', () => {
    const tail = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(fc.constantFrom('https://cdn.example.com/', 'http://[2001:db8::1]/', 'https://bücher.example/'), tail, (base, rest) => {
        let location: string;
        try {
          location = (createPlaybackAuthorizationResponse({ redirect: base + rest }) as { redirect_location: string }).redirect_location;
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          return;
        }
        expect(location).toMatch(/^https?:\/\/[\x21-\x7e]+$/);
        expect(new URL(location).href).toBe(location);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the receive step with onPublishControlRequest and onPlaybackAuthorizationRequest', () => {
  const receiver = (options: Partial<NotificationHandlerOptions>) => createNotificationReceiver({ onError: () => undefined, ...options } as NotificationHandlerOptions);

  it('needs no token for the unsigned kinds, and still needs one as soon as a signed kind is received', () => {
    expect(() => createNotificationReceiver({ onPublishControlRequest: () => [] })).not.toThrow();
    expect(() => createNotificationReceiver({ onPublishControlRequest: () => [], onNotification: () => undefined })).toThrow(TypeError);
    expect(() => createNotificationReceiver({ onPlaybackAuthorizationRequest: () => undefined, token: '  ' })).toThrow(TypeError);
  });

  it('answers each publisher its decision (seq echoed with its type), a missing decision or a disagreeing pair as fail', async () => {
    const { body, request } = createTestPublishControlRequest({ publishers: [{ seq: '1', id: 'ok' }, { seq: 2, id: 'ok2' }, { seq: '3', id: 'no' }, { seq: '4', id: 'both' }] });
    const result = await receiver({
      onPublishControlRequest: (r) => [
        ...r.requests.filter((item) => item.id.startsWith('ok')).map((item) => ({ seq: String(item.seq), allow: true })),
        { seq: '4', allow: true },
        { seq: '4', allow: false },
      ],
    }).receive(post(body));
    expect(result.status).toBe(200);
    expect(result.body).toBe('{"PublishAuthResponse":[{"seq":"1","status":"success"},{"seq":2,"status":"success"},{"seq":"3","status":"fail"},{"seq":"4","status":"fail"}]}');
    expect(readPublishControlResponse(result.body, request).map((d) => d.allow)).toEqual([true, true, false, false]);
  });

  it('is not a one-time event: the same request twice runs the callback twice', async () => {
    let calls = 0;
    const r = receiver({ onPlaybackAuthorizationRequest: () => (calls++, { allow: true }) });
    const { body } = createTestPlaybackAuthorizationRequest();
    expect((await r.receive(post(body))).body).toBe('{"return_code":200}');
    expect((await r.receive(post(body))).body).toBe('{"return_code":200}');
    expect(calls).toBe(2);
  });

  it.each([
    ['throws', () => {
      throw new Error('db down');
    }],
    ['rejects with a non-Error', () => Promise.reject('nope')],
    ['returns something else', () => ({ allow: 'maybe' })],
    ['hangs', () => new Promise(() => undefined)],
  ])('a playback callback that %s: 200 with the failure decision (deny, or allow when chosen), onError told', async (_, callback) => {
    const errors: unknown[] = [];
    const { body } = createTestPlaybackAuthorizationRequest();
    const denied = await receiver({ onPlaybackAuthorizationRequest: callback as never, handlerTimeoutMs: 30, onError: (e) => void errors.push(e) }).receive(post(body));
    expect(denied).toMatchObject({ outcome: 'defaulted', status: 200, body: '{"return_code":403}' });
    expect(errors).toHaveLength(1);
    const allowed = await receiver({ onPlaybackAuthorizationRequest: callback as never, handlerTimeoutMs: 30, failureDecision: 'allow' }).receive(post(body));
    expect(allowed.body).toBe('{"return_code":200}');
  });

  it('a publish callback that fails answers every publisher the failure decision', async () => {
    const { body } = createTestPublishControlRequest({ publishers: [{ seq: '1' }, { seq: 7 }] });
    const failing = () => {
      throw new Error('x');
    };
    expect((await receiver({ onPublishControlRequest: failing }).receive(post(body))).body).toBe('{"PublishAuthResponse":[{"seq":"1","status":"fail"},{"seq":7,"status":"fail"}]}');
    expect((await receiver({ onPublishControlRequest: failing, failureDecision: 'allow' }).receive(post(body))).body).toBe(
      '{"PublishAuthResponse":[{"seq":"1","status":"success"},{"seq":7,"status":"success"}]}',
    );
  });

  it('waits 5 s by default for an authorization callback (a viewer waits), and handlerTimeoutMs when set', async () => {
    vi.useFakeTimers();
    try {
      const { body } = createTestPlaybackAuthorizationRequest();
      let settled: unknown;
      void receiver({ onPlaybackAuthorizationRequest: () => new Promise(() => undefined) }).receive(post(body)).then((result) => (settled = result));
      await vi.advanceTimersByTimeAsync(4_999);
      expect(settled).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toMatchObject({ outcome: 'defaulted', body: '{"return_code":403}' });
      let custom: unknown;
      void receiver({ onPlaybackAuthorizationRequest: () => new Promise(() => undefined), handlerTimeoutMs: 50 }).receive(post(body)).then((result) => (custom = result));
      await vi.advanceTimersByTimeAsync(50);
      expect(custom).toMatchObject({ outcome: 'defaulted' });
      expect((custom as { error: Error }).error.message).toContain('50 ms');
    } finally {
      vi.useRealTimers();
    }
  });

  it('nothing returned refuses: a publisher gets fail, a viewer 403', async () => {
    const publish = createTestPublishControlRequest();
    expect((await receiver({ onPublishControlRequest: () => undefined }).receive(post(publish.body))).body).toBe('{"PublishAuthResponse":[{"seq":"1","status":"fail"}]}');
    expect((await receiver({ onPlaybackAuthorizationRequest: async () => undefined }).receive(post(createTestPlaybackAuthorizationRequest().body))).body).toBe('{"return_code":403}');
  });

  it('answers a redirect', async () => {
    const result = await receiver({ onPlaybackAuthorizationRequest: () => ({ redirect: 'https://cdn.example.com/blocked.mp4/playlist.m3u8' }) }).receive(post(createTestPlaybackAuthorizationRequest().body));
    expect(readPlaybackAuthorizationResponse(result.body)).toEqual({ redirect: 'https://cdn.example.com/blocked.mp4/playlist.m3u8' });
  });

  it('allowedSenders: another address, or none known, is 403 UNKNOWN_SENDER before the body is read; IPv4-mapped addresses match', async () => {
    let reads = 0;
    let calls = 0;
    const r = receiver({ onPlaybackAuthorizationRequest: () => (calls++, { allow: true }), allowedSenders: ['192.0.2.10', '2001:db8::1'] });
    const { body } = createTestPlaybackAuthorizationRequest();
    const counted = (address?: string) => ({ method: 'POST', remoteAddress: address, readBody: async () => (reads++, body) });
    for (const address of ['192.0.2.11', undefined, '::ffff:192.0.2.12']) {
      const refused = await r.receive(counted(address));
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).error.code).toBe('UNKNOWN_SENDER');
    }
    expect(reads).toBe(0);
    for (const address of ['192.0.2.10', '::ffff:192.0.2.10', '2001:db8::1']) expect((await r.receive(counted(address))).status).toBe(200);
    expect(calls).toBe(3);
    const byPredicate = receiver({ onPlaybackAuthorizationRequest: () => ({ allow: true }), allowedSenders: (address) => address.startsWith('10.') });
    expect((await byPredicate.receive(post(body, '::ffff:10.1.2.3'))).status).toBe(200);
    expect((await byPredicate.receive(post(body, '11.1.2.3'))).status).toBe(403);
    expect(() => receiver({ onPlaybackAuthorizationRequest: () => undefined, allowedSenders: 'all' as never })).toThrow(TypeError);
    expect(() => receiver({ onPlaybackAuthorizationRequest: () => undefined, failureDecision: 'maybe' as never })).toThrow(TypeError);
  });

  it('reads up to 1 MiB for publish control (10,000 publishers) and 64 KiB for playback by default', () => {
    expect(receiver({ onPublishControlRequest: () => [] }).limits.maxBodyBytes).toBe(1024 * 1024);
    expect(receiver({ onPlaybackAuthorizationRequest: () => undefined }).limits.maxBodyBytes).toBe(64 * 1024);
    const { body } = createTestPublishControlRequest({ publishers: Array.from({ length: 10_000 }, (_, i) => ({ id: `publisher-${i}`, ip: '203.0.113.200', stream: `live/stream-${i}` })) });
    expect(body.length).toBeLessThan(1024 * 1024);
  });

  it('dispatches every kind at one endpoint', async () => {
    const seen: string[] = [];
    const r = receiver({ onPublishControlRequest: () => void seen.push('publish'), onPlaybackAuthorizationRequest: () => void seen.push('playback') });
    await r.receive(post(createTestPublishControlRequest().body));
    await r.receive(post(createTestPlaybackAuthorizationRequest().body));
    expect(seen).toEqual(['publish', 'playback']);
  });
});
