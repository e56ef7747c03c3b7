import { describe, expect, it } from 'vitest';
import { createNotificationReceiver, type ReplayStore } from '../src/index.js';
import { NOW, TOKEN, genuine } from './helpers.js';

const body = JSON.stringify(genuine());

describe('createNotificationReceiver', () => {
  it('reserves the replay key until the notification would be stale, and releases it when the handler fails', async () => {
    const calls: string[] = [];
    const store: ReplayStore = {
      reserve: (key, ttlMs) => {
        calls.push(`reserve ${ttlMs}`);
        return true;
      },
      release: () => {
        calls.push('release');
      },
    };
    const receiver = createNotificationReceiver({
      token: TOKEN,
      now: () => NOW + 60_000,
      replayStore: store,
      onNotification: () => {
        throw new Error('x');
      },
    });
    const result = await receiver.receive({ method: 'POST', readBody: async () => body });
    expect(result.status).toBe(500);
    expect(result.handlerFailed).toBe(true);
    expect((result.handlerError as Error).message).toBe('x');
    // time is NOW, maxAgeSeconds 3600, received a minute later: 59 minutes left.
    expect(calls).toEqual([`reserve ${3_540_000}`, 'release']);
  });

  it('reports a failing release to onError and still answers 500', async () => {
    const errors: unknown[] = [];
    const receiver = createNotificationReceiver({
      token: TOKEN,
      now: () => NOW,
      replayStore: { reserve: async () => true, release: async () => Promise.reject(new Error('release failed')) },
      onNotification: () => Promise.reject(new Error('handler failed')),
      onError: (error) => errors.push(error),
    });
    const result = await receiver.receive({ method: 'POST', readBody: async () => body });
    expect(result.status).toBe(500);
    expect(errors.map((e) => (e as Error).message)).toEqual(['release failed', 'handler failed']);
  });

  it('a body reader that fails with its own error is a 400, not a rejection', async () => {
    const receiver = createNotificationReceiver({ token: TOKEN, onNotification: () => undefined });
    const result = await receiver.receive({ method: 'POST', readBody: () => Promise.reject(new Error('socket hang up')) });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ error: { code: 'INVALID_JSON', message: 'Body could not be read' } });
  });

  it('does not read the body of a request that is not a POST', async () => {
    let read = false;
    const receiver = createNotificationReceiver({ token: TOKEN, onNotification: () => undefined });
    const result = await receiver.receive({
      method: 'GET',
      readBody: async () => {
        read = true;
        return body;
      },
    });
    expect(result.status).toBe(405);
    expect(result.headers.allow).toBe('POST');
    expect(read).toBe(false);
  });

  it('exposes the body limits it was given, with defaults', () => {
    const onNotification = (): void => undefined;
    expect(createNotificationReceiver({ token: TOKEN, onNotification }).limits).toEqual({ maxBodyBytes: 8192, bodyTimeoutMs: 10_000 });
    expect(createNotificationReceiver({ token: TOKEN, onNotification, maxBodyBytes: 100, bodyTimeoutMs: 5 }).limits).toEqual({
      maxBodyBytes: 100,
      bodyTimeoutMs: 5,
    });
  });

  it('a now clock that throws or returns garbage is a 500, never a rejection', async () => {
    const onNotification = (): void => undefined;
    const throwing = createNotificationReceiver({
      token: TOKEN,
      onNotification,
      now: () => {
        throw new Error('clock broke');
      },
    });
    const garbage = createNotificationReceiver({ token: TOKEN, onNotification, now: () => Number.NaN });
    for (const receiver of [throwing, garbage]) {
      const result = await receiver.receive({ method: 'POST', readBody: async () => body });
      expect(result.status).toBe(500);
      expect(result.handlerFailed).toBe(true);
    }
  });
});
