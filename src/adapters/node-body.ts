import type { IncomingMessage } from 'node:http';
import { checkContentLength, concatChunks } from '../body.js';
import { NotificationError } from '../errors.js';
import type { BodyLimits } from '../receive.js';

/** Whether something (a body parser) already read the request stream to its end. */
function isConsumed(request: IncomingMessage): boolean {
  return request.readableEnded || (request.complete && !request.readable);
}

/**
 * Reads a Node request body within the limits, or returns what a body parser that ran first kept.
 * `parsed` gives that: the raw text where the parser keeps it (koa's `rawBody`), else its parsed body.
 */
export function readNodeBody(request: IncomingMessage, limits: BodyLimits, parsed: () => unknown): Promise<unknown> {
  if (isConsumed(request)) {
    const kept = parsed();
    if (kept === undefined) {
      return Promise.reject(
        new NotificationError('INVALID_JSON', 'Body was already read by another middleware, which did not keep it'),
      );
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
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onFailure);
      request.off('close', onClose);
      if (error === undefined) {
        resolve(body);
      } else {
        // Take no more of it: Node discards the rest once the response is sent.
        request.pause();
        reject(error);
      }
    };
    const onData = (chunk: Uint8Array | string): void => {
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > limits.maxBodyBytes) {
        finish(new NotificationError('BODY_TOO_LARGE', `Body is larger than ${limits.maxBodyBytes} bytes`));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => finish(undefined, concatChunks(chunks, total));
    const onFailure = (error: unknown): void => finish(error);
    const onClose = (): void => finish(new Error('Request closed before its body ended'));
    const timer = setTimeout(
      () => finish(new NotificationError('BODY_TIMEOUT', `Body did not arrive within ${limits.bodyTimeoutMs} ms`)),
      limits.bodyTimeoutMs,
    );
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onFailure);
    request.on('close', onClose);
  });
}

/** The minimal response surface the Node-based adapters write to (Node's `ServerResponse`). */
export interface NodeResponseLike {
  headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: Uint8Array): unknown;
}

/** Writes a receive result to a Node response, unless something already answered. */
export function writeNodeResponse(response: NodeResponseLike, result: { status: number; headers: Record<string, string>; body: string }): void {
  if (response.headersSent) return;
  const body = new TextEncoder().encode(result.body);
  // An explicit length: writeHead alone makes Node fall back to chunked encoding for a tiny body.
  response.writeHead(result.status, { ...result.headers, 'content-length': String(body.byteLength) });
  response.end(body);
}
