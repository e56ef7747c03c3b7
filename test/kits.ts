// One test kit per notification kind: what the shared adapter and body-parser matrices send through every
// adapter. Adding a kind adds one entry here.
import { createHash } from 'node:crypto';
import type { NotificationHandlerOptions, PayPerViewSync, PlaybackAuthorizationRequest, PublishControlRequest } from '../src/index.js';
import { createTestPayPerViewSync, createTestPlaybackAuthorizationRequest, createTestPublishControlRequest, createTestStreamNotification } from '../src/testing.js';
import { NOW, TOKEN, genuine } from './helpers.js';

export interface Kit {
  name: string;
  /** The handler option of this kind, recording what it was called with (and no other kind's). */
  options(handled: unknown[]): Partial<Record<keyof NotificationHandlerOptions, unknown>>;
  /** A genuine body, a new notification each call, fresh at the test clock (NOW + 2 s). */
  genuine(): string;
  /**
   * A body signed with another token (an invalid one for the unsigned kinds), and the code it is refused
   * with (a 401 for the signed kinds, a 400 for the others).
   */
  forged(): string;
  forgedCode: string;
  /** The JSON answered to a genuine body, and to its replay. */
  accepted(body: string): unknown;
  duplicate(body: string): unknown;
  /** Whether it is a one-time event (a replay is a duplicate); an authorization request is asked anew each time. */
  oneTime: boolean;
}

const received = () => ({ received: true });
const duplicate = () => ({ received: true, duplicate: true });
/** The answer to a test sync whose players are `viewer-N` (denied) and `paid` (kept), its Solution by node:crypto. */
const denyAnswer = (body: string) => {
  const { Puzzle: puzzle, PayPerViewInfo: info } = JSON.parse(body) as { Puzzle: string; PayPerViewInfo: unknown };
  const ids = [...JSON.stringify(info).matchAll(/"id":"(viewer-\d+)"/g)].map((match) => match[1]);
  return { DenyList: { ID: ids }, Solution: createHash('md5').update(puzzle + TOKEN).digest('base64') };
};

let made = 0;

export const kits: Kit[] = [
  {
    name: 'server status',
    options: (handled) => ({ onNotification: (n: unknown) => void handled.push(n) }),
    genuine: () => JSON.stringify(genuine({ server: `edge${++made}.example.com` })),
    forged: () => JSON.stringify(genuine({}, 'another-token')),
    forgedCode: 'INVALID_DIGEST',
    accepted: received,
    duplicate,
    oneTime: true,
  },
  {
    name: 'stream (Nimble)',
    options: (handled) => ({ onNotification: undefined, onStreamNotification: (n: unknown) => void handled.push(n) }),
    genuine: () => createTestStreamNotification({ token: TOKEN, time: NOW, events: [{ stream: `live/${++made}` }] }).body,
    forged: () => createTestStreamNotification({ token: TOKEN, time: NOW, forge: 'wrong-token' }).body,
    forgedCode: 'INVALID_SIGNATURE',
    accepted: received,
    duplicate,
    oneTime: true,
  },
  {
    name: 'stream (Wowza)',
    options: (handled) => ({ onNotification: undefined, onStreamNotification: (n: unknown) => void handled.push(n) }),
    genuine: () => createTestStreamNotification({ token: TOKEN, format: 'wowza', events: [{ stream: `live/${++made}`, action: 'unpublish' }] }).body,
    forged: () => createTestStreamNotification({ token: TOKEN, format: 'wowza', forge: 'tampered-signature' }).body,
    forgedCode: 'INVALID_SIGNATURE',
    accepted: received,
    duplicate,
    oneTime: true,
  },
  {
    name: 'pay-per-view sync',
    options: (handled) => ({
      onNotification: undefined,
      onPayPerViewSync: (sync: PayPerViewSync) => {
        handled.push(sync);
        return { deny: sync.players.filter((player) => player.id !== 'paid').map((player) => player.id) };
      },
    }),
    genuine: () => createTestPayPerViewSync({ token: TOKEN, players: [{ id: `viewer-${++made}` }, { id: 'paid' }, { id: `viewer-${++made}`, stream: 'vod/a/b.mp4' }] }).body,
    forged: () => createTestPayPerViewSync({ token: TOKEN, forge: 'wrong-token' }).body,
    forgedCode: 'INVALID_SIGNATURE',
    accepted: denyAnswer,
    duplicate: denyAnswer,
    oneTime: true,
  },
  {
    name: 'publish control',
    options: (handled) => ({
      onNotification: undefined,
      // Publishers whose id starts with "ok" may publish; the seq is answered as a number to check that
      // the answer echoes the request's own.
      onPublishControlRequest: (request: PublishControlRequest) => {
        handled.push(request);
        return request.requests.map((item) => ({ seq: Number(item.seq), allow: item.id.startsWith('ok') }));
      },
    }),
    genuine: () => createTestPublishControlRequest({ publishers: [{ id: `ok-${++made}` }, { id: 'refused', stream: 'live/other' }] }).body,
    forged: () => JSON.stringify({ PublishAuthRequest: [{ seq: '1', stream: 'no-slash' }] }),
    forgedCode: 'INVALID_NOTIFICATION',
    accepted: () => ({ PublishAuthResponse: [{ seq: '1', status: 'success' }, { seq: '2', status: 'fail' }] }),
    duplicate: () => ({ PublishAuthResponse: [{ seq: '1', status: 'success' }, { seq: '2', status: 'fail' }] }),
    oneTime: false,
  },
  {
    name: 'playback authorization',
    options: (handled) => ({
      onNotification: undefined,
      onPlaybackAuthorizationRequest: (request: PlaybackAuthorizationRequest) => {
        handled.push(request);
        return request.url.includes('/paid/') ? { allow: true } : { redirect: 'https://cdn.example.com/vod/blocked.mp4/playlist.m3u8' };
      },
    }),
    genuine: () => createTestPlaybackAuthorizationRequest({ url: `/paid/stream-${++made}/playlist.m3u8`, referer: 'https://example.com/' }).body,
    // A playback request's shape (its url) with a known field of the wrong type. (A body without a url is
    // no kind's: UNKNOWN_NOTIFICATION_KIND.)
    forged: () => JSON.stringify({ url: '/paid/a/playlist.m3u8', user_agent: 5 }),
    forgedCode: 'INVALID_NOTIFICATION',
    accepted: () => ({ return_code: 200 }),
    duplicate: () => ({ return_code: 200 }),
    oneTime: false,
  },
];
