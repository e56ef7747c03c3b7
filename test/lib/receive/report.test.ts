// What the receive step tells the application (src/lib/receive/report.ts): what onError receives, and the
// one redacted log line when there is no onError.
import { describe, expect, it } from 'vitest';
import { createNotificationReceiver, isNotificationError, type NotificationHandlerOptions } from '../../../src/index.js';
import { NOW, TOKEN, genuine } from '../../helpers.js';
import { receiverWith } from './receiver.js';

const body = JSON.stringify(genuine());

describe('what onError receives: always a NotificationError (its code needs no cast), the application\'s own error as its cause', () => {
  /** A receiver whose onError records, with a replay store made of `store` over a store that works. */
  function reporting(extra: Partial<NotificationHandlerOptions>) {
    const { receiver, errors, send } = receiverWith(extra);
    const codes = () => errors.map((error) => (isNotificationError(error) ? error.code : `not a NotificationError: ${String(error)}`));
    const causes = () => errors.map((error) => (error as Error).cause);
    return { receiver, errors, send, codes, causes };
  }
  const working = { reserve: () => 'reserved' as const, commit: () => undefined, release: () => undefined };
  const brokenHandler = new Error('database down');

  it.each([
    ['a now clock that throws a string', 'HANDLER_FAILED', { now: () => { throw 'clock broke'; } }, 'clock broke', 500],
    ['a servers predicate that throws a number', 'HANDLER_FAILED', { servers: () => { throw 42; } }, 42, 500],
    ['a statuses predicate that throws an Error', 'HANDLER_FAILED', { statuses: () => { throw brokenHandler; } }, brokenHandler, 500],
    ['onNotification that throws an Error', 'HANDLER_FAILED', { onNotification: () => { throw brokenHandler; } }, brokenHandler, 500],
    ['a commit that rejects with a string', 'REPLAY_STORE_UNAVAILABLE', { replayStore: { ...working, commit: () => Promise.reject('redis gone') } }, 'redis gone', 200],
    ['a commit that throws a number', 'REPLAY_STORE_UNAVAILABLE', { replayStore: { ...working, commit: () => { throw 7; } } }, 7, 200],
    ['a reserve that rejects with a string', 'REPLAY_STORE_UNAVAILABLE', { replayStore: { ...working, reserve: () => Promise.reject('redis gone') } }, 'redis gone', 503],
  ] as [string, string, Partial<NotificationHandlerOptions>, unknown, number][])('%s: %s, with the thrown value as cause', async (_name, code, extra, cause, status) => {
    const { send, codes, causes } = reporting(extra);
    const result = await send();
    expect(result.status).toBe(status);
    expect(codes()).toEqual([code]);
    expect(causes()).toEqual([cause]);
  });

  it('a failing onNotification: onError gets HANDLER_FAILED wrapping it; the framework still gets the Error itself', async () => {
    const { send, errors } = reporting({ onNotification: () => Promise.reject(brokenHandler) });
    const result = await send();
    expect(result.outcome === 'failed' && result.error).toBe(brokenHandler);
    expect(errors).toHaveLength(1);
    expect(isNotificationError(errors[0]) && errors[0].code).toBe('HANDLER_FAILED');
    expect((errors[0] as Error).cause).toBe(brokenHandler);
  });

  it('a handler that throws a NotificationError of its own (say, from a nested verifyNotification) is HANDLER_FAILED, not a refusal', async () => {
    const nested = new (await import('../../../src/index.js')).NotificationError('INVALID_DIGEST', 'nested');
    const { send, codes, causes } = reporting({ onNotification: () => { throw nested; } });
    expect((await send()).status).toBe(500);
    expect(codes()).toEqual(['HANDLER_FAILED']);
    expect(causes()).toEqual([nested]);
  });

  it('a handler timeout is HANDLER_TIMEOUT as it is', async () => {
    const { send, codes } = reporting({ handlerTimeoutMs: 20, onNotification: () => new Promise(() => undefined) });
    expect((await send()).status).toBe(503);
    expect(codes()).toEqual(['HANDLER_TIMEOUT']);
  });

  it('a release that rejects with a non-Error after a failing handler: both reported as NotificationErrors', async () => {
    const { send, codes, causes } = reporting({
      replayStore: { ...working, release: () => Promise.reject({ reason: 'gone' }) },
      onNotification: () => Promise.reject(brokenHandler),
    });
    expect((await send()).status).toBe(500);
    expect(codes()).toEqual(['REPLAY_STORE_UNAVAILABLE', 'HANDLER_FAILED']);
    expect(causes()).toEqual([{ reason: 'gone' }, brokenHandler]);
  });

  it('a failing authorization callback (answered with the failureDecision) is HANDLER_FAILED wrapping what it threw', async () => {
    const { createTestPublishControlRequest } = await import('../../../src/testing.js');
    const errors: unknown[] = [];
    const receiver = createNotificationReceiver({
      onPublishControlRequest: () => {
        throw brokenHandler;
      },
      onError: (error) => void errors.push(error),
    });
    const result = await receiver.receive({ method: 'POST', readBody: async () => createTestPublishControlRequest().body });
    expect(result.outcome).toBe('defaulted');
    expect(errors.map((error) => isNotificationError(error) && [error.code, error.cause])).toEqual([['HANDLER_FAILED', brokenHandler]]);
  });

  it('a pay-per-view replay whose store kept no answer, or one it cannot read, is reported as REPLAY_STORE_UNAVAILABLE', async () => {
    const { createTestPayPerViewSync } = await import('../../../src/testing.js');
    const errors: unknown[] = [];
    const answers: unknown[] = [{ state: 'done', answer: 'not json' }, 'done'];
    const receiver = createNotificationReceiver({
      token: TOKEN,
      now: () => NOW,
      replayStore: { ...working, reserve: () => answers.shift() as never },
      onPayPerViewSync: () => undefined,
      onError: (error) => void errors.push(error),
    });
    const { body: sync } = createTestPayPerViewSync({ token: TOKEN });
    expect((await receiver.receive({ method: 'POST', readBody: async () => sync })).outcome).toBe('duplicate');
    expect((await receiver.receive({ method: 'POST', readBody: async () => sync })).outcome).toBe('duplicate');
    expect(errors.map((error) => isNotificationError(error) && error.code)).toEqual(['REPLAY_STORE_UNAVAILABLE', 'REPLAY_STORE_UNAVAILABLE']);
  });
});

