// Real servers on 127.0.0.1, one per adapter and framework version, for the adapter tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import koaBodyParser from '@koa/bodyparser';
import express5 from 'express';
import express4 from 'express4';
import { Hono, type Context } from 'hono';
import Koa3 from 'koa';
import legacyKoaBodyParser from 'koa-bodyparser';
import Koa2 from 'koa2';
import Fastify from 'fastify';
import { createExpressMiddleware } from '../../src/adapters/express.js';
import { wmspanelPlugin } from '../../src/adapters/fastify.js';
import { createFetchHandler } from '../../src/adapters/fetch.js';
import { createKoaMiddleware } from '../../src/adapters/koa.js';
import { createNodeHandler } from '../../src/adapters/node.js';
import type { NotificationHandlerOptions } from '../../src/index.js';

export const PATH = '/wmspanel';

export interface Running {
  url: string;
  close(): Promise<void>;
  /** What the framework's own error handling received (Express error handler, Koa error middleware). */
  frameworkErrors: unknown[];
}

export async function listen(server: Server, frameworkErrors: unknown[] = []): Promise<Running> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${PATH}`,
    frameworkErrors,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Express = typeof express5;
export type ExpressParser =
  | 'none'
  | 'json'
  | 'text'
  | 'raw'
  | 'app-json'
  | 'app-json-all-types'
  | 'json-after'
  | 'app-urlencoded'
  | 'app-urlencoded-extended'
  | 'urlencoded-after'
  | 'app-json-error-handler';

/** Express with the notification route mounted the way a user would, with or without a body parser. */
function expressApp(express: Express, options: NotificationHandlerOptions, parser: ExpressParser, errors: unknown[] = []): Server {
  const app = express();
  const middleware = createExpressMiddleware(options);
  if (parser === 'app-json') app.use(express.json());
  if (parser === 'app-json-all-types') app.use(express.json({ type: () => true }));
  if (parser === 'app-json-error-handler') app.use(express.json());
  if (parser === 'app-urlencoded') app.use(express.urlencoded({ extended: false }));
  if (parser === 'app-urlencoded-extended') app.use(express.urlencoded({ extended: true }));
  const route: express5.RequestHandler[] = [];
  if (parser === 'json') route.push(express.json());
  if (parser === 'text') route.push(express.text({ type: () => true }));
  if (parser === 'raw') route.push(express.raw({ type: () => true }));
  app.post(PATH, ...route, middleware as express5.RequestHandler);
  app.all(PATH, middleware as express5.RequestHandler);
  // A parser mounted after the route never sees the request, so neither does its size limit.
  if (parser === 'json-after') app.use(express.json());
  if (parser === 'urlencoded-after') app.use(express.urlencoded({ extended: false }));
  // The middleware's own error handler on its path, for what a parser before the route refused.
  if (parser === 'app-json-error-handler') app.use(PATH, middleware.errorHandler as express5.ErrorRequestHandler);
  // The usual application error handler: errors that carry a status (body-parser's) keep it.
  app.use(((error: Error & { status?: number }, _req, res, _next) => {
    errors.push(error);
    res.status(error.status ?? 500).json({ fromErrorHandler: true, message: error.message });
  }) as express5.ErrorRequestHandler);
  return createServer(app);
}

/** A Koa body parser in front of the route, or (`-after`) app-wide but mounted after the route. */
export type KoaParser =
  | 'none'
  | '@koa/bodyparser'
  | 'koa-bodyparser'
  | '@koa/bodyparser form'
  | 'koa-bodyparser form'
  | '@koa/bodyparser-after'
  | 'koa-bodyparser-after';

/** Koa with the route mounted; `errors` given: with the usual error middleware, recording what it caught. */
function koaApp(KoaClass: typeof Koa3, options: NotificationHandlerOptions, parser: KoaParser, errors?: unknown[]): Server {
  const app = new KoaClass();
  app.silent = true;
  const middleware = createKoaMiddleware(options);
  if (errors !== undefined) {
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        errors.push(error);
        // Koa's documented pattern: errors that carry a status keep it.
        ctx.status = (error as { status?: number }).status ?? 500;
        ctx.body = { fromErrorHandler: true, message: (error as Error).message };
      }
    });
  }
  const parsers = {
    '@koa/bodyparser': () => koaBodyParser({ enableTypes: ['json', 'text'], extendTypes: { text: ['text/*'] } }),
    'koa-bodyparser': () => legacyKoaBodyParser({ enableTypes: ['json', 'text'] }),
    '@koa/bodyparser form': () => koaBodyParser({ enableTypes: ['form'] }),
    'koa-bodyparser form': () => legacyKoaBodyParser({ enableTypes: ['form'] }),
  };
  const name = parser.replace(/-after$/, '');
  if (name !== 'none' && !parser.endsWith('-after')) app.use(parsers[name as keyof typeof parsers]());
  app.use(async (ctx, next) => {
    if (ctx.path === PATH) await middleware(ctx, next);
    else await next();
  });
  if (parser.endsWith('-after')) app.use(parsers[name as keyof typeof parsers]());
  return createServer(app.callback());
}

export interface Target {
  name: string;
  /** How a failing onNotification shows: the framework's own error handling, or the adapter's 500. */
  handlerFailure: 'framework' | 'adapter';
  start(options: NotificationHandlerOptions): Promise<Running>;
}

const withErrors = (make: (errors: unknown[]) => Server): Promise<Running> => {
  const errors: unknown[] = [];
  return listen(make(errors), errors);
};

export const targets: Target[] = [
  { name: 'express 5', handlerFailure: 'framework', start: (o) => withErrors((e) => expressApp(express5, o, 'none', e)) },
  { name: 'express 4', handlerFailure: 'framework', start: (o) => withErrors((e) => expressApp(express4 as unknown as Express, o, 'none', e)) },
  { name: 'koa 3', handlerFailure: 'framework', start: (o) => withErrors((e) => koaApp(Koa3, o, 'none', e)) },
  { name: 'koa 2', handlerFailure: 'framework', start: (o) => withErrors((e) => koaApp(Koa2 as unknown as typeof Koa3, o, 'none', e)) },
  {
    // The plugin in its own scope, beside an application JSON route with Fastify's default parsers.
    name: 'fastify 5',
    handlerFailure: 'adapter',
    start: async (o) => {
      const app = Fastify();
      app.post('/app-json', async (request) => ({ echoed: request.body }));
      await app.register(wmspanelPlugin as never, { ...o, path: PATH });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}${PATH}`,
        frameworkErrors: [],
        close: async () => {
          app.server.closeAllConnections();
          await app.close();
        },
      };
    },
  },
  {
    name: 'node:http',
    handlerFailure: 'adapter',
    start: (o) => {
      const handle = createNodeHandler(o);
      return listen(createServer((req, res) => void handle(req, res)));
    },
  },
  {
    name: 'fetch (Hono on @hono/node-server)',
    handlerFailure: 'adapter',
    start: async (o) => {
      // The client address, as a Hono app on Node learns it: from the context passed as second argument.
      const handler = createFetchHandler({ remoteAddress: (_request, c) => getConnInfo(c as Context).remote.address, ...o });
      const app = new Hono();
      app.all(PATH, (c) => handler(c.req.raw, c));
      const server = await new Promise<Server>((resolve) => {
        const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s as Server));
      });
      const { port } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}${PATH}`,
        frameworkErrors: [],
        close: () => new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
      };
    },
  },
];

export function startExpress(version: 4 | 5, options: NotificationHandlerOptions, parser: ExpressParser): Promise<Running> {
  return listen(expressApp(version === 5 ? express5 : (express4 as unknown as Express), options, parser));
}

export function startKoa(version: 2 | 3, options: NotificationHandlerOptions, parser: KoaParser): Promise<Running> {
  return withErrors((e) => koaApp(version === 3 ? Koa3 : (Koa2 as unknown as typeof Koa3), options, parser, e));
}

/** Koa 2 and 3 with no error middleware of the application's own: Koa's default error handling answers. */
export const bareKoaTargets: Target[] = [
  { name: 'koa 3 (no error middleware)', handlerFailure: 'framework', start: (o) => listen(koaApp(Koa3, o, 'none')) },
  { name: 'koa 2 (no error middleware)', handlerFailure: 'framework', start: (o) => listen(koaApp(Koa2 as unknown as typeof Koa3, o, 'none')) },
];
