import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePublishControlRequest, type NotificationErrorCode } from '../../../src/index.js';
import { codeOf, throwsOnlyNotificationErrors } from '../../helpers.js';

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
