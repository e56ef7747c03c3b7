import { describe, expect, it } from 'vitest';
import { createFetchHandler, verifyRequest } from '../../src/adapters/fetch.js';
import { isNotificationError, type NotificationErrorCode } from '../../src/index.js';
import { NOW, TOKEN, genuine } from '../helpers.js';
import { record } from './client.js';

const URL_ = 'https://example.com/wmspanel';
const request = (body: BodyInit | null, init: RequestInit = {}): Request =>
  new Request(URL_, { method: 'POST', body, ...init, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);

async function codeOf(promise: Promise<unknown>): Promise<NotificationErrorCode | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (isNotificationError(error)) return error.code;
    throw error;
  }
}

describe('createFetchHandler(options)(new Request(...))', () => {
  it('answers 200 and calls onNotification for a genuine notification', async () => {
    const { options, handled } = record();
    const response = await createFetchHandler(options)(request(JSON.stringify(genuine())));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    expect(handled).toHaveLength(1);
  });

  it('answers 401 for a forged one and 405 for GET', async () => {
    const handler = createFetchHandler(record().options);
    expect((await handler(request(JSON.stringify(genuine({}, 'nope'))))).status).toBe(401);
    const get = await handler(new Request(URL_));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers 400 when the body was already read by the application', async () => {
    const handler = createFetchHandler(record().options);
    const used = request(JSON.stringify(genuine()));
    await used.text();
    const response = await handler(used);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });
  });

  it('answers 413 for a declared Content-Length over the limit without reading the body', async () => {
    const handler = createFetchHandler(record({ maxBodyBytes: 100 }).options);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(10));
      },
    });
    const response = await handler(request(body, { headers: { 'content-length': '100000' } }));
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('stops pulling an endless stream once it is over the limit (413), and cancels it', async () => {
    const handler = createFetchHandler(record({ maxBodyBytes: 1000 }).options);
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(100));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = await handler(request(endless));
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(20);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(true);
  });

  it('answers 408 when the stream stalls', async () => {
    const handler = createFetchHandler(record({ bodyTimeoutMs: 50 }).options);
    const stalled = new ReadableStream<Uint8Array>({ start(controller) {
      controller.enqueue(new TextEncoder().encode('{"time"'));
    } });
    const response = await handler(request(stalled));
    expect(response.status).toBe(408);
    expect(await response.json()).toMatchObject({ error: { code: 'BODY_TIMEOUT' } });
  });

  it('answers 500 HANDLER_FAILED and calls onError when onNotification throws', async () => {
    const { options, errors } = record({
      onNotification: () => {
        throw new Error('boom');
      },
    });
    const response = await createFetchHandler(options)(request(JSON.stringify(genuine())));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('boom');
    expect(errors).toHaveLength(1);
  });

  it('a throwing onError changes nothing', async () => {
    const handler = createFetchHandler(
      record({
        onError: () => {
          throw new Error('logger down');
        },
      }).options,
    );
    expect((await handler(request('nope'))).status).toBe(400);
  });

  const noop = (): void => undefined;
  it.each([
    ['no token', { onNotification: noop }],
    ['an empty token', { token: '', onNotification: noop }],
    ['no onNotification', { token: TOKEN }],
    ['a bad replayStore', { token: TOKEN, onNotification: noop, replayStore: {} }],
    ['maxBodyBytes 0', { token: TOKEN, onNotification: noop, maxBodyBytes: 0 }],
    ['onError not a function', { token: TOKEN, onNotification: noop, onError: 'log' }],
  ])('createFetchHandler with %s is a TypeError at once', (_name, options) => {
    expect(() => createFetchHandler(options as never)).toThrow(TypeError);
  });
});

describe('verifyRequest(request, options)', () => {
  const options = { token: TOKEN, now: () => NOW };

  it('returns the notification for a genuine request', async () => {
    const notification = await verifyRequest(request(JSON.stringify(genuine())), options);
    expect(notification.server).toBe('edge1.example.com');
  });

  it.each([
    ['a forged digest', () => request(JSON.stringify(genuine({}, 'x'))), 'INVALID_DIGEST'],
    ['GET', () => new Request(URL_), 'METHOD_NOT_ALLOWED'],
    ['an empty body', () => request(null), 'INVALID_JSON'],
    ['a body over maxBodyBytes', () => request('x'.repeat(10_000)), 'BODY_TOO_LARGE'],
  ])('rejects %s with %s', async (_name, make, code) => {
    expect(await codeOf(verifyRequest(make(), options))).toBe(code);
  });

  it('takes an empty token as a TypeError', async () => {
    await expect(verifyRequest(request('{}'), { token: ' ' })).rejects.toThrow(TypeError);
  });
});
