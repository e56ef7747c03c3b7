import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPublisherSignature, signPublisherUrl, type PublisherSignatureOptions } from '../../src/index.js';
import vectors from '../fixtures/publish-vectors.json' with { type: 'json' };
import { typeErrorOf } from './type-error.js';

const md5Base64 = (text: string): string => createHash('md5').update(text, 'utf8').digest('base64');
/** A password no message could hold by chance: a refusal must never quote it. */
const PASSWORD = 'publish-password-8e3f';

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
    ['no id', { stream: 'live/a', password: PASSWORD }],
    ['an id with &', { id: 'a&ip=1', stream: 'live/a', password: PASSWORD }],
    ['a stream without a slash', { id: 'a', stream: 'live', password: PASSWORD }],
    ['no password', { id: 'a', stream: 'live/a' }],
    ['an empty ip', { id: 'a', stream: 'live/a', password: PASSWORD, ip: '' }],
  ])('createPublisherSignature refuses %s with a TypeError that never quotes the password', (_, input) => {
    expect(String(typeErrorOf(() => createPublisherSignature(input as PublisherSignatureOptions)))).not.toContain(PASSWORD);
  });
});
