/**
 * Koa 2 and 3 middleware that receives every kind.
 *
 * @module wmspanel-notifications/koa
 */
import type { IncomingMessage } from 'node:http';
import type { Received } from '../lib/kind.js';
import { assertReceiver } from '../lib/receive/options.js';
import type { NotificationReceiverOf } from '../lib/receive/result.js';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../kinds/index.js';
import { createNodeBodyReader, discardUnread } from './node-body.js';

/**
 * The parts of a Koa context this middleware uses (Koa 2 and 3 contexts fit it).
 *
 * @example
 * ```ts
 * import type { KoaContextLike } from 'wmspanel-notifications/koa';
 *
 * const describe = (ctx: KoaContextLike) => `${ctx.method} -> ${ctx.status}`;
 * ```
 */
export interface KoaContextLike {
  /** The request method. */
  method: string;
  /** The client's address (Koa's `ctx.ip`, which follows `app.proxy`); else the socket's is used. */
  ip?: string;
  /** Node's request, read when no body parser ran first. */
  req: IncomingMessage;
  /**
   * Koa's request: where a body parser that ran first left the body. An `object &` type, so that Koa's own
   * `Request` fits without a body parser's types (an all-optional type refused it: TS2345).
   */
  request: object & {
    /** The parsed body (`@koa/bodyparser`, `koa-bodyparser`). */
    body?: unknown;
    /** The raw text those parsers also keep; preferred to `body`. */
    rawBody?: unknown;
  };
  /** The response status. */
  status: number;
  /** The response body. */
  body: unknown;
  /** Sets response headers. */
  set(headers: Record<string, string>): void;
}

/**
 * Koa 2 and 3 middleware that receives WMSPanel notifications. Mount it on the route WMSPanel calls (with
 * `@koa/router`, or a path check); it works with or without `@koa/bodyparser` / `koa-bodyparser` before it.
 * When `onNotification` throws, rejects or times out, an `Error` propagates to Koa's error handling (a
 * thrown non-Error is wrapped, as its `cause`; Koa answers with its `status`, 500 or 503) and the
 * notification is not marked as seen.
 *
 * @throws TypeError at once for invalid options (a missing token, no `onNotification`)
 * @example
 * ```ts
 * import Koa from 'koa';
 * import Router from '@koa/router';
 * import { createKoaMiddleware } from 'wmspanel-notifications/koa';
 *
 * const router = new Router();
 * router.post('/wmspanel', createKoaMiddleware({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   onNotification: async (n) => console.log(`${n.server} is ${n.status}`),
 * }));
 * new Koa().use(router.routes()).listen(3000);
 * ```
 */
export function createKoaMiddleware(options: NotificationHandlerOptions): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  return koaMiddleware(createNotificationReceiver(options));
}

/**
 * The Koa middleware of a receiver you made with `createReceiver`, for the kinds you listed: the same
 * middleware as {@link createKoaMiddleware}, and an application that uses only this ships only those kinds.
 *
 * @example
 * ```ts
 * import Router from '@koa/router';
 * import { createReceiver, streamKind } from 'wmspanel-notifications';
 * import { koaMiddleware } from 'wmspanel-notifications/koa';
 *
 * const receiver = createReceiver({ token: process.env.WMSPANEL_TOKEN!, kinds: [streamKind({ onStreamNotification: (n) => console.log(n.id) })] });
 * new Router().post('/wmspanel', koaMiddleware(receiver));
 * ```
 */
export function koaMiddleware(receiver: NotificationReceiverOf<Received>): (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void> {
  assertReceiver(receiver, 'koaMiddleware', 'createKoaMiddleware');
  const readBody = createNodeBodyReader(receiver.limits);
  return async (ctx) => {
    const result = await receiver.receive({
      method: ctx.method,
      remoteAddress: ctx.ip ?? ctx.req.socket.remoteAddress,
      // A body parser that ran first keeps the raw text in rawBody: prefer it to the parsed object.
      readBody: () => readBody(ctx.req, () => (typeof ctx.request.rawBody === 'string' ? ctx.request.rawBody : ctx.request.body)),
    });
    discardUnread(ctx.req);
    // Always an Error (a thrown non-Error is wrapped): Koa's own error handling ignores a null or
    // undefined one and never answers.
    if (result.outcome === 'failed') throw result.error;
    ctx.status = result.status;
    ctx.set(result.headers);
    ctx.body = result.body;
  };
}

export type { NotificationHandlerOptions, ErrorInfo } from '../kinds/index.js';
export type { NotificationInfo } from '../kinds/server-status/kind.js';
