// The receive step (src/lib/receive/pipeline.ts): one request through method, body, verification, the bound
// per time and the handler, and the results it answers with. The replay-store side is in replay.test.ts,
// what onError and the log are told in report.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { createMemoryReplayStore, createNotificationReceiver, isNotificationError } from '../../../src/index.js';
import { NOW, TOKEN, genuine, hostileProxy } from '../../helpers.js';
import { answeredCode, receiverWith } from './receiver.js';

const body = JSON.stringify(genuine());

describe('createNotificationReceiver', () => {
  it('a body reader that fails with its own error is a 400 BODY_UNREADABLE, not a rejection', async () => {
    const receiver = createNotificationReceiver({ token: TOKEN, onNotification: () => undefined });
    const result = await receiver.receive({ method: 'POST', readBody: () => Promise.reject(new Error('socket hang up')) });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.body)).toEqual({ error: { code: 'BODY_UNREADABLE', message: 'Body could not be read' } });
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
      onError: () => undefined,
      onNotification,
      now: () => {
        throw new Error('clock broke');
      },
    });
    const garbage = createNotificationReceiver({ token: TOKEN, onNotification, onError: () => undefined, now: () => Number.NaN });
    for (const receiver of [throwing, garbage]) {
      const result = await receiver.receive({ method: 'POST', readBody: async () => body });
      expect(result.status).toBe(500);
      expect(result.outcome).toBe('failed');
    }
  });
});

describe('re-labelled notifications (the digest covers only the time)', () => {
  it('10,000 server/status variants of one captured notification run onNotification at most 100 times and evict nothing', async () => {
    const replayStore = createMemoryReplayStore({ now: () => NOW });
    const { handled, send } = receiverWith({ replayStore });
    const other = { time: '2026-11-26 09:59:00 UTC' };
    expect((await send(other)).outcome).toBe('accepted');
    expect((await send()).outcome).toBe('accepted');
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const result = await send(i % 2 === 0 ? { status: `s${i}` } : { server: `relabelled${i}.example.com` });
      outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
      if (result.outcome === 'refused') expect(result.status).toBe(429);
    }
    // The original took one of the 100 places: 99 variants got through.
    expect(handled).toHaveLength(2 + 99);
    expect(outcomes.get('refused')).toBe(10_000 - 99);
    expect(replayStore.size).toBe(2 + 99);
    expect((await send()).outcome).toBe('duplicate');
    expect((await send(other)).outcome).toBe('duplicate');
  });

  it('refused variants are answered TOO_MANY_NOTIFICATIONS_PER_TIME, and an admitted one stays admitted', async () => {
    const { send, handled } = receiverWith({ maxNotificationsPerTime: 2 });
    await send({ status: 'a' });
    await send({ status: 'b' });
    const refused = await send({ status: 'c' });
    expect(refused.status).toBe(429);
    expect(answeredCode(refused)).toBe('TOO_MANY_NOTIFICATIONS_PER_TIME');
    expect((await send({ status: 'b' })).outcome).toBe('duplicate');
    expect(handled).toEqual(['edge1.example.com a', 'edge1.example.com b']);
  });

  it('long names (kept as their MD5) are bounded and told apart like short ones', async () => {
    const { send, handled } = receiverWith({ maxNotificationsPerTime: 3 });
    const long = (i: number) => `${'x'.repeat(1000)}${i}.example.com`;
    for (let i = 0; i < 10; i++) await send({ server: long(i) });
    expect(handled).toEqual([0, 1, 2].map((i) => `${long(i)} offline`));
    expect((await send({ server: long(1) })).outcome).toBe('duplicate');
    expect((await send({ server: long(3) })).outcome).toBe('refused');
  });

  it('a genuine burst gets through: 50 servers going offline in the same second are all handled', async () => {
    const { send, handled } = receiverWith();
    for (let i = 0; i < 50; i++) expect((await send({ server: `edge${i}.example.com` })).outcome).toBe('accepted');
    expect(new Set(handled).size).toBe(50);
  });

  it('a variant whose handler fails keeps its place: retries of it do not use up the bound', async () => {
    let calls = 0;
    const { send } = receiverWith({
      maxNotificationsPerTime: 2,
      onNotification: () => {
        calls++;
        throw new Error('down');
      },
    });
    for (let i = 0; i < 10; i++) expect((await send()).outcome).toBe('failed');
    expect((await send({ status: 'other' })).outcome).toBe('failed');
    expect((await send({ status: 'third' })).outcome).toBe('refused');
    expect(calls).toBe(11);
  });

  it('maxNotificationsPerTime: Infinity turns the bound off; 0 or a fraction is a TypeError', async () => {
    const { send, handled } = receiverWith({ maxNotificationsPerTime: Infinity });
    for (let i = 0; i < 300; i++) await send({ status: `s${i}` });
    expect(handled).toHaveLength(300);
    for (const bad of [0, 1.5, -1, Number.NaN, '5']) {
      expect(() => receiverWith({ maxNotificationsPerTime: bad as number })).toThrow(TypeError);
    }
  });

  it('statuses restricts the status, as servers restricts the server: 403 UNKNOWN_STATUS', async () => {
    const { send, handled } = receiverWith({ servers: ['edge1.example.com'], statuses: ['offline'] });
    const result = await send({ status: 'online' });
    expect(result.status).toBe(403);
    expect(answeredCode(result)).toBe('UNKNOWN_STATUS');
    expect((await send()).outcome).toBe('accepted');
    const predicate = receiverWith({ statuses: (status) => status.startsWith('off') });
    expect((await predicate.send({ status: 'offline-maintenance' })).outcome).toBe('accepted');
    expect((await predicate.send({ status: 'on' })).outcome).toBe('refused');
    expect(handled).toEqual(['edge1.example.com offline']);
    expect(() => receiverWith({ statuses: 'offline' as never })).toThrow(TypeError);
  });
});

