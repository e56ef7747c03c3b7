// What docs/advertizer.md shows, run: each adapter's framework serving the scenario Nimble Advertizer polls
// (a GET) and the per-session handler it posts to (this package's adapter), on real servers on 127.0.0.1,
// asked as Nimble asks: the scenario fetched and validated, a session request answered with its rules.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import Router from '@koa/router';
import express from 'express';
import Fastify from 'fastify';
import { Hono, type Context } from 'hono';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressMiddleware } from '../../../src/adapters/express.js';
import { wmspanelPlugin } from '../../../src/adapters/fastify.js';
import { createFetchHandler } from '../../../src/adapters/fetch.js';
import { createKoaMiddleware } from '../../../src/adapters/koa.js';
import { createNodeHandler } from '../../../src/adapters/node.js';
import { createAdvertizerScenario, validateAdvertizerScenario, type AdvertizerSessionDecision, type AdvertizerSessionRequest } from '../../../src/index.js';
import { readAdvertizerSessionResponse, sendTestAdvertizerSessionRequest } from '../../../src/testing.js';

// The scenario, built and checked once at start: a pre-roll for every HLS and SLDP viewer of `live`, and the
// per-session handler for the ABR set (as docs/advertizer.md builds it).
const scenario = createAdvertizerScenario({
  session_handler: { apps: ['live'], url: 'http://127.0.0.1:3000/advertizer/sessions', timeout: 1000, onerror: 'skip' },
  contents: [
    { id: 'pre-roll', uri: 'https://ads.example.com/pre-roll.mp4' },
    { id: '1', uri: 'https://ads.example.com/1_240p.mp4', height: 240 },
    { id: '2', uri: 'https://ads.example.com/1_480p.mp4', height: 480 },
  ],
  rules: [{ id: 'live-pre-roll', type: 'app', app: 'live', protocols: ['hls', 'sldp'], time_sync: 'stream', time_offset: 0, time_interval: 0, contents: [{ id: 'pre-roll', onerror: 'skip', wait: 10 }] }],
});

const onAdvertizerSessions = (request: AdvertizerSessionRequest): AdvertizerSessionDecision => ({
  rules: [{ id: 'abr', type: 'session', time_sync: 'stream', time_offset: 0, contents: [{ id: ['1', '2'] }] }],
  rules_response: request.ruleRequests.map(({ session }) => ({ session, rules: ['abr'], request_interval: 10 })),
});
const allowedSenders = ['127.0.0.1'];

/** Each framework's app as docs/advertizer.md shows it: its base URL once listening, and how to stop it. */
const frameworks: Record<string, () => Promise<{ url: string; close: () => Promise<unknown> }>> = {
  async express() {
    const app = express();
    app.get('/advertizer/scenario.json', (_request, response) => void response.json(scenario));
    app.post('/advertizer/sessions', createExpressMiddleware({ allowedSenders, onAdvertizerSessions }));
    return listen(createServer(app));
  },
  async koa() {
    const app = new Koa();
    const router = new Router();
    router.get('/advertizer/scenario.json', (ctx) => {
      ctx.body = scenario;
    });
    router.post('/advertizer/sessions', createKoaMiddleware({ allowedSenders, onAdvertizerSessions }));
    app.use(router.routes()).use(router.allowedMethods());
    return listen(createServer(app.callback()));
  },
  async fastify() {
    const app = Fastify();
    app.get('/advertizer/scenario.json', async () => scenario);
    await app.register(wmspanelPlugin, { path: '/advertizer/sessions', allowedSenders, onAdvertizerSessions });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
  },
  async 'node:http'() {
    const sessions = createNodeHandler({ allowedSenders, onAdvertizerSessions });
    const body = JSON.stringify(scenario);
    const server = createServer((request, response) => {
      if (request.method === 'GET' && request.url === '/advertizer/scenario.json') return void response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      if (request.url === '/advertizer/sessions') return void sessions(request, response);
      response.writeHead(404).end();
    });
    return listen(server);
  },
  async 'hono (fetch)'() {
    const sessions = createFetchHandler({ allowedSenders, remoteAddress: (_request, c) => getConnInfo(c as Context).remote.address, onAdvertizerSessions });
    const app = new Hono();
    app.get('/advertizer/scenario.json', (c) => c.json(scenario));
    app.post('/advertizer/sessions', (c) => sessions(c.req.raw, c));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    return listen(server, true);
  },
};

/** Listens on 127.0.0.1 (unless `started`: @hono/node-server's serve() has called listen already). */
async function listen(server: Server, started = false): Promise<{ url: string; close: () => Promise<unknown> }> {
  if (!started) server.listen(0, '127.0.0.1');
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))),
  };
}

const running: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close()));
});

describe.each(Object.keys(frameworks))('%s serves the scenario and the session handler (docs/advertizer.md)', (name) => {
  it('answers the GET Nimble polls with the scenario as built, and a session request with its rules', async () => {
    const app = await frameworks[name]!();
    running.push(app);
    const polled = await fetch(`${app.url}/advertizer/scenario.json`);
    expect(polled.status).toBe(200);
    expect(polled.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await polled.text();
    expect(JSON.parse(text)).toStrictEqual(scenario);
    expect(validateAdvertizerScenario(text)).toStrictEqual({ valid: true, scenario, warnings: [] });
    const answer = await sendTestAdvertizerSessionRequest(`${app.url}/advertizer/sessions`, { ruleRequests: [{ session: 41 }, { session: 42, protocol: 'sldp' }] });
    expect(answer.status).toBe(200);
    expect(readAdvertizerSessionResponse(await answer.text()).rules_response).toStrictEqual([
      { session: 41, rules: ['abr'], request_interval: 10 },
      { session: 42, rules: ['abr'], request_interval: 10 },
    ]);
  });
});
