// Reading a body within its limits, and the HTTP policy that goes with it (POST only): what every adapter
// shares, and the receive step checks.
import { NotificationError, isNotificationError } from './errors.js';
import { readPositive } from './read-option.js';

/**
 * How many body bytes an adapter reads at most by default: a notification is about 130 bytes. (An endpoint
 * that receives a kind that needs more, pay-per-view syncs, publish control or playback authorization
 * requests, reads up to the largest of their defaults instead.)
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_BODY_BYTES } from 'wmspanel-notifications';
 * import { createFetchHandler } from 'wmspanel-notifications/fetch';
 *
 * createFetchHandler({ token, onNotification, maxBodyBytes: DEFAULT_MAX_BODY_BYTES / 4 });
 * ```
 */
export const DEFAULT_MAX_BODY_BYTES = 8192;
/**
 * How long an adapter waits for the whole body by default, in milliseconds.
 *
 * @example
 * ```ts
 * import { DEFAULT_BODY_TIMEOUT_MS } from 'wmspanel-notifications';
 * import { createNodeHandler } from 'wmspanel-notifications/node';
 *
 * createNodeHandler({ token, onNotification, bodyTimeoutMs: DEFAULT_BODY_TIMEOUT_MS / 2 });
 * ```
 */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/**
 * The limits an adapter enforces while reading a body.
 *
 * @example
 * ```ts
 * import type { BodyLimits } from 'wmspanel-notifications';
 *
 * const limits: BodyLimits = { maxBodyBytes: 8192, bodyTimeoutMs: 10_000 };
 * ```
 */
export interface BodyLimits {
  /** The most bytes to read. */
  maxBodyBytes: number;
  /** The longest wait for the whole body, in milliseconds. */
  bodyTimeoutMs: number;
}

/**
 * Reads `maxBodyBytes` and `bodyTimeoutMs` from options, with their defaults (`defaultMaxBodyBytes`: the
 * largest default of the kinds an endpoint receives); a TypeError if invalid.
 */
export function readBodyLimits(options: { maxBodyBytes?: unknown; bodyTimeoutMs?: unknown }, defaultMaxBodyBytes = DEFAULT_MAX_BODY_BYTES): BodyLimits {
  return {
    maxBodyBytes: readPositive(options.maxBodyBytes, 'maxBodyBytes', defaultMaxBodyBytes),
    bodyTimeoutMs: readPositive(options.bodyTimeoutMs, 'bodyTimeoutMs', DEFAULT_BODY_TIMEOUT_MS),
  };
}

/** Refuses every method but POST, the only one WMSPanel and Nimble Streamer use. */
export function assertPost(method: string | undefined): void {
  if (method !== 'POST') throw new NotificationError('METHOD_NOT_ALLOWED', `Method ${String(method)} is not allowed; use POST`);
}

/** A body that could not be read for a reason of the network's (or of another reader's): a 400. */
export function bodyUnreadable(cause: unknown, message = 'Body could not be read'): NotificationError {
  return new NotificationError('BODY_UNREADABLE', message, { cause });
}

/**
 * How much of a body is read and thrown away at most after a 413, and for how long, before the
 * connection (or stream) is closed. Closing at once with unread data makes the kernel reset the
 * connection, and a sender that writes its whole body before it reads the answer (most simple clients)
 * then never sees the 413: it gets EPIPE or ECONNRESET instead. Nothing discarded is kept.
 */
// 32 MiB, written out: a product at the top level is code a bundler keeps even when nothing uses it.
export const DISCARD_MAX_BYTES = 33_554_432;
export const DISCARD_MAX_MS = 5_000;

export function bodyTooLarge(limits: BodyLimits): NotificationError {
  return new NotificationError('BODY_TOO_LARGE', `Body is larger than ${limits.maxBodyBytes} bytes`);
}

export function bodyTimedOut(limits: BodyLimits): NotificationError {
  return new NotificationError('BODY_TIMEOUT', `Body did not arrive within ${limits.bodyTimeoutMs} ms`);
}

/** Refuses a declared Content-Length over the limit before anything is read. */
export function checkContentLength(contentLength: string | null | undefined, limits: BodyLimits): void {
  if (contentLength === null || contentLength === undefined) return;
  const declared = Number(contentLength);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes) throw bodyTooLarge(limits);
}

/** Waits for `body` at most `bodyTimeoutMs`; a `BODY_TIMEOUT` error after that. */
export async function readWithin<T>(body: Promise<T>, limits: BodyLimits): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(bodyTimedOut(limits)), limits.bodyTimeoutMs);
  });
  try {
    return await Promise.race([body, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Joins chunks into one `Uint8Array`. */
export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * Reads a web `ReadableStream` body (a Fetch `Request.body`) within the limits: never holds more than
 * `maxBodyBytes` plus one chunk, whatever a Content-Length says, and never waits longer than
 * `bodyTimeoutMs`. Past `maxBodyBytes` it answers at once and reads and throws away at most 32 MiB more for
 * at most 5 s in the background (so that a sender still writing can read the 413), then cancels the
 * stream; on a timeout it cancels the stream at once. Works on every runtime with web streams.
 *
 * @throws {@link NotificationError} `BODY_TOO_LARGE` or `BODY_TIMEOUT`
 * @example
 * ```ts
 * import { readStreamBody } from 'wmspanel-notifications';
 *
 * const bytes = await readStreamBody(request.body, { maxBodyBytes: 8192, bodyTimeoutMs: 10_000 });
 * ```
 */
export async function readStreamBody(body: ReadableStream<Uint8Array> | null, limits: BodyLimits): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  try {
    return await readWithin(readChunks(reader, limits), limits);
  } catch (error) {
    if (isNotificationError(error) && error.code === 'BODY_TOO_LARGE') void discardRest(reader);
    // Stop the sender: nothing more of this body will be read (a pending read ends as done).
    else reader.cancel().catch(() => undefined);
    throw error;
  }
}

/**
 * Reads and throws away what is left of a body, for at most {@link DISCARD_MAX_BYTES} and
 * {@link DISCARD_MAX_MS}, then cancels it. Never rejects.
 */
export async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const cancel = (): void => {
    reader.cancel().catch(() => undefined);
  };
  const timer = setTimeout(cancel, DISCARD_MAX_MS);
  try {
    let discarded = 0;
    while (discarded <= DISCARD_MAX_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      discarded += value.byteLength;
    }
  } catch {
    // The stream broke or was cancelled: nothing left to discard.
  } finally {
    clearTimeout(timer);
    cancel();
  }
}

async function readChunks(reader: ReadableStreamDefaultReader<Uint8Array>, limits: BodyLimits): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limits.maxBodyBytes) throw bodyTooLarge(limits);
    chunks.push(value);
  }
  reader.releaseLock();
  return concatChunks(chunks, total);
}
