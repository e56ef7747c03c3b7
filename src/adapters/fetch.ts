/**
 * A Fetch-style handler (Next.js, Hono, Bun, Deno, Cloudflare Workers) and verifyRequest.
 *
 * @module wmspanel-notifications/fetch
 */
import { assertPost, bodyUnreadable, checkContentLength, discardRest, readBodyLimits, readStreamBody, type BodyLimits } from '../lib/body.js';
import { isNotificationError, type NotificationError } from '../lib/errors.js';
import type { Received } from '../lib/kind.js';
import { misuse } from '../lib/misuse.js';
import { assertReceiver } from '../lib/receive/options.js';
import type { NotificationReceiverOf } from '../lib/receive/result.js';
import type { NotificationVerifier } from '../lib/verifier.js';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../kinds/index.js';
import type { ServerStatusNotification } from '../kinds/server-status/types.js';
import { createNotificationVerifier, type VerifyNotificationOptions } from '../kinds/server-status/verify.js';

/**
 * Reads a request body within the limits, as a stream whatever Content-Length says: a Request built or
 * proxied by application code can declare a length its body does not keep to, and `arrayBuffer()` would
 * read it all. Anything the network (or another reader) causes is a `NotificationError`.
 */
async function readRequestBody(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  if (request.bodyUsed) throw bodyUnreadable(undefined, 'Body was already read (call this before request.json() or .text())');
  checkContentLength(request.headers.get('content-length'), limits);
  try {
    return await readStreamBody(request.body, limits);
  } catch (error) {
    throw isNotificationError(error) ? error : bodyUnreadable(error);
  }
}

/**
 * Deals with a body an early answer left unread: a declared length over the limit is read and thrown away
 * for a bounded time and amount (see readStreamBody), so that its sender can read the 413; any other is
 * cancelled at once, so that nothing more of it is read.
 */
function settleUnread(request: Request, error: NotificationError): void {
  try {
    if (request.bodyUsed || request.body === null || request.body.locked) return;
    if (error.code === 'BODY_TOO_LARGE') void discardRest(request.body.getReader());
    else request.body.cancel().catch(() => undefined);
  } catch {
    // A body that cannot even be looked at has nothing left to settle.
  }
}

/**
 * Options of `createFetchHandler`: the shared ones, and how to learn a request's client address.
 *
 * @example
 * ```ts
 * import type { FetchHandlerOptions } from 'wmspanel-notifications/fetch';
 *
 * // Cloudflare Workers: the client address is a header Cloudflare sets.
 * const options: FetchHandlerOptions = {
 *   onPublishControlRequest: (request) => request.requests.map((item) => ({ seq: item.seq, allow: item.id !== '' })),
 *   allowedSenders: ['203.0.113.10'],
 *   // On Cloudflare Workers only, where Cloudflare itself sets it: elsewhere any client can send the header.
 *   remoteAddress: (request) => request.headers.get('cf-connecting-ip') ?? undefined,
 *   // Bun.serve: remoteAddress: (request, server) => (server as Bun.Server).requestIP(request)?.address,
 * };
 * ```
 */
export interface FetchHandlerOptions extends NotificationHandlerOptions, FetchAddressOptions {}

/**
 * What `fetchHandler` takes besides the receiver: how to learn a request's client address.
 *
 * @example
 * ```ts
 * import type { FetchAddressOptions } from 'wmspanel-notifications/fetch';
 *
 * const options: FetchAddressOptions = { remoteAddress: (_request, info) => (info as Deno.ServeHandlerInfo).remoteAddr.hostname };
 * ```
 */
export interface FetchAddressOptions {
  /**
   * The client address of a request, for `allowedSenders` (a `Request` carries none). `context` is the
   * handler's second argument, whatever the runtime passed: Bun's `server` (`server.requestIP(request)?.address`),
   * Deno's `info` (`info.remoteAddr.hostname`), a Hono context (`getConnInfo(c).remote.address`); on
   * Cloudflare Workers, the `cf-connecting-ip` header (set by Cloudflare there; anywhere else a client can
   * write it, as any header). Required with `allowedSenders`; an address it cannot tell
   * (it returns nothing or throws) is refused.
   */
  remoteAddress?(request: Request, context: unknown): string | undefined;
}

/**
 * The handler of options given as a function: made on the first request, so that importing the module
 * needs no secret (a Next.js build collects page data by importing every route). A misconfiguration
 * rejects each request with its TypeError, loudly, until it is fixed; once made, the handler is kept.
 */
function createLazyFetchHandler(makeOptions: () => FetchHandlerOptions): (request: Request, context?: unknown) => Promise<Response> {
  let handler: ((request: Request, context?: unknown) => Promise<Response>) | undefined;
  return async (request, context) => {
    handler ??= createFetchHandler(makeOptions());
    return handler(request, context);
  };
}

/**
 * A Fetch-style handler, `(request: Request) => Promise<Response>`, that receives WMSPanel notifications:
 * for Next.js route handlers, Hono (`c.req.raw`), `Bun.serve`, `Deno.serve` and Cloudflare Workers. POST only,
 * a bounded body read, verification, replay protection, then `onNotification`; 200 when it resolved, a
 * 4xx/503 with `{"error":{"code","message"}}` when refused, 409 while an earlier delivery of the same
 * notification is being handled, 500 `HANDLER_FAILED` / 503 `HANDLER_TIMEOUT` (after `onError`, or a line
 * on `console.error` without it) when `onNotification` threw or did not finish in time. Never rejects.
 * Imports no `node:*` module.
 *
 * Give the options as a function (`createFetchHandler(() => ({ token: process.env.WMSPANEL_TOKEN!, ... }))`)
 * to create the handler on its first request instead: a module that exports it then imports without the
 * secret (a Next.js build, a Docker image build), and a missing token rejects the first request with the
 * `TypeError`, loudly, instead of failing the build.
 *
 * @throws TypeError at once for invalid options (a missing token, no `onNotification`); with options given
 *   as a function, the handler's promise rejects with it instead
 * @example
 * ```ts
 * import { createFetchHandler } from 'wmspanel-notifications/fetch';
 *
 * // Next.js App Router, app/api/wmspanel/route.ts: options as a function, so `next build` needs no token.
 * export const POST = createFetchHandler(() => ({
 *   token: process.env.WMSPANEL_TOKEN!,
 *   onNotification: async (n) => console.log(`${n.server} is ${n.status}`),
 * }));
 * ```
 */