describe('the default log line', () => {
  it('without onError, a replay store failure is logged in one line; a refusal is not', async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    try {
      const receiver = createNotificationReceiver({
        token: TOKEN,
        now: () => NOW,
        onNotification: () => undefined,
        replayStore: { reserve: () => Promise.reject(new Error(`redis auth failed: ${TOKEN}\nat line 2`)), commit: () => undefined, release: () => undefined },
      });
      await receiver.receive({ method: 'POST', readBody: async () => JSON.stringify(genuine({}, 'forged')) });
      expect(lines).toEqual([]);
      await receiver.receive({ method: 'POST', readBody: async () => body });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^wmspanel-notifications: .*REPLAY_STORE_UNAVAILABLE|replay store/i);
      expect(lines[0]).toContain('redis auth failed');
      expect(lines[0]).not.toContain(TOKEN);
      expect(lines[0]).not.toContain('\n');
    } finally {
      console.error = original;
    }
  });

  it('names what really failed: the handler\'s error and its own cause, under the package\'s wrapper', async () => {
    const { vi } = await import('vitest');
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const receiver = createNotificationReceiver({
        token: TOKEN,
        now: () => NOW + 2000,
        onNotification: () => {
          throw new Error('insert failed', { cause: new Error('ECONNREFUSED db:5432') });
        },
      });
      await receiver.receive({ method: 'POST', readBody: async () => JSON.stringify(genuine()) });
      const line = String(spy.mock.calls[0]?.[0]);
      expect(line).toContain('Error: insert failed');
      expect(line).toContain('ECONNREFUSED db:5432');
    } finally {
      spy.mockRestore();
    }
  });
});
