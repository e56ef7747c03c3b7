import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHandler } from '../../../src/adapters/node.js';
import { computeDigest, verifyNotification, type NotificationErrorCode } from '../../../src/index.js';
import { createTestNotification, sendTestNotification, type Forgery } from '../../../src/testing.js';
import { codeOf } from '../../helpers.js';

const token = 'helper-token';

/** What verifying `body` with the test token gives: 'passed', or the code it is refused with. */
const verified = (body: string) => codeOf(() => verifyNotification(body, { token }));

describe('createTestNotification', () => {
  it('makes the exact body WMSPanel sends, fresh and genuine by default', () => {
    const { body, notification } = createTestNotification({ token });
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['time', 'digest', 'server', 'status']);
    expect(notification.time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(notification.digest).toBe(computeDigest(notification.time, token));
    expect(notification).toMatchObject({ server: 'edge1.example.com', status: 'offline' });
    expect(verified(body)).toBe('passed');
  });

  it('takes server, status and time (a Date, epoch ms, or a string kept as it is)', () => {
    expect(createTestNotification({ token, time: new Date('2014-10-16T03:13:31Z') }).notification.time).toBe('2014-10-16 03:13:31 UTC');
    expect(createTestNotification({ token, time: Date.UTC(2014, 9, 16, 3, 13, 31) }).notification.time).toBe('2014-10-16 03:13:31 UTC');
    const iso = createTestNotification({ token, time: '2014-10-16T03:13:31Z', server: 's', status: 'degraded' }).notification;
    expect(iso).toMatchObject({ time: '2014-10-16T03:13:31Z', server: 's', status: 'degraded' });
  });

  it.each<[Forgery, NotificationErrorCode]>([
    ['wrong-token', 'INVALID_DIGEST'],
    ['tampered-digest', 'INVALID_DIGEST'],
    ['stale', 'STALE_NOTIFICATION'],
  ])('forge: %s is refused with %s', (forge, code) => {
    expect(verified(createTestNotification({ token, forge }).body)).toBe(code);
  });

  it('a changed server name alone still verifies (the digest does not cover it)', () => {
    expect(verified(createTestNotification({ token, server: 'anything' }).body)).toBe('passed');
  });
});

describe('sendTestNotification', () => {
  let server: Server;
  let url: string;
  const received: string[] = [];
  beforeAll(async () => {
    const handle = createNodeHandler({ token, onNotification: (n) => void received.push(n.server) });
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs a genuine notification to a real handler: 200', async () => {
    const response = await sendTestNotification(url, { token, server: 'edge5' });
    expect(response.status).toBe(200);
    expect(received).toContain('edge5');
  });

  it.each<[Forgery, number]>([
    ['wrong-token', 401],
    ['tampered-digest', 401],
    ['stale', 401],
  ])('forge: %s gets %i', async (forge, status) => {
    expect((await sendTestNotification(url, { token, forge })).status).toBe(status);
  });

  it('uses the fetch and headers it is given', async () => {
    const seen: RequestInit[] = [];
    const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      seen.push(init ?? {});
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    const response = await sendTestNotification(url, { token, fetch: fakeFetch, headers: { 'x-test': '1' } });
    expect(response.status).toBe(204);
    expect(seen[0]?.headers).toEqual({ 'content-type': 'application/json', 'x-test': '1' });
  });
});