export function createFetchHandler(
  options: FetchHandlerOptions | (() => FetchHandlerOptions),
): (request: Request, context?: unknown) => Promise<Response> {
  if (typeof options === 'function') return createLazyFetchHandler(options);
  return fetchHandler(createNotificationReceiver(options), options);
}

/**
 * The Fetch-style handler of a receiver you made with `createReceiver`, for the kinds you listed: the same
 * handler as {@link createFetchHandler}, and an application that uses only this ships only those kinds.
 *
 * @throws TypeError at once for an invalid `remoteAddress`, or none when the receiver has `allowedSenders`
 * @example
 * ```ts
 * import { createReceiver, serverStatusKind } from 'wmspanel-notifications';
 * import { fetchHandler } from 'wmspanel-notifications/fetch';
 *
 * const receiver = createReceiver({ token: process.env.WMSPANEL_TOKEN!, kinds: [serverStatusKind({ onNotification: (n) => console.log(n.server) })] });
 * export default { fetch: fetchHandler(receiver) }; // Bun, Deno, Cloudflare Workers
 * ```
 */
export function fetchHandler(receiver: NotificationReceiverOf<Received>, options: FetchAddressOptions = {}): (request: Request, context?: unknown) => Promise<Response> {
  assertReceiver(receiver, 'fetchHandler', 'createFetchHandler');
  const { remoteAddress } = options;
  if (remoteAddress !== undefined && typeof remoteAddress !== 'function') throw misuse('options.remoteAddress must be a function (request, context) => string');
  if (receiver.restrictsSenders && remoteAddress === undefined) {
    // A Request carries no client address: without a way to learn it, every request would be refused.
    throw misuse('options.allowedSenders needs options.remoteAddress in the fetch adapter (a Request carries no client address)');
  }
  return async (request, context) => {
    let address: string | undefined;
    try {
      address = remoteAddress?.call(options, request, context);
    } catch {
      // An address that cannot be learnt is unknown: allowedSenders refuses it.
    }
    const result = await receiver.receive({ method: request.method, remoteAddress: address, readBody: () => readRequestBody(request, receiver.limits) });
    if (result.outcome === 'refused') settleUnread(request, result.error);
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
 * Verifies a Fetch `Request` and returns its request, for when you write the response yourself: checks the
 * method (POST), reads the body within limits, then verifies it. Given options, it verifies a server status
 * notification as `verifyNotification` does; given a prepared verifier of any kind
 * (`createStreamNotificationVerifier({ token })`, `createPayPerViewSyncVerifier({ token })`,
 * `createPublishControlRequestVerifier()`, ...), that kind, with the body limits as its third argument
 * (default: the verifier's `maxBodyBytes`, 10 s). Replays are not caught here: see `createFetchHandler` or
 * `createMemoryReplayStore`.
 *
 * @throws `NotificationError` for anything wrong with the request, an unreadable body included
 *   (`BODY_UNREADABLE`); never another error for what the network sends (use `error.status` as the answer)
 * @throws TypeError at once for invalid options
 * @example
 * ```ts
 * import { verifyRequest } from 'wmspanel-notifications/fetch';
 * import { createStreamNotificationVerifier, isNotificationError } from 'wmspanel-notifications';
 *
 * const streams = createStreamNotificationVerifier({ token: process.env.WMSPANEL_TOKEN! });
 * export async function POST(request: Request): Promise<Response> {
 *   try {
 *     const notification = await verifyRequest(request, streams);
 *     await recordEvents(notification.events);
 *     return Response.json({ received: true });
 *   } catch (error) {
 *     if (isNotificationError(error)) return Response.json(error, { status: error.status });
 *     throw error;
 *   }
 * }
 * ```
 */
export async function verifyRequest(request: Request, options: VerifyRequestOptions): Promise<ServerStatusNotification>;
export async function verifyRequest<N>(request: Request, verifier: NotificationVerifier<string, N>, limits?: Partial<BodyLimits>): Promise<N>;
export async function verifyRequest(
  request: Request,
  options: VerifyRequestOptions | NotificationVerifier<string, unknown>,
  limits: Partial<BodyLimits> = {},
): Promise<unknown> {
  const prepared = isVerifier(options);
  const verifier = prepared ? options : createNotificationVerifier(options);
  const bodyLimits = prepared ? readBodyLimits(limits, options.maxBodyBytes) : readBodyLimits(options);
  try {
    assertPost(request.method);
    return verifier.verify(await readRequestBody(request, bodyLimits));
  } catch (error) {
    if (isNotificationError(error)) settleUnread(request, error);
    throw error;
  }
}

/** Whether `verifyRequest` was given a prepared verifier rather than options. */
function isVerifier(value: unknown): value is NotificationVerifier<string, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { verify?: unknown }).verify === 'function' && typeof (value as { kind?: unknown }).kind === 'string';
}

export type { NotificationHandlerOptions, ErrorInfo } from '../kinds/index.js';
export type { NotificationInfo } from '../kinds/server-status/kind.js';
