// The types of kinds as values: what `switch (result.kind)` narrows to, for every kind and for a receiver of
// two; onError's info; the explicit form's options; the prepared verifiers; verifyRequest's overloads.
import { describe, expectTypeOf, it } from 'vitest';
import {
  createNotificationReceiver,
  createNotificationVerifier,
  createPayPerViewSyncVerifier,
  createPlaybackAuthorizationRequestVerifier,
  createPublishControlRequestVerifier,
  createReceiver,
  createStreamNotificationVerifier,
  payPerViewKind,
  playbackAuthorizationKind,
  publishControlKind,
  serverStatusKind,
  streamKind,
  type ErrorInfo,
  type ErrorInfoOf,
  type EveryKind,
  type NotificationError,
  type NotificationVerifier,
  type PayPerViewKindOptions,
  type PayPerViewSync,
  type PlaybackAuthorizationKindOptions,
  type AdvertizerSessionRequest,
  type PlaybackAuthorizationRequest,
  type PublishControlKindOptions,
  type PublishControlRequest,
  type Received,
  type ReceivedKind,
  type ReceiveResult,
  type ServerStatusKindOptions,
  type ServerStatusNotification,
  type StreamKindOptions,
  type StreamNotification,
} from '../../src/index.js';
import { verifyRequest } from '../../src/adapters/fetch.js';

type Tag = EveryKind['kind'];
type TwoKinds = Received<'server-status', ServerStatusNotification> | Received<'stream', StreamNotification>;

const twoKinds = () =>
  createReceiver({
    token: 't',
    kinds: [serverStatusKind({ onNotification: () => undefined }), streamKind({ onStreamNotification: () => undefined })],
  });

describe('createNotificationReceiver: every kind', () => {
  it('switch (result.kind) narrows result.notification to each kind\'s request, and nothing is left', async () => {
    const receiver = createNotificationReceiver({ token: 't', onNotification: () => undefined });
    expectTypeOf(receiver.kinds).toEqualTypeOf<readonly Tag[]>();
    const result = await receiver.receive({ method: 'POST', readBody: async () => '{}' });
    expectTypeOf(result).toEqualTypeOf<ReceiveResult>();
    if (result.outcome !== 'accepted') return;
    expectTypeOf(result.kind).toEqualTypeOf<Tag>();
    switch (result.kind) {
      case 'server-status':
        expectTypeOf(result.notification).toEqualTypeOf<ServerStatusNotification>();
        break;
      case 'stream':
        expectTypeOf(result.notification).toEqualTypeOf<StreamNotification>();
        break;
      case 'pay-per-view':
        expectTypeOf(result.notification).toEqualTypeOf<PayPerViewSync>();
        break;
      case 'publish-control':
        expectTypeOf(result.notification).toEqualTypeOf<PublishControlRequest>();
        break;
      case 'playback-authorization':
        expectTypeOf(result.notification).toEqualTypeOf<PlaybackAuthorizationRequest>();
        break;
      case 'advertizer-session':
        expectTypeOf(result.notification).toEqualTypeOf<AdvertizerSessionRequest>();
        break;
      default:
        expectTypeOf(result).toBeNever();
    }
  });

  it('a refused or failed result may have no kind, and a notification only as one of the kinds\'', async () => {
    const result = await createNotificationReceiver({ token: 't', onNotification: () => undefined }).receive({ method: 'POST', readBody: async () => '{}' });
    if (result.outcome === 'refused' || result.outcome === 'failed') {
      expectTypeOf(result.kind).toEqualTypeOf<Tag | undefined>();
      if (result.kind === undefined) expectTypeOf(result.notification).toEqualTypeOf<undefined>();
      if (result.kind === 'pay-per-view') expectTypeOf(result.notification).toEqualTypeOf<PayPerViewSync | undefined>();
    }
    // Verified outcomes always carry their kind.
    if (result.outcome === 'duplicate' || result.outcome === 'in-progress' || result.outcome === 'defaulted') expectTypeOf(result.kind).toEqualTypeOf<Tag>();
  });
});

