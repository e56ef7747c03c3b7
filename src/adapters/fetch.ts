import { checkContentLength, readStreamBody, readWithin } from '../body.js';
import { NotificationError } from '../errors.js';
import { assertPost, createNotificationReceiver, readBodyLimits, type BodyLimits, type NotificationHandlerOptions } from '../receive.js';
import type { ServerStatusNotification } from '../types.js';
import { createVerifier, type VerifyNotificationOptions } from '../verify-notification.js';

async function readRequestBody(request: Request, limits: BodyLimits): Promise<Uint8Array | ArrayBuffer> {
  if (request.bodyUsed) {
    throw new NotificationError('INVALID_JSON', 'Body was already read (call this before request.json() or .text())');
  }
  const contentLength = request.headers.get('content-length');
  checkContentLength(contentLength, limits);
  // With a Content-Length within the limit, the HTTP layer itself stops the body at that length, so the
  // runtime's own arrayBuffer() is bounded; it skips building a web stream, which on @hono/node-server
  // measured several times the cost of the rest of the request. Chunked bodies are read chunk by chunk.
  if (contentLength !== null && /^\d+$/.test(contentLength)) return readWithin(request.arrayBuffer(), limits);
  return readStreamBody(request.body, limits);
}

/**
 * A Fetch-style handler, `(request: Request) => Promise<Response>`, that receives WMSPanel notifications:
 * for Next.js route handlers, Hono (`c.req.raw`), `Bun.serve`, `Deno.serve` and Cloudflare Workers. POST only,
 * a bounded body read, verification, replay protection, then `onNotification`; 200 when it resolved, a
 * 4xx/503 with `{"error":{"code","message"}}` when refused, 500 (after `onError`) when `onNotification` threw.
 * Imports no `node:*` module.
 *
 * @throws TypeError at once for invalid options (a missing token, no `onNotification`)
 * @example
 * ```ts
 * import { createFetchHandler } from 'wmspanel-notifications/fetch';
 *
 * const handler = createFetchHandler({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   onNotification: async (n) => console.log(`${n.server} is ${n.status}`),
 * });
 * export const POST = handler; // Next.js App Router: app/api/wmspanel/route.ts
 * ```
 */
export function createFetchHandler(options: NotificationHandlerOptions): (request: Request) => Promise<Response> {
  const receiver = createNotificationReceiver(options);
  return async (request) => {
    const result = await receiver.receive({ method: request.method, readBody: () => readRequestBody(request, receiver.limits) });
    return new Response(result.body, { status: result.status, headers: result.headers });
  };
}

/**
 * Options of `verifyRequest`: those of `verifyNotification` plus the body limits.
 *
 * @example
 * ```ts
 * import type { VerifyRequestOptions } from 'wmspanel-notifications/fetch';
 *
 * const options: VerifyRequestOptions = { token: 'my-token', maxBodyBytes: 4096 };
 * ```
 */
export interface VerifyRequestOptions extends VerifyNotificationOptions {
  /** The largest body read, in bytes. Default 8 KiB. */
  maxBodyBytes?: number;
  /** How long to wait for the whole body, in milliseconds. Default 10 s. */
  bodyTimeoutMs?: number;
}

/**
 * Verifies a Fetch `Request` and returns its notification, for when you write the response yourself.
 * Checks the method (POST), reads the body within limits, then does what `verifyNotification` does.
 * Replays are not caught here: see `createFetchHandler` or `createMemoryReplayStore`.
 *
 * @throws `NotificationError` for anything wrong with the request (use `error.status` as the answer)
 * @throws TypeError at once for invalid options
 * @example
 * ```ts
 * import { verifyRequest } from 'wmspanel-notifications/fetch';
 * import { isNotificationError } from 'wmspanel-notifications';
 *
 * export async function POST(request: Request): Promise<Response> {
 *   try {
 *     const notification = await verifyRequest(request, { token: process.env.WMSPANEL_TOKEN! });
 *     await recordOutage(notification.server);
 *     return Response.json({ received: true });
 *   } catch (error) {
 *     if (isNotificationError(error)) return Response.json(error, { status: error.status });
 *     throw error;
 *   }
 * }
 * ```
 */
export async function verifyRequest(request: Request, options: VerifyRequestOptions): Promise<ServerStatusNotification> {
  const verifier = createVerifier(options);
  const limits = readBodyLimits(options);
  assertPost(request.method);
  return verifier.verify(await readRequestBody(request, limits));
}

export type { NotificationHandlerOptions, NotificationInfo, ErrorInfo } from '../receive.js';
