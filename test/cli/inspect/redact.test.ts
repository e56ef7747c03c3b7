import { describe, expect, it } from 'vitest';
import { redactHeader, redactJson, redactSecret, redactText } from '../../../src/cli/inspect/redact.js';

describe('redactSecret', () => {
  it('keeps the first 6 characters of a long secret, nothing of a short one', () => {
    expect(redactSecret('d93053a1875c034384bb4fb06b20792f')).toBe('d93053… (redacted)');
    expect(redactSecret('JOWZAjro7J6fgnot+i3efg==')).toBe('JOWZAj… (redacted)');
    expect(redactSecret('short-secret')).toBe('… (redacted)');
    expect(redactSecret('')).toBe('… (redacted)');
  });
});

describe('redactJson', () => {
  it("redacts each kind's signatures and keeps everything else", () => {
    const status = { time: '2014-10-16 03:13:31 UTC', digest: 'd93053a1875c034384bb4fb06b20792f', server: 'edge1', status: 'offline' };
    expect(redactJson(status)).toEqual({ ...status, digest: 'd93053… (redacted)' });
    const stream = { ID: 'bb4f', Puzzle: '94cc', Signature: 'JOWZAjro7J6fgnot+i3efg==', publish: [{ stream: 'live/stream' }] };
    expect(redactJson(stream)).toEqual({ ...stream, Signature: 'JOWZAj… (redacted)' });
    expect(redactJson({ DenyList: { ID: [1] }, Solution: 'flPsWZPshoBFwy/Ah464OQ==' })).toEqual({ DenyList: { ID: [1] }, Solution: 'flPsWZ… (redacted)' });
  });

  it('redacts signatures in the query of any string (a playback url), at any depth', () => {
    const body = { url: '/live/a/playlist.m3u8?wmsAuthSign=c2VydmVyX3RpbWU9MTIzNA==&session=7', nested: [{ rtsp: 'rtsp://h/app/s?publishsign=aWQ9MSZzaWduPXh5eg==' }] };
    expect(redactJson(body)).toEqual({ url: '/live/a/playlist.m3u8?wmsAuthSign=c2Vydm… (redacted)&session=7', nested: [{ rtsp: 'rtsp://h/app/s?publishsign=… (redacted)' }] });
  });

  it('keeps a "__proto__" field a field, and does not change the value it is given', () => {
    const value = JSON.parse('{"__proto__":{"digest":"d93053a1875c034384bb4fb06b20792f"},"a":1}') as object;
    const copy = redactJson(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"digest":"d93053… (redacted)"},"a":1}');
    expect(JSON.stringify(value)).toContain('d93053a1875c034384bb4fb06b20792f');
  });

  it('redacts a secret field that holds a number, and leaves null and objects under such names to be walked', () => {
    expect(redactJson({ token: 1234567890, key: null, signature: { digest: 'd93053a1875c034384bb4fb06b20792f' } })).toEqual({
      token: '… (redacted)',
      key: null,
      signature: { digest: 'd93053… (redacted)' },
    });
  });
});

describe('redactText', () => {
  it('redacts form and query pairs and the quoted pairs of JSON that is not whole', () => {
    expect(redactText('time=2014&digest=d93053a1875c034384bb4fb06b20792f&server=e1')).toBe('time=2014&digest=d93053… (redacted)&server=e1');
    expect(redactText('{"time":"t","digest":"d93053a1875c034384bb4fb06b20792f","server":"e1"')).toBe('{"time":"t","digest":"d93053… (redacted)","server":"e1"');
    expect(redactText('{"Signature" : "JOWZAjro7J6fgnot+i3efg=="')).toBe('{"Signature" : "JOWZAj… (redacted)"');
    expect(redactText('nothing=secret here')).toBe('nothing=secret here');
  });
});

describe('redactHeader', () => {
  it('redacts credentials and signature headers whole, and query secrets in any other', () => {
    expect(redactHeader('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig')).toBe('Bearer… (redacted)');
    expect(redactHeader('Cookie', 'session=abc')).toBe('… (redacted)');
    expect(redactHeader('X-Hub-Signature-256', 'sha256=0123456789abcdef0123456789abcdef')).toBe('sha256… (redacted)');
    expect(redactHeader('Referer', 'https://site/player?wmsAuthSign=c2VydmVyX3RpbWU9MTIzNA==')).toBe('https://site/player?wmsAuthSign=c2Vydm… (redacted)');
    expect(redactHeader('Content-Type', 'application/json')).toBe('application/json');
  });
});

