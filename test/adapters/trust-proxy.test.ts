// allowedSenders behind a reverse proxy, on real servers: which trust-proxy settings let a client's own
// X-Forwarded-For choose the address that allowedSenders checks (docs/security.md#allowedsenders-behind-a-reverse-proxy).
//
// The application listens on 127.0.0.1; a real reverse proxy in front of it connects from 127.0.0.2 and
// appends the address it was reached from to X-Forwarded-For, as nginx's $proxy_add_x_forwarded_for does.
// The attacker is a real HTTP client on 127.0.0.1 that claims an allowed Nimble server's address in its
// own X-Forwarded-For, through the proxy or straight to the application.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressMiddleware } from '../../src/adapters/express.js';
import { wmspanelPlugin } from '../../src/adapters/fastify.js';
import { createKoaMiddleware } from '../../src/adapters/koa.js';
import type { NotificationHandlerOptions } from '../../src/index.js';
import { createTestPlaybackAuthorizationRequest } from '../../src/testing.js';
import { post, record } from './client.js';

const PATH = '/nimble/playback';
/** The address the proxy connects to the application from. */
const PROXY_ADDRESS = '127.0.0.2';
/** The Nimble server an attacker pretends to be. */
const NIMBLE_ADDRESS = '192.0.2.10';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A reverse proxy to `origin`: it connects from PROXY_ADDRESS and appends its client's address to X-Forwarded-For. */
function startProxy(origin: string): Promise<string> {
  return listen(
    createServer((req, res) => {
      const forwarded = req.headers['x-forwarded-for'];
      const client = req.socket.remoteAddress!;
      const headers = { ...req.headers, 'x-forwarded-for': forwarded === undefined ? client : `${String(forwarded)}, ${client}` };
      const upstream = request(`${origin}${req.url}`, { method: req.method, headers, localAddress: PROXY_ADDRESS, agent: false }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    }),
  );
}

async function startExpress(trustProxy: unknown, options: NotificationHandlerOptions): Promise<string> {
  const app = express();
  app.set('trust proxy', trustProxy);
  app.post(PATH, createExpressMiddleware(options));
  return listen(createServer(app));
}

async function startKoa(settings: { proxy: boolean; maxIpsCount?: number }, options: NotificationHandlerOptions): Promise<string> {
  const app = new Koa();
  app.silent = true;
  app.proxy = settings.proxy;
  if (settings.maxIpsCount !== undefined) app.maxIpsCount = settings.maxIpsCount;
  const middleware = createKoaMiddleware(options);
  app.use(async (ctx, next) => (ctx.path === PATH ? middleware(ctx, next) : next()));
  return listen(createServer(app.callback()));
}

async function startFastify(trustProxy: boolean | number | string | string[], options: NotificationHandlerOptions): Promise<string> {
  // A number is not in Fastify's types since 5.12.1, but code written for earlier versions still passes one.
  const app = Fastify({ trustProxy: trustProxy as boolean | string | string[] });
  await app.register(wmspanelPlugin as never, { ...options, path: PATH });
  await app.listen({ host: '127.0.0.1', port: 0 });
  closers.push(async () => {
    app.server.closeAllConnections();
    await app.close();
  });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

interface Setting {
  framework: string;
  setting: string;
  start(options: NotificationHandlerOptions): Promise<string>;
  /** The answer to a client on 127.0.0.1 that sends `X-Forwarded-For: 192.0.2.10` through the proxy. */
  spoofedThroughProxy: 200 | 403;
  /** The same client, sending the same header straight to the application. */
  spoofedDirect: 200 | 403;
  /** The answer to the real sender (127.0.0.1, allowed) through the proxy: whether the setting is usable at all. */
  genuineThroughProxy: 200 | 403;
}

const settings: Setting[] = [
  // The hazard: the leftmost X-Forwarded-For entry, which the client wrote, is the address checked.
  { framework: 'Express 5', setting: "'trust proxy' true", start: (o) => startExpress(true, o), spoofedThroughProxy: 200, spoofedDirect: 200, genuineThroughProxy: 200 },
  // A hop count: the entry the one proxy appended. Sound only if the application cannot be reached but through it.
  { framework: 'Express 5', setting: "'trust proxy' 1", start: (o) => startExpress(1, o), spoofedThroughProxy: 403, spoofedDirect: 200, genuineThroughProxy: 200 },
  // The proxy's address: only what a request from it says is believed.
  { framework: 'Express 5', setting: `'trust proxy' ['${PROXY_ADDRESS}']`, start: (o) => startExpress([PROXY_ADDRESS], o), spoofedThroughProxy: 403, spoofedDirect: 403, genuineThroughProxy: 200 },
  // The default: the proxy's own address is checked, so the real sender is refused too.
  { framework: 'Express 5', setting: "'trust proxy' false (the default)", start: (o) => startExpress(false, o), spoofedThroughProxy: 403, spoofedDirect: 403, genuineThroughProxy: 403 },
  { framework: 'Koa 3', setting: 'app.proxy = true', start: (o) => startKoa({ proxy: true }, o), spoofedThroughProxy: 200, spoofedDirect: 200, genuineThroughProxy: 200 },
  { framework: 'Koa 3', setting: 'app.proxy = true, app.maxIpsCount = 1', start: (o) => startKoa({ proxy: true, maxIpsCount: 1 }, o), spoofedThroughProxy: 403, spoofedDirect: 200, genuineThroughProxy: 200 },
  { framework: 'Fastify 5', setting: 'trustProxy: true', start: (o) => startFastify(true, o), spoofedThroughProxy: 200, spoofedDirect: 200, genuineThroughProxy: 200 },
  { framework: 'Fastify 5', setting: `trustProxy: ['${PROXY_ADDRESS}']`, start: (o) => startFastify([PROXY_ADDRESS], o), spoofedThroughProxy: 403, spoofedDirect: 403, genuineThroughProxy: 200 },
  { framework: 'Fastify 5', setting: `trustProxy: '${PROXY_ADDRESS}'`, start: (o) => startFastify(PROXY_ADDRESS, o), spoofedThroughProxy: 403, spoofedDirect: 403, genuineThroughProxy: 200 },
  // Fastify 5.12.1 and later take a number as "trust no proxy" (5.12.0 and earlier: a hop count): request.ip
  // is the proxy's address, so the real sender is refused as well.
  { framework: 'Fastify 5', setting: 'trustProxy: 1 (5.12.1+: no proxy trusted)', start: (o) => startFastify(1, o), spoofedThroughProxy: 403, spoofedDirect: 403, genuineThroughProxy: 403 },
];

describe.each(settings)('allowedSenders on $framework with $setting', ({ start, spoofedThroughProxy, spoofedDirect, genuineThroughProxy }) => {
  const body = createTestPlaybackAuthorizationRequest().body;
  const spoofed = { headers: { 'x-forwarded-for': NIMBLE_ADDRESS } };
  const expectAnswer = (answer: { status: number; json: unknown }, status: 200 | 403): void => {
    if (status === 200) expect([answer.status, answer.json]).toEqual([200, { return_code: 200 }]);
    else expect([answer.status, answer.json]).toEqual([403, { error: { code: 'UNKNOWN_SENDER', message: expect.any(String) } }]);
  };

  it(`a client on 127.0.0.1 claiming X-Forwarded-For: ${NIMBLE_ADDRESS} through the proxy: ${spoofedThroughProxy}`, async () => {
    const calls: unknown[] = [];
    const app = await start(record({ onNotification: undefined, onPlaybackAuthorizationRequest: (r) => (calls.push(r), { allow: true }), allowedSenders: [NIMBLE_ADDRESS] }).options);
    expectAnswer(await post(`${await startProxy(app)}${PATH}`, body, spoofed), spoofedThroughProxy);
    expect(calls).toHaveLength(spoofedThroughProxy === 200 ? 1 : 0);
  });

  it(`the same client straight to the application: ${spoofedDirect}`, async () => {
    const app = await start(record({ onNotification: undefined, onPlaybackAuthorizationRequest: () => ({ allow: true }), allowedSenders: [NIMBLE_ADDRESS] }).options);
    expectAnswer(await post(`${app}${PATH}`, body, spoofed), spoofedDirect);
  });

  it(`the real sender (127.0.0.1, allowed) through the proxy: ${genuineThroughProxy}`, async () => {
    const app = await start(record({ onNotification: undefined, onPlaybackAuthorizationRequest: () => ({ allow: true }), allowedSenders: ['127.0.0.1'] }).options);
    expectAnswer(await post(`${await startProxy(app)}${PATH}`, body), genuineThroughProxy);
  });
});
