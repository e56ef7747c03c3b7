/**
 * A Fastify 5 plugin that receives every kind at a path, whatever the content type.
 *
 * @module wmspanel-notifications/fastify
 */
import type { IncomingMessage } from 'node:http';
import { misuse } from '../lib/misuse.js';
import type { Received } from '../lib/kind.js';
import { assertReceiver } from '../lib/receive/options.js';
import type { NotificationReceiverOf } from '../lib/receive/result.js';
import { createNotificationReceiver, type NotificationHandlerOptions } from '../kinds/index.js';
import { createNodeBodyReader, discardUnread } from './node-body.js';

/**
 * Options of {@link wmspanelPlugin}: the shared ones, and the path of its route.
 *
 * @example
 * ```ts
 * import type { FastifyWmspanelOptions } from 'wmspanel-notifications/fastify';
 *
 * const options: FastifyWmspanelOptions = { path: '/wmspanel', token: process.env.WMSPANEL_TOKEN!, onNotification: () => {} };
 * ```
 */
export interface FastifyWmspanelOptions extends NotificationHandlerOptions {
  /** The route's path, under the prefix the plugin is registered with. Default `'/'`. */
  path?: string;
}

/** The parts of a Fastify instance the plugin uses (typed here, so that `fastify` is not imported). */
export interface FastifyInstanceLike {
  /** Fastify's own. */
  removeAllContentTypeParsers(): void;
  /** Fastify's own. */
  addContentTypeParser(contentType: string, parser: (request: unknown, payload: unknown, done: (error: Error | null, body?: unknown) => void) => void): void;
  /** Fastify's own. */
  route(options: {
    method: string[];
    url: string;
    handler: (request: FastifyRequestLike, reply: FastifyReplyLike) => Promise<unknown>;
  }): unknown;
}

/** The parts of a Fastify request the plugin uses. */
export interface FastifyRequestLike {
  /** The method. */
  method: string;
  /** The client address (Fastify's `request.ip`, which follows `trustProxy`). */
  ip?: string;
  /** Node's request: the body is read from it. */
  raw: IncomingMessage;
}

/** The parts of a Fastify reply the plugin uses. */
export interface FastifyReplyLike {
  /** Sets the status. */
  code(status: number): FastifyReplyLike;
  /** Sets headers. */
  headers(headers: Record<string, string>): FastifyReplyLike;
  /** Sends the body. */
  send(body: string): unknown;
}

// Every method, so that the others get this package's 405 with `Allow: POST` rather than Fastify's 404.
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/**
 * A Fastify 5 plugin that receives WMSPanel and Nimble Streamer requests of every kind whose callback is in
 * its options, at `path` under the prefix it is registered with. In its own encapsulated scope it replaces
 * the content type parsers with one that leaves the body unread, so that any content type (WMSPanel does
 * not document its own) reaches the receiver, which reads the body itself within `maxBodyBytes` and
 * `bodyTimeoutMs`; the application's parsers and routes elsewhere are untouched. Answers as the other
 * adapters do, a failing callback included (500/503 with a JSON body, after `onError`).
 *
 * @throws TypeError at registration (`await app.ready()`) for invalid options
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { wmspanelPlugin } from 'wmspanel-notifications/fastify';
 *
 * const app = Fastify();
 * await app.register(wmspanelPlugin, {
 *   path: '/wmspanel',
 *   token: process.env.WMSPANEL_TOKEN!,
 *   onNotification: async (n) => console.log(`${n.server} is ${n.status}`),
 * });
 * await app.listen({ port: 3000 });
 * ```
 */
export async function wmspanelPlugin(fastify: FastifyInstanceLike, options: FastifyWmspanelOptions): Promise<void> {
  const { path, ...handlerOptions } = options;
  mount(fastify, createNotificationReceiver(handlerOptions), path);
}

/**
 * The Fastify 5 plugin of a receiver you made with `createReceiver`, for the kinds you listed: the same
 * route as {@link wmspanelPlugin}'s, at the `path` it is registered with (default `'/'`), and an
 * application that uses only this ships only those kinds.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { createReceiver, serverStatusKind } from 'wmspanel-notifications';
 * import { fastifyPlugin } from 'wmspanel-notifications/fastify';
 *
 * const receiver = createReceiver({ token: process.env.WMSPANEL_TOKEN!, kinds: [serverStatusKind({ onNotification: (n) => console.log(n.server) })] });
 * const app = Fastify();
 * await app.register(fastifyPlugin(receiver), { path: '/wmspanel' });
 * ```
 */
export function fastifyPlugin(receiver: NotificationReceiverOf<Received>): (fastify: FastifyInstanceLike, options: { path?: string }) => Promise<void> {
  assertReceiver(receiver, 'fastifyPlugin', 'wmspanelPlugin');
  return async (fastify, options) => mount(fastify, receiver, options?.path);
}

/** Adds the receiver's route at `path` to the plugin's scope. */
function mount(fastify: FastifyInstanceLike, receiver: NotificationReceiverOf<Received>, path: unknown = '/'): void {
  if (typeof path !== 'string' || !path.startsWith('/')) throw misuse('options.path must be a path starting with /');
  const readBody = createNodeBodyReader(receiver.limits);
  // Encapsulated: this replaces the parsers of this plugin's scope only. Any content type, no content type
  // included, is handed on unread; the receiver reads it with its own limits.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  fastify.route({
    method: METHODS,
    url: path,
    async handler(request, reply) {
      const result = await receiver.receive({
        method: request.method,
        remoteAddress: request.ip ?? request.raw.socket.remoteAddress,
        readBody: () => readBody(request.raw, () => undefined),
      });
      // An early answer (405, 413) leaves the body unread: read it away within bounds, then answer.
      discardUnread(request.raw);
      return reply.code(result.status).headers(result.headers).send(result.body);
    },
  });
}

export type { NotificationHandlerOptions, ErrorInfo } from '../kinds/index.js';
export type { NotificationInfo } from '../kinds/server-status/kind.js';
