/**
 * A node:http request handler that receives every kind.
 *
 * @module wmspanel-notifications/node
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Received } from '../lib/kind.js';
import { assertReceiver } from '../lib/receive/options.js';
import type { NotificationReceiverOf } from '../lib/receive/result.js';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../kinds/index.js';
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
  return nodeHandler(createNotificationReceiver(options));
}

/**
 * The `node:http` request handler of a receiver you made with `createReceiver`, for the kinds you listed:
 * the same handler as {@link createNodeHandler}, and an application that uses only this ships only those
 * kinds.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createReceiver, serverStatusKind } from 'wmspanel-notifications';
 * import { nodeHandler } from 'wmspanel-notifications/node';
 *
 * const receiver = createReceiver({ token: process.env.WMSPANEL_TOKEN!, kinds: [serverStatusKind({ onNotification: (n) => console.log(n.server) })] });
 * const handle = nodeHandler(receiver);
 * createServer((req, res) => void handle(req, res)).listen(3000);
 * ```
 */
export function nodeHandler(
  receiver: NotificationReceiverOf<Received>,
): (request: IncomingMessage & { body?: unknown }, response: ServerResponse) => Promise<void> {
  assertReceiver(receiver, 'nodeHandler', 'createNodeHandler');
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

export type { NotificationHandlerOptions, ErrorInfo } from '../kinds/index.js';
export type { NotificationInfo } from '../kinds/server-status/kind.js';