describe('redactText on hostile text', () => {
  // Quadratic patterns (a name that runs to the end of the text, a quoted value never closed) took 88 s on a
  // 256 KiB body, with listen's event loop blocked: these finish in milliseconds when the scan is linear.
  it.each([
    ['one long word', 'a'.repeat(256 * 1024)],
    ['quoted names never followed by a colon', '"a"'.repeat(90_000)],
    ['quoted values never closed', '"digest":"'.repeat(30_000)],
    ['spaces after a quoted name', `"digest"${' '.repeat(256 * 1024)}`],
    ['pairs without an end', 'digest='.repeat(40_000)],
    ['single-quoted values after double-quoted names', `"digest":'`.repeat(30_000)],
    ['percent-encoded values', `x=${'%41'.repeat(80_000)}`],
    ['percent-encoded names never followed by =', '%41'.repeat(80_000)],
  ])('%s: finishes (a linear scan)', { timeout: 10_000 }, (_name, text) => {
    expect(typeof redactText(text)).toBe('string');
  });
});

describe('redaction under review findings', () => {
  it('redacts a signed URL carried percent-encoded in another URL, a ;-separated query, and an encoded name', () => {
    const nested = 'https://player.example/?src=https%3A%2F%2Fcdn%2Fs.m3u8%3FwmsAuthSign%3Dc2VydmVyX3RpbWU9MTIzNDU2Nzg5MA%3D%3D&autoplay=1';
    expect(redactText(nested)).not.toContain('c2VydmVyX3RpbWU9MTIzNDU2Nzg5MA');
    expect(redactText(nested)).toContain('&autoplay=1');
    expect(redactHeader('Referer', nested)).not.toContain('c2VydmVyX3RpbWU9MTIzNDU2Nzg5MA');
    expect(redactJson({ page: nested })).not.toEqual({ page: nested });
    expect(redactText('/a/playlist.m3u8?x=1;wmsAuthSign=c2VydmVyX3RpbWU9MTIzNDU2Nzg5MA==')).toBe('/a/playlist.m3u8?x=1;wmsAuthSign=c2Vydm… (redacted)');
    expect(redactText('?wmsAuth%53ign=c2VydmVyX3RpbWU9MTIzNDU2Nzg5MA==')).not.toContain('c2VydmVyX3RpbWU9MTIzNDU2Nzg5MA');
  });

  it('redacts everything under a secret name, arrays and objects included, and JSON inside any string', () => {
    expect(redactJson({ digest: ['d93053a1875c034384bb4fb06b20792f'], Signature: { value: 'JOWZAjro7J6fgnot+i3efg==' } })).toEqual({
      digest: ['d93053… (redacted)'],
      Signature: { value: 'JOWZAj… (redacted)' },
    });
    expect(redactJson({ inner: '{"digest":"d93053a1875c034384bb4fb06b20792f"}' })).toEqual({ inner: '{"digest":"d93053… (redacted)"}' });
  });

  it('redacts escaped and single-quoted names, and long values whole, in text that is not JSON', () => {
    expect(redactText('{"dig\\u0065st":"d93053a1875c034384bb4fb06b20792f"')).not.toContain('a1875c034384bb4fb06b20792f');
    expect(redactText("{'digest': 'd93053a1875c034384bb4fb06b20792f'")).not.toContain('a1875c034384bb4fb06b20792f');
    const long = 'S'.repeat(6000) + 'TAIL';
    expect(redactText(`token=${long}`)).toBe('token=SSSSSS… (redacted)');
    expect(redactText(`{"token":"${long}"`)).toBe('{"token":"SSSSSS… (redacted)"');
  });

  it('redacts headers named for a digest or a signature, however short the name', () => {
    for (const name of ['X-Digest', 'X-Sign', 'X-Sig', 'Digest']) expect(redactHeader(name, 'd93053a1875c034384bb4fb06b20792f')).toBe('d93053… (redacted)');
  });
});
