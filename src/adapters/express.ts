/**
 * Express 4 and 5 middleware that receives every kind.
 *
 * @module wmspanel-notifications/express
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NotificationError } from '../lib/errors.js';
import type { Received } from '../lib/kind.js';
import { assertReceiver } from '../lib/receive/options.js';
import type { NotificationReceiverOf } from '../lib/receive/result.js';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../kinds/index.js';
import { createNodeBodyReader, discardUnread, writeNodeResponse } from './node-body.js';

// The request as the middleware reads it: Node's, with what Express (`ip`) and a body parser (`body`) add.
// Written out in the public signatures rather than exported by name, so that the API pages need not
// document Node's own request.
type Request = IncomingMessage & { body?: unknown; ip?: string | undefined };

/**
 * The Express middleware {@link createExpressMiddleware} returns, and the error handler that goes with it.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createExpressMiddleware, type ExpressMiddleware } from 'wmspanel-notifications/express';
 *
 * const wmspanel: ExpressMiddleware = createExpressMiddleware({ token: process.env.WMSPANEL_TOKEN!, onNotification: () => {} });
 * const app = express();
 * app.use(express.json());
 * app.post('/wmspanel', wmspanel);
 * app.use('/wmspanel', wmspanel.errorHandler);
 * ```
 */
export interface ExpressMiddleware {
  (request: IncomingMessage & { body?: unknown; ip?: string | undefined }, response: ServerResponse, next: (error?: unknown) => void): void;
  /**
   * An Express error handler for what a body parser that runs before the route refused, so that the
   * refusal is answered and reported like the middleware's own. Express hands a parser's error (`next(err)`)
   * past every route to the error handlers, so the middleware itself never sees it: behind an app-wide
   * `express.json()` (100 kB by default) a pay-per-view sync of a few thousand viewers gets Express's own
   * HTML 413, and `onError` is never told. Mounted on the route's path after the parser
   * (`app.use('/wmspanel', middleware.errorHandler)`), it answers a body over the parser's limit 413
   * `BODY_TOO_LARGE` naming the cause and the fix, and a body the parser could not parse as the receiver
   * would (`INVALID_JSON`, `XML_NOT_SUPPORTED`), each after `onError`; only for a POST to the path itself
   * whose response has not started: any other error, and any error of a sub-path's or another method's,
   * goes on to `next(err)`. The better fix is still to mount the route before the parser.
   */
  readonly errorHandler: (error: unknown, request: IncomingMessage & { body?: unknown; ip?: string | undefined }, response: ServerResponse, next: (error?: unknown) => void) => void;
}

/**
 * How a body parser's error (body-parser's, as `express.json()`, `express.text()`, `express.raw()` and
 * `express.urlencoded()` make them) is read as the body: a refusal to answer, or the raw text a parser
 * could not parse. `undefined` for any other error.
 */
function readRefusedBody(error: unknown): (() => Promise<unknown>) | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, limit, body } = error as { type?: unknown; limit?: unknown; body?: unknown };
  if (type === 'entity.too.large') {
    const over = typeof limit === 'number' ? `its limit of ${limit} bytes` : 'its limit';
    const refusal = new NotificationError(
      'BODY_TOO_LARGE',
      `A body parser that ran before this route (express.json()?) refused a body over ${over} before the receiver could read it: mount the receiver before the parser, or raise the parser's limit`,
      { cause: error },
    );
    return () => Promise.reject(refusal);
  }
  // The text it could not parse: the receiver refuses it with its own code and hint (XML, not JSON).
  if (type === 'entity.parse.failed' && typeof body === 'string') return () => Promise.resolve(body);
  return undefined;
}

/** Whether a URL, as Express hands it to middleware mounted with `app.use(path, ...)`, is the mount path itself. */
function isMountRoot(url: string | undefined): boolean {
  const path = (url ?? '/').split('?', 1)[0];
  return path === '/' || path === '';
}

