// parseNotification: a server status notification's shape, time and fields, from any body a reader or a
// body parser hands over, before its digest is looked at (src/kinds/server-status/parse.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNotification, type NotificationErrorCode } from '../../../src/index.js';
import { codeOf, expectCode, genuine, throwsOnlyNotificationErrors } from '../../helpers.js';

const valid = genuine();
const json = JSON.stringify(valid);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseNotification', () => {
  it.each([
    ['a string', json],
    ['a Uint8Array', utf8(json)],
    ['a Buffer', Buffer.from(json)],
    ['an ArrayBuffer', utf8(json).slice().buffer],
    ['an already-parsed object', valid],
    ['a string with a byte-order mark', `\ufeff${json}`],
    ['bytes with a byte-order mark', utf8(`\ufeff${json}`)],
  ])('parseNotification(%s) returns the notification', (_name, body) => {
    expect(parseNotification(body)).toEqual({
      time: valid.time,
      date: new Date(Date.UTC(2026, 10, 26, 10, 0, 0)),
      digest: valid.digest,
      server: 'edge1.example.com',
      status: 'offline',
    });
  });

  it('keeps time exactly as sent, ignores unknown fields and keeps unknown statuses', () => {
    const time = '2014-10-16T05:13:31+02:00';
    const notification = parseNotification({ ...genuine({ status: 'degraded', time }), extra: 1, nested: { a: 1 } });
    expect(notification.time).toBe(time);
    expect(notification.status).toBe('degraded');
    expect(notification).not.toHaveProperty('extra');
    expect(notification).not.toHaveProperty('nested');
  });

  it('reads the documented example body', () => {
    const n = parseNotification(
      '{"time":"2014-10-16 03:13:31 UTC","digest":"d93053a1875c034384bb4fb06b20792f","server":"edge1.example.com","status":"offline"}',
    );
    expect(n.date.toISOString()).toBe('2014-10-16T03:13:31.000Z');
  });

  it.each([
    ['2014-10-16 03:13:31 UTC', '2014-10-16T03:13:31.000Z'],
    ['2014-10-16T03:13:31Z', '2014-10-16T03:13:31.000Z'],
    ['2014-10-16T03:13:31.250Z', '2014-10-16T03:13:31.250Z'],
    ['2014-10-16T05:13:31+02:00', '2014-10-16T03:13:31.000Z'],
    ['2014-10-15T23:13:31-0400', '2014-10-16T03:13:31.000Z'],
    ['2016-02-29 12:00:00 UTC', '2016-02-29T12:00:00.000Z'],
    ['2000-02-29 00:00:00 UTC', '2000-02-29T00:00:00.000Z'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z'],
  ])('reads time %s as %s', (time, iso) => {
    expect(parseNotification(genuine({ time })).date.toISOString()).toBe(iso);
  });

  const huge = 'a'.repeat(10 * 1024 * 1024);
  const bad: [string, unknown, NotificationErrorCode][] = [
    ['an empty string', '', 'INVALID_JSON'],
    ['whitespace only', ' \n\t ', 'INVALID_JSON'],
    ['empty bytes', new Uint8Array(0), 'INVALID_JSON'],
    ['not JSON', 'time=2014&digest=x', 'INVALID_JSON'],
    ['truncated JSON', json.slice(0, -1), 'INVALID_JSON'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 'INVALID_JSON'],
    ['a lone UTF-8 continuation byte inside a string', utf8(json).map((b, i) => (i === 12 ? 0x80 : b)), 'INVALID_JSON'],
    ['a JSON array', JSON.stringify([valid]), 'INVALID_NOTIFICATION'],
    ['JSON null', 'null', 'INVALID_NOTIFICATION'],
    ['a JSON string', '"offline"', 'INVALID_NOTIFICATION'],
    ['a JSON number', '42', 'INVALID_NOTIFICATION'],
    ['undefined', undefined, 'INVALID_NOTIFICATION'],
    ['null', null, 'INVALID_NOTIFICATION'],
    ['a number', 42, 'INVALID_NOTIFICATION'],
    ['time missing', { ...valid, time: undefined }, 'INVALID_NOTIFICATION'],
    ['digest missing', JSON.stringify({ ...valid, digest: undefined }), 'INVALID_NOTIFICATION'],
    ['server missing', JSON.stringify({ ...valid, server: undefined }), 'INVALID_NOTIFICATION'],
    ['status missing', JSON.stringify({ ...valid, status: undefined }), 'INVALID_NOTIFICATION'],
    ['time a number', { ...valid, time: 1413429211 }, 'INVALID_NOTIFICATION'],
    ['digest a number', { ...valid, digest: 123 }, 'INVALID_NOTIFICATION'],
    ['server a number', { ...valid, server: 1 }, 'INVALID_NOTIFICATION'],
    ['status null', { ...valid, status: null }, 'INVALID_NOTIFICATION'],
    ['server an empty string', { ...valid, server: '' }, 'INVALID_NOTIFICATION'],
    ['digest of 31 hex characters', { ...valid, digest: valid.digest!.slice(1) }, 'INVALID_NOTIFICATION'],
    ['digest not hex', { ...valid, digest: 'z'.repeat(32) }, 'INVALID_NOTIFICATION'],
    ['a 10 MB time', { ...valid, time: huge }, 'INVALID_NOTIFICATION'],
    ['a 10 MB digest', { ...valid, digest: huge }, 'INVALID_NOTIFICATION'],
    ['a 10 MB server', JSON.stringify({ ...valid, server: huge }), 'INVALID_NOTIFICATION'],
    ['a 10 MB status', { ...valid, status: huge }, 'INVALID_NOTIFICATION'],
    ['a 10 MB string body', huge, 'INVALID_JSON'],
    ['fields only on __proto__', '{"__proto__":{"time":"2014-10-16 03:13:31 UTC","digest":"d93053a1875c034384bb4fb06b20792f","server":"a","status":"offline"}}', 'INVALID_NOTIFICATION'],
    ['fields inherited from a prototype', Object.create(valid) as unknown, 'INVALID_NOTIFICATION'],
    ['time 2014-02-30', { ...valid, time: '2014-02-30 00:00:00 UTC' }, 'INVALID_NOTIFICATION'],
    ['time 2015-02-29 (not a leap year)', { ...valid, time: '2015-02-29 00:00:00 UTC' }, 'INVALID_NOTIFICATION'],
    ['time 1900-02-29 (not a leap year)', { ...valid, time: '1900-02-29 00:00:00 UTC' }, 'INVALID_NOTIFICATION'],
    ['time month 13', { ...valid, time: '2014-13-01 00:00:00 UTC' }, 'INVALID_NOTIFICATION'],
    ['time day 00', { ...valid, time: '2014-10-00 00:00:00 UTC' }, 'INVALID_NOTIFICATION'],
    ['time hour 24', { ...valid, time: '2014-10-16 24:00:00 UTC' }, 'INVALID_NOTIFICATION'],
    ['time second 60', { ...valid, time: '2014-10-16 23:59:60 UTC' }, 'INVALID_NOTIFICATION'],
    ['time without a zone', { ...valid, time: '2014-10-16 03:13:31' }, 'INVALID_NOTIFICATION'],
    ['time in another zone name', { ...valid, time: '2014-10-16 03:13:31 PST' }, 'INVALID_NOTIFICATION'],
    ['time offset +24:00', { ...valid, time: '2014-10-16T03:13:31+24:00' }, 'INVALID_NOTIFICATION'],
    ['time as a date only', { ...valid, time: '2014-10-16' }, 'INVALID_NOTIFICATION'],
    ['time in English', { ...valid, time: 'Thu, 16 Oct 2014 03:13:31 GMT' }, 'INVALID_NOTIFICATION'],
    ['time with full-width digits', { ...valid, time: '２０１４-10-16 03:13:31 UTC' }, 'INVALID_NOTIFICATION'],
  ];
  it.each(bad)('parseNotification(%s) throws %s', (_name, body, code) => {
    expect(codeOf(() => parseNotification(body))).toBe(code);
  });

  it('an object whose getter throws is INVALID_NOTIFICATION, with the cause kept', () => {
    const body = Object.defineProperty({ ...valid }, 'server', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const error = expectCode(() => parseNotification(body), 'INVALID_NOTIFICATION');
    expect((error.cause as Error).message).toBe('boom');
  });

  it('a JSON "__proto__" key does not pollute Object.prototype', () => {
    expect(codeOf(() => parseNotification('{"__proto__":{"polluted":true},"time":"x"}'))).toBe('INVALID_NOTIFICATION');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('INVALID_JSON does not quote the body back', () => {
    const error = expectCode(() => parseNotification('{"time": secret-looking-text'), 'INVALID_JSON');
    expect(error.message).not.toContain('secret-looking-text');
  });

  const returnsOrThrowsOwnError = throwsOnlyNotificationErrors(parseNotification);

  it('property: on any string it returns or throws a NotificationError, nothing else', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), returnsOrThrowsOwnError), { numRuns: 2000 });
    fc.assert(fc.property(fc.json(), returnsOrThrowsOwnError), { numRuns: 2000 });
  });

  it('property: on any bytes it returns or throws a NotificationError, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array(), returnsOrThrowsOwnError), { numRuns: 2000 });
  });

  it('property: on any value or object it returns or throws a NotificationError, nothing else', () => {
    fc.assert(fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), returnsOrThrowsOwnError), {
      numRuns: 2000,
    });
    const field = fc.oneof(fc.string(), fc.constant(valid.time), fc.constant(valid.digest), fc.integer(), fc.constant(null));
    fc.assert(
      fc.property(fc.record({ time: field, digest: field, server: field, status: field }, { requiredKeys: [] }), returnsOrThrowsOwnError),
      { numRuns: 2000 },
    );
  });
});
