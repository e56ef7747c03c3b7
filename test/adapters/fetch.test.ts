import { describe, expect, it, vi } from 'vitest';
import { createFetchHandler, verifyRequest } from '../../src/adapters/fetch.js';
import type { NotificationErrorCode } from '../../src/index.js';
import { NOW, TOKEN, expectCode, genuine } from '../helpers.js';
import { record } from './client.js';
import { createTestNotification } from '../../src/testing.js';

const URL_ = 'https://example.com/wmspanel';
const CHUNK = 64 * 1024;

/** An endless body of 64 KiB chunks: `ready` of them at once, the rest once `open()` is called. */
function gatedStream(ready: number) {
  let delivered = 0;
  let cancelled = false;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (delivered >= ready * CHUNK) await gate;
        delivered += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK));
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, open, delivered: () => delivered, cancelled: () => cancelled };
}

const request = (body: BodyInit | null, init: RequestInit = {}): Request =>
  new Request(URL_, { method: 'POST', body, ...init, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);

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

  it('answers 400 BODY_UNREADABLE when the body was already read, or is locked, by the application', async () => {
    const handler = createFetchHandler(record().options);
    const used = request(JSON.stringify(genuine()));
    await used.text();
    const response = await handler(used);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BODY_UNREADABLE' } });
    const locked = request(JSON.stringify(genuine()));
    locked.body!.getReader();
    const lockedResponse = await handler(locked);
    expect(lockedResponse.status).toBe(400);
    expect(await lockedResponse.json()).toMatchObject({ error: { code: 'BODY_UNREADABLE' } });
  });

  it('answers 400 BODY_UNREADABLE when the body stream breaks', async () => {
    const handler = createFetchHandler(record().options);
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('aborted'));
      },
    });
    const response = await handler(request(broken));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BODY_UNREADABLE' } });
  });

  it('answers 413 once maxBodyBytes is crossed whatever Content-Length says, then discards at most 32 MiB and cancels', async () => {
    // Two chunks come at once; the third waits until the test opens the gate. Reading the whole body
    // before answering (as arrayBuffer() did) would never answer.
    const body = gatedStream(2);
    const { options, handled } = record();
    const response = await createFetchHandler(options)(request(body.stream, { headers: { 'content-length': '100' } }));
    expect(response.status).toBe(413);
    expect(body.delivered()).toBeLessThanOrEqual(2 * CHUNK);
    body.open();
    await vi.waitFor(() => expect(body.cancelled()).toBe(true), { timeout: 10_000, interval: 5 });
    expect(body.delivered()).toBeLessThanOrEqual(32 * 1024 * 1024 + 3 * CHUNK);
    const settled = body.delivered();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(body.delivered()).toBe(settled);
    expect(handled).toEqual([]);
  });

  it('after a 408 cancels the body at once: an endless slow body is not read on', async () => {
    let pulls = 0;
    let cancelled = false;
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        pulls++;
        await new Promise((resolve) => setTimeout(resolve, 20));
        controller.enqueue(new Uint8Array(1));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = await createFetchHandler(record({ bodyTimeoutMs: 100 }).options)(request(slow, { headers: { 'content-length': '10' } }));
    expect(response.status).toBe(408);
    await vi.waitFor(() => expect(cancelled).toBe(true), { interval: 5 });
    const after = pulls;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pulls).toBeLessThanOrEqual(after + 1);
  });

  it('answers 413 for a declared Content-Length over the limit without reading the body, then discards it, bounded', async () => {
    const body = gatedStream(0);
    const response = await createFetchHandler(record({ maxBodyBytes: 100 }).options)(request(body.stream, { headers: { 'content-length': '100000' } }));
    expect(response.status).toBe(413);
    // Not `Connection: close`: the server may read the rest away and keep the connection (see readStreamBody).
    expect(response.headers.get('connection')).toBeNull();
    expect(body.delivered()).toBe(0);
    body.open();
    await vi.waitFor(() => expect(body.cancelled()).toBe(true), { timeout: 10_000, interval: 5 });
    expect(body.delivered()).toBeLessThanOrEqual(32 * 1024 * 1024 + 2 * CHUNK);
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
    const told: string[] = [];
    const handler = createFetchHandler(
      record({
        onError: (error) => {
          told.push(error.code);
          throw new Error('logger down');
        },
      }).options,
    );
    const response = await handler(request('nope'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_JSON' } });
    // onError was told, and threw: the answer above is what its throwing left.
    expect(told).toEqual(['INVALID_JSON']);
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
    ['a forged digest', 'INVALID_DIGEST', () => request(JSON.stringify(genuine({}, 'x')))],
    ['GET', 'METHOD_NOT_ALLOWED', () => new Request(URL_)],
    ['an empty body', 'INVALID_JSON', () => request(null)],
    ['a body over maxBodyBytes', 'BODY_TOO_LARGE', () => request('x'.repeat(10_000))],
    [
      'a body already read',
      'BODY_UNREADABLE',
      () => {
        const used = request(JSON.stringify(genuine()));
        void used.text();
        return used;
      },
    ],
    [
      'a locked body',
      'BODY_UNREADABLE',
      () => {
        const locked = request(JSON.stringify(genuine()));
        locked.body!.getReader();
        return locked;
      },
    ],
    [
      'a body stream that breaks (a client that went away)',
      'BODY_UNREADABLE',
      () =>
        request(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              controller.error(new Error('aborted'));
            },
          }),
        ),
    ],
  ] as [string, NotificationErrorCode, () => Request][])('rejects %s with %s', async (_name, code, make) => {
    await expectCode(() => verifyRequest(make(), options), code);
  });

  it('takes an empty token as a TypeError', async () => {
    await expect(verifyRequest(request('{}'), { token: ' ' })).rejects.toThrow(TypeError);
  });
});

