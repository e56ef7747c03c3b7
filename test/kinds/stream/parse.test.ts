// parseStreamNotification: Nimble's and the Wowza agent's bodies read, and what is refused before any
// signature is looked at (src/kinds/stream/parse.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStreamNotification } from '../../../src/index.js';
import { codeOf, throwsOnlyNotificationErrors } from '../../helpers.js';

describe('parseStreamNotification(body)', () => {
  it('reads Nimble batches of publish and unpublish events, with an escaped slash and a name containing slashes', () => {
    const body =
      '{"ID":"id-1","Puzzle":"p","Signature":"s","publish":[{"stream":"live\\/4k","protocol":"RTMP","time":1569999976249,"type":"push","remote_ip":"127.0.0.1"},' +
      '{"stream":"vod/folder/smil:vod.smil","protocol":"ENCODER"}],"unpublish":[{"stream":"live/old","protocol":"RTSP","time":1569999976000,"type":"pull"}]}';
    const notification = parseStreamNotification(body);
    expect(notification).toEqual({
      format: 'nimble',
      id: 'id-1',
      puzzle: 'p',
      signature: 's',
      events: [
        { action: 'publish', stream: 'live/4k', app: 'live', name: '4k', protocol: 'RTMP', date: new Date(1569999976249), type: 'push', remoteIp: '127.0.0.1' },
        { action: 'publish', stream: 'vod/folder/smil:vod.smil', app: 'vod', name: 'folder/smil:vod.smil', protocol: 'ENCODER' },
        { action: 'unpublish', stream: 'live/old', app: 'live', name: 'old', protocol: 'RTSP', date: new Date(1569999976000), type: 'pull' },
      ],
    });
  });

  it('reads Wowza requests whose Publish and Unpublish are a single object or an array', () => {
    const one = { VHostName: '_defaultVHost_', AppName: 'live', AppInstanceName: '_default_', StreamName: 'stream.stream' };
    const single = parseStreamNotification({ ApiSyncRequest: { ID: 'w1', Signature: 's', Puzzle: 'p', Publish: one } });
    expect(single).toEqual({
      format: 'wowza',
      id: 'w1',
      puzzle: 'p',
      signature: 's',
      events: [{ action: 'publish', stream: 'live/stream.stream', app: 'live', name: 'stream.stream', vhost: '_defaultVHost_', appInstance: '_default_' }],
    });
    const many = parseStreamNotification(JSON.stringify({ ApiSyncRequest: { ID: 'w2', Unpublish: [one, { ...one, StreamName: 'b' }] } }));
    expect(many.events.map((event) => `${event.action} ${event.stream}`)).toEqual(['unpublish live/stream.stream', 'unpublish live/b']);
    expect(many.signature).toBeUndefined();
  });

  it('reads bytes and parsed objects as well as strings', () => {
    const body = '{"ID":"x","publish":[{"stream":"a/b"}]}';
    expect(parseStreamNotification(new TextEncoder().encode(body))).toEqual(parseStreamNotification(body));
    expect(parseStreamNotification(JSON.parse(body))).toEqual(parseStreamNotification(body));
  });

  it.each([
    ['an empty body', '', 'INVALID_JSON'],
    ['not JSON', 'ID=1', 'INVALID_JSON'],
    ['an array', '[]', 'INVALID_NOTIFICATION'],
    ['no ID', '{"publish":[{"stream":"a/b"}]}', 'INVALID_NOTIFICATION'],
    ['a numeric ID', '{"ID":1,"publish":[{"stream":"a/b"}]}', 'INVALID_NOTIFICATION'],
    ['no events', '{"ID":"1"}', 'INVALID_NOTIFICATION'],
    ['publish not an array', '{"ID":"1","publish":{"stream":"a/b"}}', 'INVALID_NOTIFICATION'],
    ['an event that is not an object', '{"ID":"1","publish":["a/b"]}', 'INVALID_NOTIFICATION'],
    ['a stream without a slash', '{"ID":"1","publish":[{"stream":"ab"}]}', 'INVALID_NOTIFICATION'],
    ['a stream with an empty name', '{"ID":"1","publish":[{"stream":"live/"}]}', 'INVALID_NOTIFICATION'],
    ['a time that is a string', '{"ID":"1","publish":[{"stream":"a/b","time":"now"}]}', 'INVALID_NOTIFICATION'],
    ['a time out of range', '{"ID":"1","publish":[{"stream":"a/b","time":1e20}]}', 'INVALID_NOTIFICATION'],
    ['a Signature that is not a string', '{"ID":"1","Signature":5,"publish":[{"stream":"a/b"}]}', 'INVALID_NOTIFICATION'],
    ['ApiSyncRequest not an object', '{"ApiSyncRequest":[]}', 'INVALID_NOTIFICATION'],
    ['a Wowza event without StreamName', '{"ApiSyncRequest":{"ID":"1","Publish":{"AppName":"live"}}}', 'INVALID_NOTIFICATION'],
  ])('refuses %s with %s', (_name, body, code) => {
    expect(codeOf(() => parseStreamNotification(body))).toBe(code);
  });

  it('property: throws nothing but a NotificationError, whatever the input', () => {
    const json = fc.jsonValue();
    const shaped = fc.record({ ID: fc.anything(), publish: fc.anything(), unpublish: fc.anything(), ApiSyncRequest: fc.anything() }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(fc.string(), json, shaped, fc.anything()), throwsOnlyNotificationErrors(parseStreamNotification)),
      { numRuns: 3000 },
    );
  });
});