describe('createReceiver with two kinds', () => {
  it('only their two tags are possible: result.kind, receiver.kinds, and a refused result\'s kind (or undefined)', async () => {
    const receiver = twoKinds();
    expectTypeOf(receiver.kinds).toEqualTypeOf<readonly ('server-status' | 'stream')[]>();
    const result = await receiver.receive({ method: 'POST', readBody: async () => '{}' });
    expectTypeOf(result).toEqualTypeOf<ReceiveResult<TwoKinds>>();
    if (result.outcome === 'refused') {
      expectTypeOf(result.kind).toEqualTypeOf<'server-status' | 'stream' | undefined>();
      expectTypeOf(result.notification).toEqualTypeOf<ServerStatusNotification | StreamNotification | undefined>();
    }
    if (result.outcome === 'accepted') {
      expectTypeOf(result.kind).toEqualTypeOf<'server-status' | 'stream'>();
      // Not a server status notification: then a stream notification, nothing else.
      if (result.kind === 'server-status') expectTypeOf(result.notification).toEqualTypeOf<ServerStatusNotification>();
      else expectTypeOf(result.notification).toEqualTypeOf<StreamNotification>();
      // @ts-expect-error: this receiver receives no pay-per-view syncs
      if (result.kind === 'pay-per-view') return;
    }
  });

  it('onError\'s info is about its two kinds, and narrows as the result does', () => {
    createReceiver({
      token: 't',
      kinds: [serverStatusKind({ onNotification: () => undefined }), streamKind({ onStreamNotification: () => undefined })],
      onError: (error, info) => {
        expectTypeOf(error).toEqualTypeOf<NotificationError>();
        expectTypeOf(info).toEqualTypeOf<ErrorInfoOf<TwoKinds>>();
        expectTypeOf(info.kind).toEqualTypeOf<'server-status' | 'stream' | undefined>();
        expectTypeOf(info.receivedAt).toEqualTypeOf<Date>();
      },
    });
  });

  it('the kinds are kind values: neither a plain object nor an empty list of the wrong type', () => {
    // @ts-expect-error: a callback alone is not a kind
    createReceiver({ token: 't', kinds: [{ onNotification: () => undefined }] });
    // @ts-expect-error: kinds is required
    createReceiver({ token: 't' });
  });
});

describe('ErrorInfo', () => {
  it('narrows on kind: a verified request of that kind, or none yet; no kind, no notification', () => {
    const info = null as unknown as ErrorInfo;
    expectTypeOf(info.kind).toEqualTypeOf<Tag | undefined>();
    if (info.kind === 'server-status') expectTypeOf(info.notification).toEqualTypeOf<ServerStatusNotification | undefined>();
    if (info.kind === 'stream' && info.notification !== undefined) expectTypeOf(info.notification.events).toEqualTypeOf<StreamNotification['events']>();
    if (info.kind === 'publish-control') expectTypeOf(info.notification).toEqualTypeOf<PublishControlRequest | undefined>();
    if (info.kind === undefined) expectTypeOf(info.notification).toEqualTypeOf<undefined>();
    expectTypeOf<ErrorInfo<TwoKinds>['kind']>().toEqualTypeOf<'server-status' | 'stream' | undefined>();
  });
});

describe('the kind functions\' options', () => {
  it('each kind returns a value of its tag and request type', () => {
    expectTypeOf(serverStatusKind).returns.toEqualTypeOf<ReceivedKind<'server-status', ServerStatusNotification>>();
    expectTypeOf(streamKind).returns.toEqualTypeOf<ReceivedKind<'stream', StreamNotification>>();
    expectTypeOf(payPerViewKind).returns.toEqualTypeOf<ReceivedKind<'pay-per-view', PayPerViewSync>>();
    expectTypeOf(publishControlKind).returns.toEqualTypeOf<ReceivedKind<'publish-control', PublishControlRequest>>();
    expectTypeOf(playbackAuthorizationKind).returns.toEqualTypeOf<ReceivedKind<'playback-authorization', PlaybackAuthorizationRequest>>();
  });

  it('serverStatusKind requires onNotification, typed to its request; takes the allowlists; rejects another kind\'s callback', () => {
    expectTypeOf({ onNotification: (n: ServerStatusNotification) => n.server }).toExtend<ServerStatusKindOptions>();
    expectTypeOf({ onNotification: async () => 42, servers: ['edge1.example.com'], statuses: (status: string) => status === 'offline' }).toExtend<ServerStatusKindOptions>();
    expectTypeOf({}).not.toExtend<ServerStatusKindOptions>();
    expectTypeOf({ servers: ['edge1.example.com'] }).not.toExtend<ServerStatusKindOptions>();
    expectTypeOf({ onNotification: 'log' }).not.toExtend<ServerStatusKindOptions>();
    expectTypeOf({ onNotification: (n: StreamNotification) => n.events }).not.toExtend<ServerStatusKindOptions>();
    expectTypeOf({ onNotification: () => undefined, servers: 'edge1.example.com' }).not.toExtend<ServerStatusKindOptions>();
    // @ts-expect-error: onNotification is required
    serverStatusKind({ servers: ['edge1.example.com'] });
    // @ts-expect-error: the stream kind's callback is not an option of this one
    serverStatusKind({ onNotification: () => undefined, onStreamNotification: () => undefined });
    // @ts-expect-error: a callback of another kind's request
    serverStatusKind({ onNotification: (sync: PayPerViewSync) => sync.players });
  });

  it('the other kinds require their own callback, and check what it returns', () => {
    expectTypeOf({}).not.toExtend<StreamKindOptions>();
    expectTypeOf({ onNotification: () => undefined }).not.toExtend<StreamKindOptions>();
    expectTypeOf({ onPayPerViewSync: () => ({ deny: ['1'] }) }).toExtend<PayPerViewKindOptions>();
    expectTypeOf({ onPayPerViewSync: async () => undefined }).toExtend<PayPerViewKindOptions>();
    expectTypeOf({ onPayPerViewSync: () => ['1'] }).not.toExtend<PayPerViewKindOptions>();
    expectTypeOf({ onPublishControlRequest: (r: PublishControlRequest) => r.requests.map((item) => ({ seq: item.seq, allow: true })), failureDecision: 'allow' as const }).toExtend<PublishControlKindOptions>();
    expectTypeOf({ onPublishControlRequest: () => [], failureDecision: 'maybe' as const }).not.toExtend<PublishControlKindOptions>();
    expectTypeOf({ onPlaybackAuthorizationRequest: () => ({ redirect: 'https://cdn.example.com/' }) }).toExtend<PlaybackAuthorizationKindOptions>();
    expectTypeOf({ onPlaybackAuthorizationRequest: () => ({ allow: 'yes' }) }).not.toExtend<PlaybackAuthorizationKindOptions>();
    // @ts-expect-error: the server status callback is not an option of the stream kind
    streamKind({ onNotification: () => undefined });
    // @ts-expect-error: a bare list is not a decision
    payPerViewKind({ onPayPerViewSync: () => ['1'] });
  });
});