describe('createFetchHandler with allowedSenders', () => {
  const body = JSON.stringify({ url: '/live/a/playlist.m3u8' });
  const ask = (handler: (request: Request, context?: unknown) => Promise<Response>, context?: unknown) =>
    handler(new Request('http://x/', { method: 'POST', body }), context).then(async (response) => [response.status, await response.text()]);

  it('needs remoteAddress: a Request carries no client address (a TypeError at construction)', () => {
    expect(() => createFetchHandler({ onPlaybackAuthorizationRequest: () => ({ allow: true }), allowedSenders: ['127.0.0.1'] })).toThrow(/remoteAddress/);
  });

  it('passes the handler\'s second argument to remoteAddress; an address it cannot tell is refused', async () => {
    const handler = createFetchHandler({
      onPlaybackAuthorizationRequest: () => ({ allow: true }),
      allowedSenders: ['198.51.100.7'],
      remoteAddress: (_request, context) => {
        if (context === 'throw') throw new Error('no address');
        return (context as { address?: string } | undefined)?.address;
      },
    });
    expect(await ask(handler, { address: '198.51.100.7' })).toEqual([200, '{"return_code":200}']);
    expect((await ask(handler, { address: '198.51.100.8' }))[0]).toBe(403);
    expect((await ask(handler))[0]).toBe(403);
    expect((await ask(handler, 'throw'))[0]).toBe(403);
  });
});

describe('createFetchHandler(() => options): created on the first request (Next.js builds without the secret)', () => {
  it('the route module imports without a token; a request then rejects with the TypeError until the token is set', async () => {
    const saved = process.env.WMSPANEL_TOKEN;
    delete process.env.WMSPANEL_TOKEN;
    try {
      const route = await import('../fixtures/nextjs/route.js');
      // A notification of now: the route uses the real clock.
      const send = () => route.POST(new Request('http://x/api/wmspanel', { method: 'POST', body: createTestNotification({ token: TOKEN, server: 'edge9' }).body }));
      await expect(send()).rejects.toThrow(/options\.token/);
      await expect(send()).rejects.toThrow(TypeError);
      expect(route.received).toEqual([]);
      process.env.WMSPANEL_TOKEN = TOKEN;
      const response = await send();
      expect(response.status).toBe(200);
      expect(route.received).toEqual(['edge9']);
    } finally {
      if (saved === undefined) delete process.env.WMSPANEL_TOKEN;
      else process.env.WMSPANEL_TOKEN = saved;
    }
  });

  it('calls the options function once, when it succeeds', async () => {
    let calls = 0;
    const handler = createFetchHandler(() => (calls++, { token: TOKEN, now: () => NOW, onNotification: () => undefined }));
    expect(calls).toBe(0);
    for (let i = 0; i < 3; i++) await handler(new Request('http://x/', { method: 'POST', body: JSON.stringify(genuine({ server: `e${i}` })) }));
    expect(calls).toBe(1);
  });
});