describe('receive results', () => {
  it('in-progress: 409 NOTIFICATION_IN_PROGRESS with Retry-After of the handler timeout, in seconds', async () => {
    let release: (() => void) | undefined;
    const { receiver, send } = receiverWith({
      handlerTimeoutMs: 12_500,
      onNotification: () => new Promise<void>((resolve) => (release = resolve)),
    });
    const first = send();
    // The first is being handled once its handler was called.
    await vi.waitFor(() => expect(release).toBeDefined(), { interval: 1 });
    const second = await send();
    expect(second.outcome).toBe('in-progress');
    expect(second.status).toBe(409);
    expect(second.headers['retry-after']).toBe('13');
    expect(answeredCode(second)).toBe('NOTIFICATION_IN_PROGRESS');
    release!();
    expect((await first).outcome).toBe('accepted');
    expect(receiver.limits).toEqual({ maxBodyBytes: 8192, bodyTimeoutMs: 10_000 });
  });

  it('a handler throwing an error whose every read throws (a Proxy) fails with HANDLER_FAILED: receive resolves, it never rejects', async () => {
    const hostile = hostileProxy(new Error('x'));
    for (const onNotification of [() => Promise.reject(hostile), () => {
      throw hostile;
    }]) {
      const { send, errors } = receiverWith({ onNotification });
      const result = await send();
      expect(result).toMatchObject({ outcome: 'failed', status: 500 });
      expect(errors).toHaveLength(1);
    }
  });

  it.each([
    ['undefined', undefined],
    ['a string', 'down'],
    ['an object without a prototype', Object.create(null) as unknown],
  ])('a handler rejecting with %s fails with a NotificationError HANDLER_FAILED that has it as cause', async (_name, reason) => {
    const { send, errors } = receiverWith({ onNotification: () => Promise.reject(reason) });
    const result = await send();
    expect(result.outcome).toBe('failed');
    if (result.outcome !== 'failed') return;
    expect(result.status).toBe(500);
    expect(isNotificationError(result.error) && result.error.code).toBe('HANDLER_FAILED');
    expect(result.error.cause).toBe(reason);
    expect(errors).toEqual([result.error]);
  });

  it('a handler that never settles fails with HANDLER_TIMEOUT (503) after handlerTimeoutMs', async () => {
    const { send } = receiverWith({ handlerTimeoutMs: 30, onNotification: () => new Promise(() => undefined) });
    const started = performance.now();
    const result = await send();
    // After handlerTimeoutMs (a timer never fires early; 1 ms for the clocks' rounding), and not much later.
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.outcome).toBe('failed');
    expect(result.status).toBe(503);
    expect(answeredCode(result)).toBe('HANDLER_TIMEOUT');
  });

  it.each([0, 1.5, -5, Infinity])('handlerTimeoutMs %s is a TypeError', (handlerTimeoutMs) => {
    expect(() => receiverWith({ handlerTimeoutMs })).toThrow(TypeError);
  });

});
