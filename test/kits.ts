// One test kit per notification kind (two for stream notifications: Nimble's format and Wowza's): what the
// shared adapter and body-parser matrices send through every adapter, and what the conformance suite
// (test/kinds/conformance/) checks of every kind, run from each kind's test/kinds/<kind>/conformance.test.ts.
// Adding a kind adds one entry here and that file; address one by name with `kit(name)`.
import { createHash } from 'node:crypto';
import {
  advertizerSessionKind,
  createAdvertizerSessionRequestVerifier,
  createNotificationVerifier,
  createPayPerViewSyncVerifier,
  createPlaybackAuthorizationRequestVerifier,
  createPublishControlRequestVerifier,
  createStreamNotificationVerifier,
  parseAdvertizerSessionRequest,
  parseNotification,
  parsePayPerViewSync,
  parsePlaybackAuthorizationRequest,
  parsePublishControlRequest,
  parseStreamNotification,
  payPerViewKind,
  playbackAuthorizationKind,
  publishControlKind,
  serverStatusKind,
  streamKind,
  type AnyReceivedKind,
  type EveryKind,
  type NotificationErrorCode,
  type NotificationHandlerOptions,
  type NotificationVerifier,
} from '../src/index.js';
import {
  createTestAdvertizerSessionRequest,
  createTestNotification,
  createTestPayPerViewSync,
  createTestPlaybackAuthorizationRequest,
  createTestPublishControlRequest,
  createTestStreamNotification,
  type Forgery as ServerStatusForgery,
  type PayPerViewForgery,
  type StreamForgery,
} from '../src/testing.js';
import { NOW, TOKEN, genuine, testClock } from './helpers.js';

/** The kits' names, for {@link kit}. */
export type KitName = 'server status' | 'stream (Nimble)' | 'stream (Wowza)' | 'pay-per-view sync' | 'publish control' | 'playback authorization' | 'advertizer session';

/** A kind's tag: the name of its folder under src/kinds/, and every result's `kind`. */
export type Tag = EveryKind['kind'];

/** A body the kind must refuse, and the code it is refused with. */
export interface Forgery {
  /** The testing kit's `forge` option that made it (`wrong-token`, `stale`, ...), or what is wrong with it. */
  name: string;
  /** A new body each call. */
  body(): string;
  code: NotificationErrorCode;
}

/** What a replay whose unsigned fields were changed is (the one-time kinds). */
export interface Resend {
  /** The body with the same signed part and other unsigned fields: the `n`-th such variant (n = 1, 2, ...). */
  withOtherUnsignedFields(body: string, n: number): string;
  /**
   * `'duplicate'`: its replay key is what the signature covers, so it is a replay (stream events, pay-per-view
   * players). `'bounded-per-time'`: the unsigned fields are in the key (two servers going offline in the same
   * second share a digest), so each variant is new, but at most `maxNotificationsPerTime` per signed part.
   */
  is: 'duplicate' | 'bounded-per-time';
}

export interface Kit {
  name: KitName;
  /** The tag of its kind: what `result.kind` says. */
  tag: Tag;
  /** The kind as a value, for `createReceiver`, its callback recording what it was called with. */
  kind(handled: unknown[]): AnyReceivedKind;
  /** The handler option of this kind, recording what it was called with (and no other kind's): the flat form of `kind`. */
  options(handled: unknown[]): Partial<Record<keyof NotificationHandlerOptions, unknown>>;
  /** Its prepared verifier (`create...Verifier`), with the test token and clock. */
  verifier(): NotificationVerifier<string, unknown>;
  /** Its public parser (`parse...`): the shape, no signature. */
  parse(body: unknown): unknown;
  /** A genuine body, a new notification each call, fresh at the test clock (NOW + 2 s). */
  genuine(): string;
  /**
   * Every way the testing kit spoils a body (signed with another token, tampered, unsigned, stale), with the
   * code each is refused with; for the unsigned kinds, bodies of its shape that are not valid. The first is
   * `forged()`.
   */
  forgeries: Forgery[];
  /**
   * A body signed with another token (an invalid one for the unsigned kinds), and the code it is refused
   * with (a 401 for the signed kinds, a 400 for the others): the first of `forgeries`.
   */
  forged(): string;
  forgedCode: NotificationErrorCode;
  /** Whether it carries a time that is checked: a body older than `maxAgeSeconds` is refused `STALE_NOTIFICATION`. */
  timed: boolean;
  /** The JSON answered to a genuine body, and to its replay. */
  accepted(body: string): unknown;
  duplicate(body: string): unknown;
  /** Whether it is a one-time event (a replay is a duplicate); an authorization request is asked anew each time. */
  oneTime: boolean;
  /** For the one-time kinds: a replay with other unsigned fields. */
  resend?: Resend;
}

