import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlaybackAuthorizationRequest, type NotificationErrorCode } from '../../../src/index.js';
import { codeOf, throwsOnlyNotificationErrors } from '../../helpers.js';

describe('parsePlaybackAuthorizationRequest(body)', () => {
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
});