describe('prepared verifiers', () => {
  it('are of their tag, and verify into their kind\'s request', () => {
    const serverStatus = createNotificationVerifier({ token: 't' });
    expectTypeOf(serverStatus).toEqualTypeOf<NotificationVerifier<'server-status', ServerStatusNotification>>();
    expectTypeOf(serverStatus.kind).toEqualTypeOf<'server-status'>();
    expectTypeOf(serverStatus.verify).returns.toEqualTypeOf<ServerStatusNotification>();
    expectTypeOf(serverStatus.verify).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(createStreamNotificationVerifier({ token: 't' })).toEqualTypeOf<NotificationVerifier<'stream', StreamNotification>>();
    expectTypeOf(createPayPerViewSyncVerifier({ token: 't' })).toEqualTypeOf<NotificationVerifier<'pay-per-view', PayPerViewSync>>();
    expectTypeOf(createPublishControlRequestVerifier()).toEqualTypeOf<NotificationVerifier<'publish-control', PublishControlRequest>>();
    expectTypeOf(createPlaybackAuthorizationRequestVerifier()).toEqualTypeOf<NotificationVerifier<'playback-authorization', PlaybackAuthorizationRequest>>();
    expectTypeOf(createStreamNotificationVerifier({ token: 't' })).toExtend<NotificationVerifier<string, unknown>>();
  });

  it('the signed kinds\' need a token; the unsigned kinds\' take no options', () => {
    // @ts-expect-error: a token is required
    createStreamNotificationVerifier({});
    // @ts-expect-error: a token is required
    createPayPerViewSyncVerifier({ now: () => 0 });
    expectTypeOf(createPublishControlRequestVerifier).parameters.toEqualTypeOf<[]>();
    expectTypeOf(createPlaybackAuthorizationRequestVerifier).parameters.toEqualTypeOf<[]>();
  });
});

describe('verifyRequest (fetch)', () => {
  const request = null as unknown as Request;

  it('given options, verifies a server status notification; given a prepared verifier, its kind\'s request', () => {
    expectTypeOf(verifyRequest(request, { token: 't' })).toEqualTypeOf<Promise<ServerStatusNotification>>();
    expectTypeOf(verifyRequest(request, { token: ['old', 'new'], servers: ['edge1.example.com'], maxBodyBytes: 4096 })).toEqualTypeOf<Promise<ServerStatusNotification>>();
    expectTypeOf(verifyRequest(request, createNotificationVerifier({ token: 't' }))).toEqualTypeOf<Promise<ServerStatusNotification>>();
    expectTypeOf(verifyRequest(request, createStreamNotificationVerifier({ token: 't' }))).toEqualTypeOf<Promise<StreamNotification>>();
    expectTypeOf(verifyRequest(request, createPayPerViewSyncVerifier({ token: 't' }), { maxBodyBytes: 1 << 20 })).toEqualTypeOf<Promise<PayPerViewSync>>();
    expectTypeOf(verifyRequest(request, createPublishControlRequestVerifier())).toEqualTypeOf<Promise<PublishControlRequest>>();
    expectTypeOf(verifyRequest(request, createPlaybackAuthorizationRequestVerifier(), { bodyTimeoutMs: 1000 })).toEqualTypeOf<Promise<PlaybackAuthorizationRequest>>();
  });

  it('refuses options without a token, and limits as a third argument beside options (they go in the options)', () => {
    // @ts-expect-error: a token is required
    void verifyRequest(request, { maxBodyBytes: 4096 });
    // @ts-expect-error: the limits are options of the first form
    void verifyRequest(request, { token: 't' }, { maxBodyBytes: 4096 });
    // @ts-expect-error: a kind value is not a verifier
    void verifyRequest(request, streamKind({ onStreamNotification: () => undefined }));
  });
});
