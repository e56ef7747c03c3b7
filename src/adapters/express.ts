/**
 * Express 4 and 5 middleware that receives every kind.
 *
 * @module wmspanel-notifications/express
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../lib/receive.js';
import { createNodeBodyReader, discardUnread, writeNodeResponse } from './node-body.js';

/**
 * Express 4 and 5 middleware that receives WMSPanel notifications. Mount it on the route WMSPanel calls,
 * ideally with no body parser (`app.post('/wmspanel', middleware)`); it also works after `express.json()`,
 * `express.text()` or `express.raw()`, since the digest covers only the `time` field. When
 * `onNotification` throws, rejects or times out, an `Error` goes to `next(err)` (your error handler; a
 * thrown non-Error is wrapped, as its `cause`) and the notification is not marked as seen.
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
export function createExpressMiddleware(
  options: NotificationHandlerOptions,
): (request: IncomingMessage & { body?: unknown; ip?: string | undefined }, response: ServerResponse, next: (error?: unknown) => void) => void {
  const receiver = createNotificationReceiver(options);
  const readBody = createNodeBodyReader(receiver.limits);
  return (request, response, next) => {
    void receiver
      .receive({
        method: request.method,
        // Express's req.ip follows the app's 'trust proxy' setting.
        remoteAddress: request.ip ?? request.socket.remoteAddress,
        // express.json() leaves `{}` when the content type was not JSON, without reading the stream:
        // readNodeBody reads the stream whenever it is still unread, so that `{}` is never taken for the body.
        readBody: () => readBody(request, () => request.body),
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
}

export type { NotificationHandlerOptions, NotificationInfo, ErrorInfo } from '../lib/receive.js';
