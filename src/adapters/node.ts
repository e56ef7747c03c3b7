/**
 * A node:http request handler that receives every kind.
 *
 * @module wmspanel-notifications/node
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../lib/receive.js';
import { createNodeBodyReader, writeNodeResponse } from './node-body.js';

/**
 * A `node:http` / `node:https` request handler that receives WMSPanel notifications: POST only, a bounded
 * body read, verification, replay protection, then `onNotification`. Answers 200 when it resolved, a 4xx/503
 * with `{"error":{"code","message"}}` for a refused request, 409 while an earlier delivery of the same
 * notification is being handled, and 500 `HANDLER_FAILED` / 503 `HANDLER_TIMEOUT` (after `onError`, or a
 * line on `console.error` without it) when `onNotification` threw or did not finish in time. The returned
 * promise never rejects.
 *
 * @throws TypeError at once for invalid options (a missing token, no `onNotification`)
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createNodeHandler } from 'wmspanel-notifications/node';
 *
 * const handle = createNodeHandler({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   onNotification: (n) => console.log(`${n.server} is ${n.status}`),
 * });
 * createServer((req, res) => void handle(req, res)).listen(3000);
 * ```
 */
export function createNodeHandler(
  options: NotificationHandlerOptions,
): (request: IncomingMessage & { body?: unknown }, response: ServerResponse) => Promise<void> {
  const receiver = createNotificationReceiver(options);
  const readBody = createNodeBodyReader(receiver.limits);
  return async (request, response) => {
    const result = await receiver.receive({
      method: request.method,
      remoteAddress: request.socket.remoteAddress,
      readBody: () => readBody(request, () => request.body),
    });
    writeNodeResponse(request, response, result);
  };
}

export type { NotificationHandlerOptions, NotificationInfo, ErrorInfo } from '../lib/receive.js';
