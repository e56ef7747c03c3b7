import type { IncomingMessage } from 'node:http';
import { DISCARD_MAX_BYTES, DISCARD_MAX_MS, bodyTimedOut, bodyTooLarge, bodyUnreadable, checkContentLength, concatChunks, type BodyLimits } from '../lib/body.js';

interface Deadlines {
  /** Calls `onExpired` once the timeout has passed, unless the returned cancel function ran first. */
  add(onExpired: () => void): () => void;
}

/**
 * Body-read deadlines for one handler, on a single shared timer. A `setTimeout` per request measured
 * about 15 µs of server CPU per request under load (a fifth of a bare route's cost); adding to and
 * removing from a Map is nearly free. The timer ticks ten times per timeout, so a stalled body is
 * refused between 1x and 1.1x `bodyTimeoutMs` after its read began.
 */
function createDeadlines(timeoutMs: number): Deadlines {
  const pending = new Map<() => void, number>();
  const tickMs = Math.max(1, Math.ceil(timeoutMs / 10));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = (): void => {
    timer = undefined;
    const now = Date.now();
    for (const [onExpired, deadline] of pending) {
      if (deadline > now) continue;
      pending.delete(onExpired);
      onExpired();
    }
    schedule();
  };
  const schedule = (): void => {
    if (timer !== undefined || pending.size === 0) return;
    timer = setTimeout(tick, tickMs);
    // Pending reads hold their sockets open anyway; this timer alone must not keep a process alive.
    (timer as { unref?: () => void }).unref?.();
  };
  return {
    add(onExpired) {
      pending.set(onExpired, Date.now() + timeoutMs);
      schedule();
      return () => {
        pending.delete(onExpired);
      };
    },
  };
}

/** Whether something (a body parser) already read the request stream to its end. */
function isConsumed(request: IncomingMessage): boolean {
  return request.readableEnded || (request.complete && !request.readable);
}

/**
 * The body reader the Node-based adapters share: reads a request body within the limits, or returns what
 * a body parser that ran first kept. `parsed` gives that: the raw text where the parser keeps it (koa's
 * `rawBody`), else its parsed body.
 */
export function createNodeBodyReader(limits: BodyLimits): (request: IncomingMessage, parsed: () => unknown) => Promise<unknown> {
  const deadlines = createDeadlines(limits.bodyTimeoutMs);
  return (request, parsed) => readNodeBody(request, limits, deadlines, parsed);
}

function readNodeBody(
  request: IncomingMessage,
  limits: BodyLimits,
  deadlines: Deadlines,
  parsed: () => unknown,
): Promise<unknown> {
  if (isConsumed(request)) {
    const kept = parsed();
    if (kept === undefined) {
      return Promise.reject(bodyUnreadable(undefined, 'Body was already read by another middleware, which did not keep it'));
    }
    return Promise.resolve(kept);
  }
  try {
    checkContentLength(request.headers['content-length'], limits);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const finish = (error: unknown, body?: Uint8Array): void => {
      cancelDeadline();
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onFailure);
      request.off('close', onClose);
      // On an error the rest is not kept: the adapter discards it (see discardUnread) while it answers.
      if (error === undefined) resolve(body);
      else reject(error);
    };
    const onData = (chunk: Uint8Array | string): void => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > limits.maxBodyBytes) {
        finish(bodyTooLarge(limits));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => finish(undefined, concatChunks(chunks, total));
    const onFailure = (error: unknown): void => finish(error);
    const onClose = (): void => finish(bodyUnreadable(undefined, 'Request closed before its body ended'));
    const cancelDeadline = deadlines.add(() => finish(bodyTimedOut(limits)));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onFailure);
    request.on('close', onClose);
  });
}

/**
 * Reads and throws away what is left of a request body after an early answer (a 413, a 405), for at most
 * {@link DISCARD_MAX_BYTES} and {@link DISCARD_MAX_MS}, then closes the connection if the body still has
 * not ended: so that a sender that writes its whole body before it reads can read the answer. Node's own
 * handling would discard the rest without any bound.
 */
export function discardUnread(request: IncomingMessage): void {
  if (request.readableEnded || request.destroyed) return;
  let discarded = 0;
  const cleanup = (): void => {
    clearTimeout(timer);
    request.off('data', onData);
    request.off('end', cleanup);
    request.off('close', cleanup);
  };
  const stop = (): void => {
    cleanup();
    request.socket.destroy();
  };
  const onData = (chunk: Uint8Array | string): void => {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX_BYTES) stop();
  };
  const timer = setTimeout(stop, DISCARD_MAX_MS);
  timer.unref();
  request.on('data', onData);
  request.on('end', cleanup);
  request.on('close', cleanup);
  request.resume();
}

/** The number of UTF-8 bytes of `text`. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** The minimal response surface the Node-based adapters write to (Node's `ServerResponse`). */
export interface NodeResponseLike {
  headersSent: boolean;
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body: string): unknown;
}

/**
 * Writes a receive result to a Node response, unless something already answered, and discards what is
 * left of the request body (see {@link discardUnread}).
 */
export function writeNodeResponse(
  request: IncomingMessage,
  response: NodeResponseLike,
  result: { status: number; headers: Record<string, string>; body: string },
): void {
  discardUnread(request);
  if (response.headersSent) return;
  // An explicit length, or writeHead makes Node fall back to chunked encoding; and a string body, which
  // Node sends in one write with the headers (bytes cost a second write: 20% of the time in a profile).
  const headers: Record<string, string | number> = { 'content-length': utf8Length(result.body) };
  for (const name in result.headers) headers[name] = result.headers[name]!;
  response.writeHead(result.status, headers);
  response.end(result.body);
}