/**
 * Express 4 and 5 middleware that receives WMSPanel notifications. Mount it on the route WMSPanel calls,
 * ideally with no body parser (`app.post('/wmspanel', middleware)`); it also works after `express.json()`,
 * `express.text()` or `express.raw()`, since the digest covers only the `time` field. When
 * `onNotification` throws, rejects or times out, an `Error` goes to `next(err)` (your error handler; a
 * thrown non-Error is wrapped, as its `cause`) and the notification is not marked as seen. Behind an
 * app-wide body parser, mount its {@link ExpressMiddleware.errorHandler} on the same path too, so that a
 * body the parser refused (over its limit) is answered and reported rather than lost.
 *
 * @throws TypeError at once for invalid options (a missing token, no `onNotification`)
 * @example
 * ```ts
 * import express from 'express';
 * import { createExpressMiddleware } from 'wmspanel-notifications/express';
 *
 * const app = express();
 * app.post('/wmspanel', createExpressMiddleware({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   servers: ['edge1.example.com'],
 *   onNotification: async (n) => console.log(`${n.server} is ${n.status}`),
 * }));
 * app.listen(3000);
 * ```
 */
export function createExpressMiddleware(options: NotificationHandlerOptions): ExpressMiddleware {
  return expressMiddleware(createNotificationReceiver(options));
}

/**
 * The Express middleware of a receiver you made with `createReceiver`, for the kinds you listed: the same
 * middleware as {@link createExpressMiddleware}, and an application that uses only this ships only those
 * kinds.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createReceiver, serverStatusKind } from 'wmspanel-notifications';
 * import { expressMiddleware } from 'wmspanel-notifications/express';
 *
 * const receiver = createReceiver({ token: process.env.WMSPANEL_TOKEN!, kinds: [serverStatusKind({ onNotification: (n) => console.log(n.server) })] });
 * const app = express();
 * app.post('/wmspanel', expressMiddleware(receiver));
 * ```
 */
export function expressMiddleware(receiver: NotificationReceiverOf<Received>): ExpressMiddleware {
  assertReceiver(receiver, 'expressMiddleware', 'createExpressMiddleware');
  const readBody = createNodeBodyReader(receiver.limits);
  const receive = (request: Request, response: ServerResponse, next: (error?: unknown) => void, read: () => Promise<unknown>): void => {
    void receiver
      .receive({
        method: request.method,
        // Express's req.ip follows the app's 'trust proxy' setting.
        remoteAddress: request.ip ?? request.socket.remoteAddress,
        readBody: read,
      })
      .then((result) => {
        // Always an Error (a thrown non-Error is wrapped): Express takes `next(undefined)` for "go on" and
        // `next('route')` for "skip this route", so a raw rejection value would answer 404.
        if (result.outcome === 'failed') {
          discardUnread(request);
          next(result.error);
        } else {
          writeNodeResponse(request, response, result);
        }
      });
  };
  const middleware = (request: Request, response: ServerResponse, next: (error?: unknown) => void): void =>
    // express.json() leaves `{}` when the content type was not JSON, without reading the stream:
    // readNodeBody reads the stream whenever it is still unread, so that `{}` is never taken for the body.
    receive(request, response, next, () => readBody(request, () => request.body));
  // Four parameters: what makes Express call it with errors only.
  const errorHandler = (error: unknown, request: Request, response: ServerResponse, next: (error?: unknown) => void): void => {
    // Only its own route's POST, and only while nothing was answered: `app.use(path, ...)` also matches
    // the path's sub-paths and every method, and a response already started is the application's.
    const read = response.headersSent || request.method !== 'POST' || !isMountRoot(request.url) ? undefined : readRefusedBody(error);
    if (read === undefined) next(error);
    else receive(request, response, next, read);
  };
  return Object.assign(middleware, { errorHandler });
}

export type { NotificationHandlerOptions, ErrorInfo } from '../kinds/index.js';
export type { NotificationInfo } from '../kinds/server-status/kind.js';
