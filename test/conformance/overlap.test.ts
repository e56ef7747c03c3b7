// A body with fields of two kinds. The kinds' own fields do not overlap, so a playback request with a time
// and a status, or an ID, is a playback request at every endpoint; a body with the identifying fields of
// two kinds is none of them, whatever order the kinds were given in.
import { expect, it } from 'vitest';
import { createReceiver, playbackAuthorizationKind, publishControlKind } from '../../src/index.js';
import { TIME } from '../helpers.js';
import { answerOf, endpoint, kitPerKind, send } from './receive.js';
import { kit } from '../kits.js';

it.each([
  ['a playback request with time and status fields', { url: '/live/a/playlist.m3u8', time: TIME, status: 'x' }],
  ['a playback request with an ID field', { url: '/live/a/playlist.m3u8', ID: '1' }],
])('a body with the marks of two kinds gets the same answer whichever kinds an endpoint receives: %s', async (_, value) => {
  const body = JSON.stringify(value);
  const one = await send(endpoint([kit('playback authorization')]).receiver, body);
  const all = await send(endpoint(kitPerKind).receiver, body);
  expect(answerOf(one)).toEqual(answerOf(all));
});

it('the answer does not depend on the order of createReceiver\'s kinds', async () => {
  const body = JSON.stringify({ url: '/live/a/playlist.m3u8', PublishAuthRequest: [{ seq: '1', stream: 'live/a' }] });
  const publish = publishControlKind({ onPublishControlRequest: () => [] });
  const playback = playbackAuthorizationKind({ onPlaybackAuthorizationRequest: () => ({ allow: true }) });
  const a = await createReceiver({ kinds: [publish, playback] }).receive({ method: 'POST', readBody: async () => body });
  const b = await createReceiver({ kinds: [playback, publish] }).receive({ method: 'POST', readBody: async () => body });
  expect([a.kind, a.body]).toEqual([b.kind, b.body]);
  expect(a).toMatchObject({ outcome: 'refused', status: 400, error: { code: 'UNKNOWN_NOTIFICATION_KIND' } });
  expect(a.body).toContain('more than one kind (playback authorization, publish control)');
});
