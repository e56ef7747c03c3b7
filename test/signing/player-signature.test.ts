import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPlayerSignature, signPlayerUrl, type PlayerSignatureOptions } from '../../src/index.js';
import vectors from '../fixtures/pay-per-view-vectors.json' with { type: 'json' };
import { typeErrorOf } from './type-error.js';

const md5Base64 = (text: string): string => createHash('md5').update(text, 'utf8').digest('base64');
const decode = (sign: string): string => Buffer.from(sign, 'base64').toString('utf8');
/** A key no message could hold by chance: a refusal must never quote it. */
const KEY = 'wmsauth-key-2c9a';

/** A vector's options: empty strings in the fixture mean "not given". */
function optionsOf(vector: (typeof vectors.wmsAuthSign)[number]): PlayerSignatureOptions {
  const options: PlayerSignatureOptions = { key: vector.key, validMinutes: vector.validMinutes, now: () => vector.nowMs };
  if (vector.ip !== '') options.ip = vector.ip;
  if (vector.id !== '') options.id = vector.id;
  if (vector.checkIp) options.checkIp = true;
  if (vector.stream !== '') options.stream = vector.stream;
  return options;
}

describe('createPlayerSignature(options)', () => {
  it.each(vectors.wmsAuthSign)('matches OpenSSL and GNU date at $serverTime (id "$id", ip "$ip", stream "$stream")', (vector) => {
    const sign = createPlayerSignature(optionsOf(vector));
    expect(sign).toBe(vector.wmsAuthSign);
    expect(decode(sign)).toContain(`server_time=${vector.serverTime}&hash_value=${vector.hashValue}&`);
  });

  it('writes server_time as PHP gmdate("n/j/Y g:i:s A"): no leading zeros on month, day and hour; 12 for noon and midnight', () => {
    const at = (iso: string) => decode(createPlayerSignature({ key: 'k', validMinutes: 1, ip: '1.1.1.1', now: () => Date.parse(iso) })).split('&')[0];
    expect(at('2024-01-02T00:00:00Z')).toBe('server_time=1/2/2024 12:00:00 AM');
    expect(at('2024-01-02T00:59:59Z')).toBe('server_time=1/2/2024 12:59:59 AM');
    expect(at('2024-01-02T01:05:09Z')).toBe('server_time=1/2/2024 1:05:09 AM');
    expect(at('2024-10-20T11:59:59Z')).toBe('server_time=10/20/2024 11:59:59 AM');
    expect(at('2024-10-20T12:00:00Z')).toBe('server_time=10/20/2024 12:00:00 PM');
    expect(at('2024-12-31T23:59:59Z')).toBe('server_time=12/31/2024 11:59:59 PM');
  });

  it('property: the hash is MD5 of [ip] + [id] + key + server_time + validminutes + [stream] (node:crypto), the IP hashed only for hotlink links or with checkIp', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9._:/-]{1,30}$/);
    fc.assert(
      fc.property(part, fc.integer({ min: 1, max: 100_000 }), fc.option(part, { nil: undefined }), part, fc.option(part, { nil: undefined }), fc.boolean(), fc.integer({ min: 0, max: 4e12 }), (key, validMinutes, id, ip, stream, checkIp, nowMs) => {
        const options: PlayerSignatureOptions = { key, validMinutes, ip, now: () => nowMs };
        if (id !== undefined) options.id = id;
        if (stream !== undefined) options.stream = stream;
        if (checkIp && id !== undefined) options.checkIp = true;
        const query = new URLSearchParams(decode(createPlayerSignature(options)).replaceAll('+', '%2B'));
        const serverTime = query.get('server_time')!;
        const hashedIp = id === undefined || options.checkIp ? ip : '';
        expect(query.get('hash_value')).toBe(md5Base64(`${hashedIp}${id ?? ''}${key}${serverTime}${validMinutes}${stream ?? ''}`));
        expect(query.get('validminutes')).toBe(String(validMinutes));
        expect(query.get('id')).toBe(id ?? null);
        expect(query.get('strm_len')).toBe(stream === undefined ? null : String(stream.length));
        expect(query.get('checkip')).toBe(options.checkIp ? 'true' : null);
      }),
      { numRuns: 500 },
    );
  });

  it('counts strm_len in UTF-8 bytes, as PHP strlen does', () => {
    const sign = createPlayerSignature({ key: 'k', validMinutes: 1, id: '1', stream: 'live/café', now: () => 0 });
    expect(decode(sign)).toContain('&strm_len=10&');
  });

  it.each<[string, unknown]>([
    ['no options', undefined],
    ['no key', { validMinutes: 5, ip: '1.1.1.1' }],
    ['an empty key', { key: '', validMinutes: 5, ip: '1.1.1.1' }],
    ['zero minutes', { key: KEY, validMinutes: 0, ip: '1.1.1.1' }],
    ['fractional minutes', { key: KEY, validMinutes: 1.5, ip: '1.1.1.1' }],
    ['minutes as text', { key: KEY, validMinutes: '5', ip: '1.1.1.1' }],
    ['a hotlink link (no id) without an ip', { key: KEY, validMinutes: 5 }],
    ['checkIp without an ip', { key: KEY, validMinutes: 5, id: '1', checkIp: true }],
    ['checkIp without an id', { key: KEY, validMinutes: 5, ip: '1.1.1.1', checkIp: true }],
    ['checkIp as text', { key: KEY, validMinutes: 5, id: '1', ip: '1.1.1.1', checkIp: 'yes' }],
    ['an id with &', { key: KEY, validMinutes: 5, id: '1&checkip=false' }],
    ['an id with =', { key: KEY, validMinutes: 5, id: 'a=b' }],
    ['an empty id', { key: KEY, validMinutes: 5, id: '', ip: '1.1.1.1' }],
    ['a stream with a space', { key: KEY, validMinutes: 5, id: '1', stream: 'live/a b' }],
    ['a clock that returns text', { key: KEY, validMinutes: 5, id: '1', now: () => 'now' }],
  ])('refuses %s with a TypeError that never quotes the key', (_, options) => {
    expect(String(typeErrorOf(() => createPlayerSignature(options as PlayerSignatureOptions)))).not.toContain(KEY);
  });
});

