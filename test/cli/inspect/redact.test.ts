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
  ])('%s: finishes (a linear scan)', { timeout: 10_000 }, (_name, text) => {
    expect(typeof redactText(text)).toBe('string');
  });
});
