import { afterEach, describe, expect, it } from 'vitest';
import { computeDigest, formatNotificationTime, isNotificationError } from '../../src/index.js';
import { NOW, TOKEN, genuine } from '../helpers.js';
import { post, rawRequest, record } from './client.js';
import { targets, type Running } from './servers.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe.each(targets)('$name adapter on a real server', (target) => {
  async function start(extra: Parameters<typeof record>[0] = {}) {
    const recorder = record(extra);
    const server = await target.start(recorder.options);
    running.push(server);
    return { ...recorder, url: server.url };
  }

  it('answers 200 for a genuine notification, after onNotification, with its age', async () => {
    const { url, handled, ages, errors } = await start();
    const answer = await post(url, JSON.stringify(genuine()));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ received: true });
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ server: 'edge1.example.com', status: 'offline' });
    expect(ages).toEqual([2000]);
    expect(errors).toEqual([]);
  });

  it('waits for an async onNotification before answering', async () => {
    let finished = false;
    const { url } = await start({
      onNotification: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
      },
    });
    expect((await post(url, JSON.stringify(genuine()))).status).toBe(200);
    expect(finished).toBe(true);
  });

  it.each([
    ['a tampered digest', () => ({ ...genuine(), digest: computeDigest(genuine().time!, 'x') }), 401, 'INVALID_DIGEST'],
    ['the wrong token', () => genuine({}, 'wrong-token'), 401, 'INVALID_DIGEST'],
    ['a stale time', () => genuine({ time: formatNotificationTime(NOW - 7200_000) }), 401, 'STALE_NOTIFICATION'],
    ['an unknown server', () => genuine({ server: 'evil.example.com' }), 403, 'UNKNOWN_SERVER'],
    ['a missing field', () => ({ ...genuine(), status: undefined }), 400, 'INVALID_NOTIFICATION'],
  ])('refuses %s with %i %s, JSON error body, onError called, handler not called', async (_name, body, status, code) => {
    const { url, handled, errors } = await start({ servers: ['edge1.example.com'] });
    const answer = await post(url, JSON.stringify(body()), { headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json).toEqual({ error: { code, message: expect.any(String) } });
    expect(answer.text).not.toContain(TOKEN);
    expect(handled).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(isNotificationError(errors[0]) && errors[0].code).toBe(code);
  });

  it.each([
    ['not JSON', 'time=2014-10-16&digest=abc'],
    ['an empty body', ''],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
  ])('refuses %s with 400 INVALID_JSON', async (_name, body) => {
    const { url } = await start();
    const answer = await post(url, body);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'INVALID_JSON' } });
  });

  it('accepts a body signed with either token while rotating', async () => {
    const { url, handled } = await start({ token: ['new-token', TOKEN] });
    expect((await post(url, JSON.stringify(genuine({}, 'new-token')))).status).toBe(200);
    expect((await post(url, JSON.stringify(genuine({ server: 'edge2' }, TOKEN)))).status).toBe(200);
    expect(handled).toHaveLength(2);
  });

  it('answers a replay 200 without calling onNotification again; another server in the same second is new', async () => {
    const { url, handled } = await start();
    const body = JSON.stringify(genuine());
    expect((await post(url, body)).json).toEqual({ received: true });
    expect((await post(url, body)).json).toEqual({ received: true, duplicate: true });
    const upper = JSON.stringify({ ...genuine(), digest: genuine().digest!.toUpperCase() });
    expect((await post(url, upper)).json).toEqual({ received: true, duplicate: true });
    expect((await post(url, JSON.stringify(genuine({ server: 'edge2.example.com' })))).status).toBe(200);
    expect(handled.map((n) => n.server)).toEqual(['edge1.example.com', 'edge2.example.com']);
  });

  it('with replayStore: false, a replay is handled again', async () => {
    const { url, handled } = await start({ replayStore: false });
    const body = JSON.stringify(genuine());
    await post(url, body);
    await post(url, body);
    expect(handled).toHaveLength(2);
  });

  it('answers 503 REPLAY_STORE_UNAVAILABLE when the replay store fails, and does not call the handler', async () => {
    const { url, handled, errors } = await start({
      replayStore: {
        reserve: () => Promise.reject(new Error('redis down')),
        commit: () => undefined,
        release: () => undefined,
      },
    });
    const answer = await post(url, JSON.stringify(genuine()));
    expect(answer.status).toBe(503);
    expect(answer.json).toMatchObject({ error: { code: 'REPLAY_STORE_UNAVAILABLE' } });
    expect(handled).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it.each(['GET', 'PUT', 'DELETE'])('answers %s with 405 and Allow: POST, without reading a body', async (method) => {
    const { url } = await start();
    const response = await fetch(url, { method, ...(method === 'GET' ? {} : { body: JSON.stringify(genuine()) }) });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('refuses a body over maxBodyBytes with 413, with a Content-Length', async () => {
    const { url, handled } = await start({ maxBodyBytes: 1024 });
    const body = JSON.stringify({ ...genuine(), padding: 'x'.repeat(4096) });
    const answer = await post(url, body).catch(() => undefined);
    // Some clients see the connection closed before they finished sending; a raw socket always reads the answer.
    const status = answer?.status ?? (await rawRequest(url, `POST /wmspanel HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`)).status;
    expect(status).toBe(413);
    expect(handled).toEqual([]);
  });

  it('refuses a chunked body with no Content-Length over maxBodyBytes with 413', async () => {
    const { url } = await start({ maxBodyBytes: 1024 });
    const chunk = new TextEncoder().encode('x'.repeat(512));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++;
        if (sent > 64) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const answer = await post(url, stream).catch(() => undefined);
    if (answer !== undefined) expect(answer.status).toBe(413);
    const raw = await rawRequest(url, 'POST /wmspanel HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', [
      `400\r\n${'x'.repeat(1024)}\r\n`,
      `400\r\n${'x'.repeat(1024)}\r\n`,
    ]);
    expect(raw.status).toBe(413);
  });

  it('answers 413 as soon as a slow-dripped body goes over the limit, without waiting for the rest', async () => {
    const { url } = await start({ maxBodyBytes: 1024 });
    const drip = Array.from({ length: 40 }, () => `100\r\n${'x'.repeat(256)}\r\n`);
    const raw = await rawRequest(url, 'POST /wmspanel HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', drip, 20);
    expect(raw.status).toBe(413);
    // 1024 bytes is crossed by the fifth 256-byte chunk: the answer came long before the fortieth
    // (the margin is for a busy machine, where a few more chunks leave before the answer is read).
    expect(raw.chunksSent).toBeLessThan(25);
  });

  it('answers 408 BODY_TIMEOUT when a body stalls (a Content-Length larger than what is sent)', async () => {
    const { url, errors } = await start({ bodyTimeoutMs: 100 });
    const raw = await rawRequest(url, 'POST /wmspanel HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"time":', ['"20'], 20);
    expect(raw.status).toBe(408);
    expect(raw.response).toContain('BODY_TIMEOUT');
    expect(raw.elapsedMs).toBeLessThan(5000);
    expect(isNotificationError(errors[0]) && errors[0].code).toBe('BODY_TIMEOUT');
  });

  it('a slow but complete body within the timeout is accepted', async () => {
    const { url, handled } = await start();
    const body = JSON.stringify(genuine());
    const parts = [body.slice(0, 40), body.slice(40, 80), body.slice(80)];
    const raw = await rawRequest(url, `POST /wmspanel HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`, parts, 30);
    expect(raw.status).toBe(200);
    expect(handled).toHaveLength(1);
  });

  it('when onNotification throws: the error reaches the framework (or a 500), and a retry is processed', async () => {
    let calls = 0;
    const { url, errors } = await start({
      onNotification: () => {
        calls++;
        if (calls === 1) throw new Error('database down');
      },
    });
    const body = JSON.stringify(genuine());
    const failed = await post(url, body);
    expect(failed.status).toBe(500);
    if (target.handlerFailure === 'framework') {
      expect(failed.json).toEqual({ fromErrorHandler: true, message: 'database down' });
    } else {
      expect(failed.json).toEqual({ error: { code: 'HANDLER_FAILED', message: 'The notification handler failed' } });
      expect(failed.text).not.toContain('database down');
    }
    // onError: a NotificationError whose cause is the handler's own error; the framework got that error.
    expect(errors.map((e) => isNotificationError(e) && [e.code, (e.cause as Error).message])).toEqual([['HANDLER_FAILED', 'database down']]);
    const retried = await post(url, body);
    expect(retried.json).toEqual({ received: true });
    expect(calls).toBe(2);
  });

  it('a servers predicate that throws is a 500 (or the framework error), never a hang', async () => {
    const { url } = await start({
      servers: () => {
        throw new Error('predicate bug');
      },
    });
    expect((await post(url, JSON.stringify(genuine()))).status).toBe(500);
  });

  it('never puts the token or the expected digest in a response or in what onError receives', async () => {
    const { url, errors } = await start({ servers: ['edge1.example.com'] });
    const bodies = [genuine({}, 'wrong'), genuine({ time: formatNotificationTime(NOW - 9e6) }), genuine({ server: 'x' }), 'nope', ''];
    for (const body of bodies) {
      const answer = await post(url, typeof body === 'string' ? body : JSON.stringify(body));
      expect(answer.text).not.toContain(TOKEN);
      if (typeof body !== 'string') expect(answer.text).not.toContain(computeDigest(body.time!, TOKEN));
    }
    for (const error of errors) {
      expect(JSON.stringify({ message: (error as Error).message, stack: (error as Error).stack })).not.toContain(TOKEN);
    }
  });
});