describe('signPlayerUrl(url, options)', () => {
  const options: PlayerSignatureOptions = { key: 'k', validMinutes: 60, id: '17', now: () => 0 };
  const sign = createPlayerSignature(options);

  it.each([
    ['https://cdn.example.com/live/stream/playlist.m3u8', `https://cdn.example.com/live/stream/playlist.m3u8?wmsAuthSign=${sign}`],
    ['http://cdn.example.com:8081/vod/movie.mp4/manifest.mpd?lang=en', `http://cdn.example.com:8081/vod/movie.mp4/manifest.mpd?lang=en&wmsAuthSign=${sign}`],
    ['https://cdn.example.com/live/stream/playlist.m3u8#t=10', `https://cdn.example.com/live/stream/playlist.m3u8?wmsAuthSign=${sign}#t=10`],
    ['rtmp://cdn.example.com/live/stream', `rtmp://cdn.example.com/live?wmsAuthSign=${sign}/stream`],
    ['rtmp://cdn.example.com:1935/live', `rtmp://cdn.example.com:1935/live?wmsAuthSign=${sign}`],
    ['RTSP://cdn.example.com/vod/folder/Stream1', `RTSP://cdn.example.com/vod?wmsAuthSign=${sign}/folder/Stream1`],
  ])('places the signature in %s', (url, expected) => {
    expect(signPlayerUrl(url, options)).toBe(expected);
  });

  it('takes a URL object', () => {
    expect(signPlayerUrl(new URL('https://cdn.example.com/a/b.m3u8'), options)).toBe(`https://cdn.example.com/a/b.m3u8?wmsAuthSign=${sign}`);
  });

  it.each([
    ['another scheme', 'ftp://cdn.example.com/live/stream'],
    ['no host', 'https:///live'],
    ['not a URL', 'live/stream'],
    ['a URL already signed', `https://cdn.example.com/a.m3u8?wmsAuthSign=${sign}`],
    ['an RTMP URL without an application', 'rtmp://cdn.example.com/'],
    ['an RTMP URL without a path', 'rtmp://cdn.example.com'],
    ['an RTMP URL with a query', 'rtmp://cdn.example.com/live/stream?x=1'],
  ])('refuses %s with a TypeError', (_, url) => {
    expect(() => signPlayerUrl(url, options)).toThrow(TypeError);
  });
});
