import { describe, expectTypeOf, it } from 'vitest';
import {
  createMemoryReplayStore,
  isNotificationError,
  parseNotification,
  verifyDigest,
  verifyNotification,
  type NotificationErrorCode,
  type NotificationHandlerOptions,
  type PayPerViewSync,
  type AdvertizerSessionRequest,
  type PlaybackAuthorizationRequest,
  type PublishControlRequest,
  type ReceiveResult,
  type ReplayDone,
  type ReplayState,
  type ReplayStore,
  type ServerStatus,
  type ServerStatusNotification,
  type StreamNotification,
  type VerifyNotificationOptions,
  type NotificationError,
} from '../src/index.js';
import { createExpressMiddleware } from '../src/adapters/express.js';

describe('public types', () => {
  it('parseNotification and verifyNotification return a ServerStatusNotification', () => {
    expectTypeOf(parseNotification).returns.toEqualTypeOf<ServerStatusNotification>();
    expectTypeOf(verifyNotification).returns.toEqualTypeOf<ServerStatusNotification>();
    expectTypeOf<ServerStatusNotification['date']>().toEqualTypeOf<Date>();
  });

  it('status is "offline" or any other string, and keeps autocompletion of "offline"', () => {
    expectTypeOf<'offline'>().toExtend<ServerStatus>();
    expectTypeOf<'degraded'>().toExtend<ServerStatus>();
    expectTypeOf<ServerStatus>().toExtend<string>();
  });

  it('token is required; servers is a list or a predicate', () => {
    expectTypeOf<{ token: string }>().toExtend<VerifyNotificationOptions>();
    expectTypeOf<{ token: string[] }>().toExtend<VerifyNotificationOptions>();
    expectTypeOf<{ maxAgeSeconds: number }>().not.toExtend<VerifyNotificationOptions>();
    expectTypeOf<{ token: string; servers: (s: string) => boolean }>().toExtend<VerifyNotificationOptions>();
    expectTypeOf<{ token: string; servers: string }>().not.toExtend<VerifyNotificationOptions>();
  });

  it('verifyDigest takes { time, digest } and returns boolean', () => {
    expectTypeOf(verifyDigest).parameter(0).toEqualTypeOf<{ readonly time: string; readonly digest: string }>();
    expectTypeOf(verifyDigest).returns.toEqualTypeOf<boolean>();
  });

  it('isNotificationError narrows, and code is a closed union', () => {
    const value: unknown = null;
    if (isNotificationError(value)) expectTypeOf(value.code).toEqualTypeOf<NotificationErrorCode>();
    expectTypeOf<'INVALID_DIGEST'>().toExtend<NotificationErrorCode>();
    expectTypeOf<'SOMETHING_ELSE'>().not.toExtend<NotificationErrorCode>();
  });

  it('the memory store is a ReplayStore', () => {
    expectTypeOf(createMemoryReplayStore()).toExtend<ReplayStore>();
  });

  it('the memory store answers synchronously, with a ReplayState or a ReplayDone carrying the kept answer', () => {
    expectTypeOf(createMemoryReplayStore().reserve).returns.toEqualTypeOf<ReplayState | ReplayDone>();
    expectTypeOf<ReplayDone>().toEqualTypeOf<{ state: 'done'; answer: string }>();
    expectTypeOf<'reserved' | 'in-progress' | 'done'>().toEqualTypeOf<ReplayState>();
    expectTypeOf<{ reserve: () => boolean; release: () => void }>().not.toExtend<ReplayStore>();
  });

  it('a ReceiveResult narrows on outcome: failed carries an Error, refused and in-progress a NotificationError', () => {
    const result = null as unknown as ReceiveResult;
    if (result.outcome === 'failed') expectTypeOf(result.error).toEqualTypeOf<Error>();
    if (result.outcome === 'refused') expectTypeOf(result.error.code).toEqualTypeOf<NotificationErrorCode>();
    if (result.outcome === 'in-progress') expectTypeOf(result.error.code).toEqualTypeOf<NotificationErrorCode>();
    if (result.outcome === 'accepted') expectTypeOf(result.notification).toEqualTypeOf<ServerStatusNotification | StreamNotification | PayPerViewSync | PublishControlRequest | PlaybackAuthorizationRequest | AdvertizerSessionRequest>();
    expectTypeOf<'NOTIFICATION_IN_PROGRESS' | 'HANDLER_TIMEOUT' | 'BODY_UNREADABLE'>().toExtend<NotificationErrorCode>();
  });

  it('onNotification and onStreamNotification take ordinary handlers whatever they return (the value is ignored)', () => {
    const db = { insert: async (_row: unknown) => 42 };
    const queue: unknown[] = [];
    expectTypeOf({ token: 't', onNotification: async (n: ServerStatusNotification) => db.insert(n) }).toExtend<NotificationHandlerOptions>();
    expectTypeOf({ token: 't', onNotification: (n: ServerStatusNotification) => queue.push(n) }).toExtend<NotificationHandlerOptions>();
    expectTypeOf({ token: 't', onStreamNotification: (n: StreamNotification) => queue.push(n) }).toExtend<NotificationHandlerOptions>();
    expectTypeOf({ token: 't', onStreamNotification: async (n: StreamNotification) => db.insert(n) }).toExtend<NotificationHandlerOptions>();
  });

  it('onPayPerViewSync may return a decision, nothing, or a promise of either; not a bare list', () => {
    expectTypeOf<{ token: string; onPayPerViewSync: () => { deny: string[] } }>().toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ token: string; onPayPerViewSync: () => Promise<{ deny: Set<string> }> }>().toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ token: string; onPayPerViewSync: () => Promise<void> }>().toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ token: string; onPayPerViewSync: () => void }>().toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ token: string; onPayPerViewSync: () => string[] }>().not.toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ token: string; onPayPerViewSync: () => { deny: boolean } }>().not.toExtend<NotificationHandlerOptions>();
  });

  it('authorization callbacks return decisions; the token is optional in the options type', () => {
    expectTypeOf<{ onPublishControlRequest: (r: PublishControlRequest) => { seq: string | number; allow: boolean }[] }>().toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ onPlaybackAuthorizationRequest: () => Promise<{ redirect: string }> }>().toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ onPlaybackAuthorizationRequest: () => { allow: true } }>().toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ onPlaybackAuthorizationRequest: () => { allow: 'yes' } }>().not.toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ onPublishControlRequest: () => { seq: string } }>().not.toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ failureDecision: 'allow'; allowedSenders: string[] }>().toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ failureDecision: 'maybe' }>().not.toExtend<NotificationHandlerOptions>();
  });

  it("onError receives a NotificationError: its code and status read without a cast, the application's own error is its cause", () => {
    const options: NotificationHandlerOptions = {
      token: 't',
      onNotification: () => undefined,
      onError: (error) => console.warn(error.code, error.status, error.message, error.cause),
    };
    expectTypeOf(options).toExtend<NotificationHandlerOptions>();
    expectTypeOf(createExpressMiddleware).toBeCallableWith({ token: 't', onNotification: () => undefined, onError: (error) => error.code === 'INVALID_DIGEST' });
    expectTypeOf<Parameters<NonNullable<NotificationHandlerOptions['onError']>>[0]>().toEqualTypeOf<NotificationError>();
    expectTypeOf<NotificationError['code']>().toEqualTypeOf<NotificationErrorCode>();
    expectTypeOf<NotificationError['cause']>().toEqualTypeOf<unknown>();
    // A hook written for anything still fits.
    expectTypeOf<{ token: string; onNotification: () => void; onError: (error: unknown) => void }>().toExtend<NotificationHandlerOptions>();
  });

  it('the Express middleware carries an error handler of four parameters (what Express calls with errors)', () => {
    type Middleware = ReturnType<typeof createExpressMiddleware>;
    expectTypeOf<Parameters<Middleware['errorHandler']>['length']>().toEqualTypeOf<4>();
    expectTypeOf<Parameters<Middleware>['length']>().toEqualTypeOf<3>();
  });

  it('onError may be async; statuses is a list or a predicate', () => {
    expectTypeOf<{ token: string; onNotification: () => void; onError: () => Promise<void> }>().toExtend<NotificationHandlerOptions>();
    expectTypeOf<{ token: string; statuses: readonly string[] }>().toExtend<VerifyNotificationOptions>();
    expectTypeOf<{ token: string; statuses: 'offline' }>().not.toExtend<VerifyNotificationOptions>();
  });
});
