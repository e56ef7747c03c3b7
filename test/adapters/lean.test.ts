// The lean adapters: each serves a receiver made with createReceiver for the kinds listed, on a real
// server, and answers a body of another kind 400 UNKNOWN_NOTIFICATION_KIND without calling anything.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { expressMiddleware } from '../../src/adapters/express.js';
import { fastifyPlugin } from '../../src/adapters/fastify.js';
import { fetchHandler, verifyRequest } from '../../src/adapters/fetch.js';
import { koaMiddleware } from '../../src/adapters/koa.js';
import { nodeHandler } from '../../src/adapters/node.js';
import {
  createPayPerViewSyncVerifier,
  createPlaybackAuthorizationRequestVerifier,
  createReceiver,
  createStreamNotificationVerifier,
  serverStatusKind,
  type ErrorInfo,
  type NotificationError,
  type ServerStatusNotification,
} from '../../src/index.js';
import { createTestPayPerViewSync, createTestPlaybackAuthorizationRequest, createTestStreamNotification } from '../../src/testing.js';
import { NOW, TOKEN, genuine } from '../helpers.js';
import { post } from './client.js';
import { listen, type Running } from './servers.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** Listens on 127.0.0.1 (or takes a server already listening), closed after the test; its URL. */
async function started(server: Server): Promise<string> {
  const listening = await listen(server);
  running.push(listening);
  return listening.url;
}

type Receiver = ReturnType<typeof makeReceiver>['receiver'];

function makeReceiver() {
  const handled: ServerStatusNotification[] = [];
  const errors: [NotificationError, ErrorInfo][] = [];
  const receiver = createReceiver({
    token: TOKEN,
    now: () => NOW + 2000,
    kinds: [serverStatusKind({ onNotification: (n) => void handled.push(n) })],
    onError: (error, info) => void errors.push([error, info as ErrorInfo]),
  });
  return { receiver, handled, errors };
}

const servers: [string, (receiver: Receiver) => Promise<string>][] = [
  ['expressMiddleware', (receiver) => started(createServer(express().post('/wmspanel', expressMiddleware(receiver))))],
  ['koaMiddleware', (receiver) => started(createServer(new Koa().use(koaMiddleware(receiver)).callback()))],
  [
    'fastifyPlugin',
    async (receiver) => {
      const app = Fastify();
      await app.register(fastifyPlugin(receiver), { path: '/wmspanel' });
      await app.listen({ port: 0, host: '127.0.0.1' });
      running.push({ url: '', frameworkErrors: [], close: () => app.close() });
      return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/wmspanel`;
    },
  ],
  ['nodeHandler', (receiver) => started(createServer((req, res) => void nodeHandler(receiver)(req, res)))],
  [
    'fetchHandler',
    async (receiver) => {
      const handle = fetchHandler(receiver);
      const server = await new Promise<Server>((resolve) => {
        const serving = serve({ fetch: (request) => handle(request), hostname: '127.0.0.1', port: 0 }, () => resolve(serving as Server));
      });
      const listening = await listen(server);
      running.push(listening);
      return listening.url;
    },
  ],
];

describe.each(servers)('%s(receiver) of server status alone', (_, start) => {
  it('accepts a genuine notification with its kind, and refuses a stream notification 400 UNKNOWN_NOTIFICATION_KIND, nothing called', async () => {
    const { receiver, handled, errors } = makeReceiver();
    const url = await start(receiver);
    expect((await post(url, JSON.stringify(genuine()))).status).toBe(200);
    expect(handled).toHaveLength(1);
    const stream = await post(url, createTestStreamNotification({ token: TOKEN, time: NOW }).body);
    expect(stream.status).toBe(400);
    expect(stream.json).toEqual({ error: { code: 'UNKNOWN_NOTIFICATION_KIND', message: 'Body is not a notification this endpoint receives (server status)' } });
    expect(handled).toHaveLength(1);
    expect(errors.map(([error, info]) => [error.code, info.kind])).toEqual([['UNKNOWN_NOTIFICATION_KIND', undefined]]);
  });
});

describe('fetchHandler(receiver, options)', () => {
  it('refuses at once a receiver with allowedSenders and no remoteAddress, as createFetchHandler does', () => {
    const receiver = createReceiver({ token: TOKEN, allowedSenders: ['192.0.2.1'], kinds: [serverStatusKind({ onNotification: () => undefined })] });
    expect(() => fetchHandler(receiver)).toThrow(/allowedSenders needs options.remoteAddress/);
    expect(() => fetchHandler(receiver, { remoteAddress: () => '192.0.2.1' })).not.toThrow();
  });
});

describe('verifyRequest(request, verifier)', () => {
  const request = (body: string) => new Request('http://127.0.0.1/', { method: 'POST', body });

  it('verifies any kind with its prepared verifier', async () => {
    const stream = await verifyRequest(request(createTestStreamNotification({ token: TOKEN }).body), createStreamNotificationVerifier({ token: TOKEN }));
    expect(stream.events.length).toBeGreaterThan(0);
    const playback = await verifyRequest(request(createTestPlaybackAuthorizationRequest({ url: '/live/a/playlist.m3u8' }).body), createPlaybackAuthorizationRequestVerifier());
    expect(playback.url).toBe('/live/a/playlist.m3u8');
  });

  it("reads up to the verifier's own limit (8 MiB for syncs), or the one given", async () => {
    const sync = createTestPayPerViewSync({ token: TOKEN, players: Array.from({ length: 400 }, (_, i) => ({ id: `viewer-${i}` })) }).body;
    expect(sync.length).toBeGreaterThan(8192);
    expect((await verifyRequest(request(sync), createPayPerViewSyncVerifier({ token: TOKEN }))).players).toHaveLength(400);
    await expect(verifyRequest(request(sync), createPayPerViewSyncVerifier({ token: TOKEN }), { maxBodyBytes: 8192 })).rejects.toMatchObject({ code: 'BODY_TOO_LARGE' });
  });

  it('refuses another kind with the verifier kind\'s own error, never a wrong acceptance', async () => {
    const stream = createTestStreamNotification({ token: TOKEN }).body;
    await expect(verifyRequest(request(stream), createPayPerViewSyncVerifier({ token: TOKEN }))).rejects.toMatchObject({ code: 'INVALID_NOTIFICATION' });
  });
});