const received = () => ({ received: true });
const duplicate = () => ({ received: true, duplicate: true });
/** The answer to a test sync whose players are `viewer-N` (denied) and `paid` (kept), its Solution by node:crypto. */
const denyAnswer = (body: string) => {
  const { Puzzle: puzzle, PayPerViewInfo: info } = JSON.parse(body) as { Puzzle: string; PayPerViewInfo: unknown };
  const ids = [...JSON.stringify(info).matchAll(/"id":"(viewer-\d+)"/g)].map((match) => match[1]);
  return { DenyList: { ID: ids }, Solution: createHash('md5').update(puzzle + TOKEN).digest('base64') };
};
/** The rule every test session asking for rules is given: an adaptive set of the scenario's contents 1 to 4. */
const SESSION_RULE = { id: 'pre-roll', type: 'session', time_sync: 'stream', time_offset: 0, contents: [{ id: ['1', '2', '3', '4'] }] } as const;
/** The answer to a test per-session request: that rule for each session asking, asked again in 10 s (in the order written). */
const sessionAnswer = (body: string) => ({
  rules: [SESSION_RULE],
  rules_response: (JSON.parse(body) as { rules_request: { session: number }[] }).rules_request.map(({ session }) => ({ rules: ['pre-roll'], session, request_interval: 10 })),
});
const publishAnswer = () => ({ PublishAuthResponse: [{ seq: '1', status: 'success' }, { seq: '2', status: 'fail' }] });

/** Each of `names` as a forgery made by a testing kit's `forge` option, refused with `code`. */
const forged = <F extends string>(make: (forge: F) => string, code: (forge: F) => NotificationErrorCode, ...names: F[]): Forgery[] =>
  names.map((name) => ({ name, body: () => make(name), code: code(name) }));
/** The signed pair (`ID`, `Puzzle`) of a stream notification or a sync. */
const signedPair = (value: { ID: string; Puzzle: string }) => ({ id: value.ID, puzzle: value.Puzzle });
const TEN_MINUTES = 600_000;

let made = 0;

/** A kit whose `options` are its kind's, and whose `forged` is its first forgery. */
const defineKit = (kit: Omit<Kit, 'options' | 'forged' | 'forgedCode'>): Kit => ({
  ...kit,
  // onNotification is a default of the adapter tests' recorder: left out unless this kind is server status.
  options: (handled) => ({ onNotification: undefined, ...(kit.kind(handled).options as Partial<Record<keyof NotificationHandlerOptions, unknown>>) }),
  forged: () => kit.forgeries[0]!.body(),
  forgedCode: kit.forgeries[0]!.code,
});

const streamCode = (forge: StreamForgery): NotificationErrorCode => (forge === 'stale' ? 'STALE_NOTIFICATION' : 'INVALID_SIGNATURE');

