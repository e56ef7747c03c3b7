// The inspector's server on a real socket, with a history filled in by hand.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHistory, type InspectedRequest } from '../../../src/cli/inspect/history.js';
import { createInspectorHandler } from '../../../src/cli/inspect/server.js';
import { inspectedRequest, statusOf } from './requests.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve).closeAllConnections())));
});

const request = (url = '/'): InspectedRequest => inspectedRequest({ receivedAt: new Date(), url });

async function inspector(limit = 500, loopback = true) {
  const history = createHistory(limit);
  const resent: number[] = [];
  const handler = createInspectorHandler({
    history,
    hello: { limit, listening: 'http://127.0.0.1:1/', forwardTo: null, kinds: ['server-status'] },
    resend: async (id) => {
      resent.push(id);
      if (id === 13) throw new Error('boom');
      return { status: 202, body: { resent: id } };
    },
    loopback: { loopback },
  });
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { history, handler, resent, port, url: `http://127.0.0.1:${port}/` };
}

describe('the inspector server', () => {
  it('answers every API call with no-store, nosniff and a CSP; unknown paths 404, wrong methods 405', async () => {
    const { url } = await inspector();
    for (const [path, method, status] of [
      ['api/requests/1', 'GET', 404],
      ['api/requests/1', 'POST', 405],
      ['api/requests/1/resend', 'GET', 405],
      ['api/requests/0', 'GET', 404],
      ['api/requests/abc', 'GET', 404],
      ['nothing-here', 'GET', 404],
      ['events', 'POST', 405],
    ] as const) {
      const answer = await fetch(`${url}${path}`, { method });
      expect([path, method, answer.status]).toEqual([path, method, status]);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
    }
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers a resend that failed 502, and serves any Host when it does not listen on loopback', async () => {
    const { url, resent } = await inspector(500, false);
    const failed = await fetch(`${url}api/requests/13/resend`, { method: 'POST', headers: { 'x-wmspanel-inspector': '1', host: 'lan-name.example' } });
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ error: { code: 'RESEND_FAILED', message: 'Could not send it again: boom' } });
    expect(resent).toEqual([13]);
  });

  it('drops a feed whose reader stopped reading, instead of buffering for it without bound', async () => {
    const { history, port } = await inspector(100_000);
    // A reader that sends its request, then never reads: its socket's buffers fill, then the server's.
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    // Once the feed is open (its hello read), the reader stops reading: what comes next is live.
    await new Promise((resolve) => socket.once('data', resolve));
    socket.pause();
    const closed = new Promise((resolve) => socket.once('close', resolve));
    // Each summary is some 2 KiB with this path: 20,000 of them are 40 MB, far past the 4 MiB backlog.
    const path = `/${'p'.repeat(1800)}`;
    for (let i = 0; i < 20_000; i++) history.add(request(path));
    // Reading again drains what the kernel held, then finds the end.
    socket.resume();
    socket.on('data', () => undefined);
    await closed;
    expect(socket.bytesRead).toBeLessThan(30 * 1024 * 1024);
  });

  it('serves at most 8 feeds at once', async () => {
    const { url } = await inspector();
    const controller = new AbortController();
    const open = await Promise.all(Array.from({ length: 8 }, () => fetch(`${url}events`, { signal: controller.signal })));
    expect(open.map((answer) => answer.status)).toEqual(Array(8).fill(200));
    const refused = await fetch(`${url}events`);
    expect(refused.status).toBe(503);
    controller.abort();
  });

  it('ends every feed on closeFeeds, so that the server can close', async () => {
    const { url, handler } = await inspector();
    const answer = await fetch(`${url}events`);
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    handler.closeFeeds();
    await expect((async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })()).rejects.toThrow();
  });

  it('refuses a Host that is not loopback when it listens on loopback (DNS rebinding), whatever the path', async () => {
    const { port } = await inspector();
    for (const host of [`attacker.example:${port}`, 'localhost.attacker.example', `127.0.0.1.nip.io:${port}`]) expect([host, await statusOf(port, '/', host)]).toEqual([host, 421]);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `127.1.2.3:${port}`]) expect([host, await statusOf(port, '/', host)]).toEqual([host, 200]);
  });
});

describe('the live feed', () => {
  it('writes each request once a turn, its latest state only, and nothing of what was evicted in that turn', async () => {
    const { history, url } = await inspector(2);
    const answer = await fetch(`${url}events`);
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (done: () => boolean): Promise<void> => {
      while (!done()) text += decoder.decode((await reader.read()).value, { stream: true });
    };
    await until(() => text.includes('event: hello'));
    const first = history.add(request());
    history.update(first, { sentStatus: 200, verdict: { outcome: 'accepted', status: 200, code: null, message: null } });
    history.add(request());
    history.add(request());
    history.add(request());
    await until(() => text.includes('"id":4'));
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: '))
      .map((block) => `${/^event: (.*)$/m.exec(block)![1]} ${/"id":(\d+)|"before":(\d+)/.exec(block)?.slice(1).join('') ?? ''}`);
    expect(events).toEqual(['hello ', 'evicted 3', 'entry 3', 'entry 4']);
    await reader.cancel();
  });
});

describe('the inspector server under review findings', () => {
  it('answers paths new URL cannot read (//, absolute-form) 404 instead of crashing', async () => {
    const { port } = await inspector();
    for (const path of ['//', '//x', 'http://[bad/', '/api//requests/1']) {
      const status = await statusOf(port, path, `127.0.0.1:${port}`);
      expect([path, status]).toEqual([path, 404]);
    }
  });

  it('opens a feed on a long history: the backlog is not counted as a stalled reader', async () => {
    const { history, url } = await inspector(15_000);
    const path = `/${'p'.repeat(1000)}`;
    for (let i = 0; i < 15_000; i++) history.add(request(path));
    // Read with node:http, counted as it comes from the end of what was read (the feed is some 19 MB).
    let tail = '';
    let entries = 0;
    await new Promise<void>((resolve, reject) => {
      const feed = httpRequest(`${url}events`, (answer) => {
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => {
          const text = tail + chunk;
          const last = text.lastIndexOf('\n\n');
          entries += text.slice(0, last + 2).split('event: entry').length - 1;
          tail = text.slice(last + 2);
          if (entries === 15_000) {
            feed.destroy();
            resolve();
          }
        });
        answer.on('end', () => reject(new Error(`the feed ended after ${entries} entries`)));
      });
      feed.on('error', (error) => (entries === 15_000 ? undefined : reject(error)));
      feed.end();
    });
    expect(entries).toBe(15_000);
  });

  it('refuses a Host that only starts like a loopback one', async () => {
    const { port } = await inspector();
    const status = await statusOf(port, '/', '[::1]evil.example');
    expect(status).toBe(421);
  });

  it('refuses a cross-site page its feed and its API (Sec-Fetch-Site), and serves its own and a typed URL', async () => {
    const { url } = await inspector();
    for (const path of ['events', 'api/requests/1']) {
      expect((await fetch(`${url}${path}`, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
      expect((await fetch(`${url}${path}`, { headers: { 'sec-fetch-site': 'same-site' } })).status).toBe(403);
      expect((await fetch(`${url}${path}`, { headers: { origin: 'http://localhost:3000' } })).status).toBe(403);
    }
    const own = await fetch(`${url}events`, { headers: { 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(200);
    await own.body?.cancel();
    expect((await fetch(url, { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
  });
});
