// `node bench/http-server.mjs <subject>`: starts one server on 127.0.0.1 and prints its port.
// Adapters are measured against the same framework's route that only reads the body and answers 200.
import { createServer } from 'node:http';

const subject = process.argv[2];
const token = process.argv[3];
const ok = JSON.stringify({ received: true });
let handled = 0;
const onNotification = () => {
  handled++;
};
const options = { token, onNotification };

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function app() {
  switch (subject) {
    case 'node:http, read body only':
      return createServer(async (req, res) => {
        await readBody(req);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': ok.length }).end(ok);
      });
    case 'node:http + createNodeHandler': {
      const { createNodeHandler } = await import('../dist/node.js');
      const handle = createNodeHandler(options);
      return createServer((req, res) => void handle(req, res));
    }
    case 'node:http + createNodeHandler + Redis store (redis 6)':
    case 'node:http + createNodeHandler + Redis store (ioredis 6)': {
      const { createNodeHandler } = await import('../dist/node.js');
      const { createRedisReplayStore } = await import('../dist/redis.js');
      let client;
      if (subject.endsWith('(redis 6)')) {
        const { createClient } = await import('redis');
        client = await createClient({ url: process.env.REDIS_URL }).connect();
      } else {
        const { Redis } = await import('ioredis');
        client = new Redis(process.env.REDIS_URL);
      }
      // A prefix of this process's own: the runs share one Redis and send the same notifications, and a run
      // stopped mid-request leaves in-progress marks that would answer the next run 409.
      const replayStore = createRedisReplayStore({ client, prefix: `bench:${process.pid}:` });
      const handle = createNodeHandler({ ...options, replayStore });
      return createServer((req, res) => void handle(req, res));
    }
    case 'express, express.json() route': {
      const { default: express } = await import('express');
      const a = express();
      a.post('/', express.json(), (req, res) => res.json({ received: true }));
      return createServer(a);
    }
    case 'express + createExpressMiddleware': {
      const { default: express } = await import('express');
      const { createExpressMiddleware } = await import('../dist/express.js');
      const a = express();
      a.post('/', createExpressMiddleware(options));
      return createServer(a);
    }
    case 'koa, read body only': {
      const { default: Koa } = await import('koa');
      const a = new Koa();
      a.use(async (ctx) => {
        await readBody(ctx.req);
        ctx.body = { received: true };
      });
      return createServer(a.callback());
    }
    case 'koa + createKoaMiddleware': {
      const { default: Koa } = await import('koa');
      const { createKoaMiddleware } = await import('../dist/koa.js');
      const a = new Koa();
      a.use(createKoaMiddleware(options));
      return createServer(a.callback());
    }
    case 'hono (node-server), read body only':
    case 'hono (node-server) + createFetchHandler': {
      const { Hono } = await import('hono');
      const { serve } = await import('@hono/node-server');
      const a = new Hono();
      if (subject.endsWith('read body only')) {
        a.post('/', async (c) => {
          await c.req.arrayBuffer();
          return c.json({ received: true });
        });
      } else {
        const { createFetchHandler } = await import('../dist/fetch.js');
        const handler = createFetchHandler(options);
        a.post('/', (c) => handler(c.req.raw));
      }
      return new Promise((resolve) => {
        const server = serve({ fetch: a.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
      });
    }
    default:
      throw new Error(`unknown subject ${subject}`);
  }
}

const server = await app();
if (!server.listening) await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
console.log(JSON.stringify({ port: server.address().port }));
// The parent asks for this process's CPU time before and after the load, to report CPU per request.
process.on('message', () => {
  const { user, system } = process.cpuUsage();
  process.send?.({ handled, cpuMicros: user + system });
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