export const kits: Kit[] = [
  defineKit({
    name: 'server status',
    tag: 'server-status',
    kind: (handled) => serverStatusKind({ onNotification: (n) => void handled.push(n) }),
    verifier: () => createNotificationVerifier({ token: TOKEN, now: testClock }),
    parse: parseNotification,
    genuine: () => JSON.stringify(genuine({ server: `edge${++made}.example.com` })),
    forgeries: [
      ...forged(
        (forge: ServerStatusForgery) => createTestNotification({ token: TOKEN, time: NOW, forge }).body,
        (forge) => (forge === 'stale' ? 'STALE_NOTIFICATION' : 'INVALID_DIGEST'),
        'wrong-token',
        'tampered-digest',
        'stale',
      ),
      { name: 'from the future', body: () => createTestNotification({ token: TOKEN, time: NOW + TEN_MINUTES }).body, code: 'STALE_NOTIFICATION' },
      // (A body without a digest has no server status field at all: no kind's, UNKNOWN_NOTIFICATION_KIND.)
      { name: 'a digest that is not a string', body: () => JSON.stringify({ ...genuine(), digest: 5 }), code: 'INVALID_NOTIFICATION' },
      { name: 'a digest that is not 32 hex characters', body: () => JSON.stringify(genuine({ digest: 'not-a-digest' })), code: 'INVALID_NOTIFICATION' },
    ],
    timed: true,
    accepted: received,
    duplicate,
    oneTime: true,
    resend: {
      // The digest covers only the time.
      withOtherUnsignedFields: (body, n) => JSON.stringify({ ...(JSON.parse(body) as object), server: `variant${n}.example.com` }),
      is: 'bounded-per-time',
    },
  }),
  defineKit({
    name: 'stream (Nimble)',
    tag: 'stream',
    kind: (handled) => streamKind({ onStreamNotification: (n) => void handled.push(n) }),
    verifier: () => createStreamNotificationVerifier({ token: TOKEN, now: testClock }),
    parse: parseStreamNotification,
    genuine: () => createTestStreamNotification({ token: TOKEN, time: NOW, events: [{ stream: `live/${++made}` }] }).body,
    forgeries: [
      ...forged(
        (forge: StreamForgery) => createTestStreamNotification({ token: TOKEN, time: NOW, forge }).body,
        streamCode,
        'wrong-token',
        'tampered-signature',
        'unsigned',
        'stale',
      ),
      { name: 'from the future', body: () => createTestStreamNotification({ token: TOKEN, time: NOW + TEN_MINUTES }).body, code: 'STALE_NOTIFICATION' },
    ],
    timed: true,
    accepted: received,
    duplicate,
    oneTime: true,
    resend: {
      // The signature covers ID + Puzzle, not the events.
      withOtherUnsignedFields: (body, n) =>
        createTestStreamNotification({ token: TOKEN, time: NOW, ...signedPair(JSON.parse(body)), events: [{ stream: `live/variant-${n}`, action: 'unpublish' }] }).body,
      is: 'duplicate',
    },
  }),
  defineKit({
    name: 'stream (Wowza)',
    tag: 'stream',
    kind: (handled) => streamKind({ onStreamNotification: (n) => void handled.push(n) }),
    verifier: () => createStreamNotificationVerifier({ token: TOKEN, now: testClock }),
    parse: parseStreamNotification,
    genuine: () => createTestStreamNotification({ token: TOKEN, format: 'wowza', events: [{ stream: `live/${++made}`, action: 'unpublish' }] }).body,
    forgeries: forged(
      (forge: StreamForgery) => createTestStreamNotification({ token: TOKEN, format: 'wowza', forge }).body,
      streamCode,
      'tampered-signature',
      'wrong-token',
      'unsigned',
    ),
    // Wowza's events carry no time.
    timed: false,
    accepted: received,
    duplicate,
    oneTime: true,
    resend: {
      withOtherUnsignedFields: (body, n) =>
        createTestStreamNotification({
          token: TOKEN,
          format: 'wowza',
          ...signedPair((JSON.parse(body) as { ApiSyncRequest: { ID: string; Puzzle: string } }).ApiSyncRequest),
          events: [{ stream: `live/variant-${n}` }, { stream: 'live/other', action: 'unpublish' }],
        }).body,
      is: 'duplicate',
    },
  }),
  defineKit({
    name: 'pay-per-view sync',
    tag: 'pay-per-view',
    kind: (handled) =>
      payPerViewKind({
        onPayPerViewSync: (sync) => {
          handled.push(sync);
          return { deny: sync.players.filter((player) => player.id !== 'paid').map((player) => player.id) };
        },
      }),
    verifier: () => createPayPerViewSyncVerifier({ token: TOKEN, now: testClock }),
    parse: parsePayPerViewSync,
    genuine: () => createTestPayPerViewSync({ token: TOKEN, players: [{ id: `viewer-${++made}` }, { id: 'paid' }, { id: `viewer-${++made}`, stream: 'vod/a/b.mp4' }] }).body,
    forgeries: forged(
      (forge: PayPerViewForgery) => createTestPayPerViewSync({ token: TOKEN, forge }).body,
      () => 'INVALID_SIGNATURE',
      'wrong-token',
      'tampered-signature',
      'unsigned',
    ),
    // A sync carries no time.
    timed: false,
    accepted: denyAnswer,
    duplicate: denyAnswer,
    oneTime: true,
    resend: {
      // The signature covers ID + Puzzle, not the players: a replay is answered the first delivery's deny list.
      withOtherUnsignedFields: (body, n) => createTestPayPerViewSync({ token: TOKEN, ...signedPair(JSON.parse(body)), players: [{ id: `other-${n}` }, { id: 'paid' }] }).body,
      is: 'duplicate',
    },
  }),
  defineKit({
    name: 'publish control',
    tag: 'publish-control',
    // Publishers whose id starts with "ok" may publish; the seq is answered as a number to check that the
    // answer echoes the request's own.
    kind: (handled) =>
      publishControlKind({
        onPublishControlRequest: (request) => {
          handled.push(request);
          return request.requests.map((item) => ({ seq: Number(item.seq), allow: item.id.startsWith('ok') }));
        },
      }),
    verifier: createPublishControlRequestVerifier,
    parse: parsePublishControlRequest,
    genuine: () => createTestPublishControlRequest({ publishers: [{ id: `ok-${++made}` }, { id: 'refused', stream: 'live/other' }] }).body,
    // Unsigned: bodies of its shape that are not valid.
    forgeries: [
      { name: 'a stream that is not app/name', body: () => JSON.stringify({ PublishAuthRequest: [{ seq: '1', stream: 'no-slash' }] }), code: 'INVALID_NOTIFICATION' },
      { name: 'an item without seq', body: () => JSON.stringify({ PublishAuthRequest: [{ id: 'a', stream: 'live/a' }] }), code: 'INVALID_NOTIFICATION' },
      { name: 'PublishAuthRequest not a list', body: () => JSON.stringify({ PublishAuthRequest: { seq: '1', stream: 'live/a' } }), code: 'INVALID_NOTIFICATION' },
    ],
    timed: false,
    accepted: publishAnswer,
    duplicate: publishAnswer,
    oneTime: false,
  }),
  defineKit({
    name: 'playback authorization',
    tag: 'playback-authorization',
    kind: (handled) =>
      playbackAuthorizationKind({
        onPlaybackAuthorizationRequest: (request) => {
          handled.push(request);
          return request.url.includes('/paid/') ? { allow: true } : { redirect: 'https://cdn.example.com/vod/blocked.mp4/playlist.m3u8' };
        },
      }),
    verifier: createPlaybackAuthorizationRequestVerifier,
    parse: parsePlaybackAuthorizationRequest,
    genuine: () => createTestPlaybackAuthorizationRequest({ url: `/paid/stream-${++made}/playlist.m3u8`, referer: 'https://example.com/' }).body,
    // Unsigned: a playback request's shape (its url) with a known field of the wrong type. (A body without a
    // url is no kind's: UNKNOWN_NOTIFICATION_KIND.)
    forgeries: [
      { name: 'a user_agent that is not a string', body: () => JSON.stringify({ url: '/paid/a/playlist.m3u8', user_agent: 5 }), code: 'INVALID_NOTIFICATION' },
      { name: 'a referer that is not a string', body: () => JSON.stringify({ url: '/paid/a/playlist.m3u8', referer: ['https://example.com/'] }), code: 'INVALID_NOTIFICATION' },
      { name: 'a host that is not a string', body: () => JSON.stringify({ url: '/paid/a/playlist.m3u8', host: 8081 }), code: 'INVALID_NOTIFICATION' },
    ],
    timed: false,
    accepted: () => ({ return_code: 200 }),
    duplicate: () => ({ return_code: 200 }),
    oneTime: false,
  }),
  defineKit({
    name: 'advertizer session',
    tag: 'advertizer-session',
    kind: (handled) =>
      advertizerSessionKind({
        onAdvertizerSessions: (request) => {
          handled.push(request);
          return { rules: [SESSION_RULE], rules_response: request.ruleRequests.map(({ session }) => ({ session, rules: ['pre-roll'], request_interval: 10 })) };
        },
      }),
    verifier: createAdvertizerSessionRequestVerifier,
    parse: parseAdvertizerSessionRequest,
    genuine: () =>
      createTestAdvertizerSessionRequest({
        sessions: [{ session: ++made, views: [{ rule: 'pre-roll', content: '2' }] }, { session: ++made, state: 'inactive' }],
        ruleRequests: [{ session: ++made, stream: `stream-${made}` }, { session: ++made, protocol: 'sldp' }],
      }).body,
    // Unsigned: bodies of its shape (session_info or rules_request) that are not valid.
    forgeries: [
      { name: 'session_info not a list', body: () => JSON.stringify({ session_info: { session: 1, app: 'live', stream: 'a' } }), code: 'INVALID_NOTIFICATION' },
      { name: 'a rule request without a session', body: () => JSON.stringify({ rules_request: [{ app: 'live', stream: 'a' }] }), code: 'INVALID_NOTIFICATION' },
      { name: 'a negative session number', body: () => JSON.stringify({ rules_request: [{ session: -1, app: 'live', stream: 'a' }] }), code: 'INVALID_NOTIFICATION' },
      { name: 'a view without its rule', body: () => JSON.stringify({ session_info: [{ session: 1, app: 'live', stream: 'a', views: [{ content: '2' }] }] }), code: 'INVALID_NOTIFICATION' },
    ],
    timed: false,
    accepted: sessionAnswer,
    duplicate: sessionAnswer,
    oneTime: false,
  }),
];

/** The kit named `name`. */
export function kit(name: KitName): Kit {
  const found = kits.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`No kit named ${name}`);
  return found;
}
