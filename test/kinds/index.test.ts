// The flat options are read off the object itself: an option a class's getter or a prototype gives
// (allowedSenders among them) is never lost, as a spread copy lost it; renamed callbacks are named.
import { describe, expect, it } from 'vitest';
import { createNotificationReceiver } from '../../src/index.js';
import { createFetchHandler } from '../../src/adapters/fetch.js';
import { createTestPlaybackAuthorizationRequest } from '../../src/testing.js';

class PlaybackConfig {
  get allowedSenders(): string[] {
    return ['192.0.2.10'];
  }
  onPlaybackAuthorizationRequest = () => ({ allow: true });
}

describe('inherited shared options are read, as at b8ca913', () => {
  it('allowedSenders from a getter still refuses a stranger (an unsigned kind: its only protection)', async () => {
    const receiver = createNotificationReceiver(new PlaybackConfig());
    const result = await receiver.receive({
      method: 'POST',
      remoteAddress: '203.0.113.66',
      readBody: async () => createTestPlaybackAuthorizationRequest({ url: '/live/a/playlist.m3u8' }).body,
    });
    // before the fix: 200 {"return_code":200}: the stranger is let play.
    expect(result.status).toBe(403);
  });

  it('allowedSenders from Object.create(defaults): the fetch adapter still asks for remoteAddress', () => {
    const defaults = { allowedSenders: ['192.0.2.10'] };
    const options = Object.assign(Object.create(defaults) as object, { onPlaybackAuthorizationRequest: () => ({ allow: true }) });
    // before the fix: no TypeError, and every request is then allowed.
    expect(() => createFetchHandler(options)).toThrow(/remoteAddress/);
  });
});

describe('callback options renamed before 0.1.0', () => {
  it.each([
    ['onPublishAuth', 'onPublishControlRequest'],
    ['onPlaybackAuth', 'onPlaybackAuthorizationRequest'],
  ])('%s is a TypeError naming %s, not silently ignored', (old, name) => {
    expect(() => createNotificationReceiver({ token: 't', onNotification: () => undefined, [old]: () => undefined } as never)).toThrow(new RegExp(`options.${old} is now options.${name}`));
  });
});
