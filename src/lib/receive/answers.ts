// How each outcome is answered: the status, the headers and the JSON body an adapter writes.
import { isNotificationError, NotificationError, type NotificationErrorResponse } from '../errors.js';
import type { Received } from '../kind.js';
import type { ReceiveAnswer, ReceiveResultOf } from './result.js';

/** A result of any kind, as the pipeline builds it before its receiver's type is put on it. */
export type AnyResult = ReceiveResultOf<Received>;

const CONTENT_TYPE = 'application/json; charset=utf-8';
/** Fresh headers for each answer: an adapter (or the application) may add to them. */
export const jsonHeaders = (): Record<string, string> => ({ 'content-type': CONTENT_TYPE });
// Written out, not JSON.stringify'd at import: a module whose top level calls nothing is one a bundler can drop.
export const ACCEPTED = '{"received":true}';
export const DUPLICATE = '{"received":true,"duplicate":true}';

export const HANDLER_FAILED_MESSAGE = 'The notification handler failed';
export const CLOCK_FAILED_MESSAGE = 'The now clock failed';
export const CHECK_FAILED_MESSAGE = 'A servers, statuses or allowedSenders predicate, or the now clock, failed';

/** What a `failed` answer says: never the error's own message, which may carry anything. */
// Written out with HANDLER_FAILED_MESSAGE in it (a template at the top level is code a bundler keeps).
const HANDLER_FAILED_BODY = '{"error":{"code":"HANDLER_FAILED","message":"The notification handler failed"}}';

/** The answer to an error: its status, and its `{ error: { code, message } }` body. */
export function answer(error: NotificationError, headers: Record<string, string> = jsonHeaders()): ReceiveAnswer {
  const body: NotificationErrorResponse = error.toJSON();
  return { status: error.status, headers, body: JSON.stringify(body) };
}

/** What is known of the request when an answer is made: its kind once recognised, itself once verified. */
export interface Known {
  kind?: string | undefined;
  notification?: unknown;
}

/** Puts what is known of the request on a result. */
function withKnown(result: AnyResult, known: Known): AnyResult {
  if (known.kind !== undefined) (result as { kind?: string }).kind = known.kind;
  if (known.notification !== undefined) (result as { notification?: unknown }).notification = known.notification;
  return result;
}

export function refused(error: NotificationError, known: Known = {}): AnyResult {
  const headers = jsonHeaders();
  if (error.code === 'METHOD_NOT_ALLOWED') headers.allow = 'POST';
  // A stalled body will not be waited for: close the connection. (The rest of an oversized one is read
  // away for a bounded time instead, so that its sender can read the 413: see DISCARD_MAX_MS.)
  if (error.code === 'BODY_TIMEOUT') headers.connection = 'close';
  return withKnown({ outcome: 'refused', ...answer(error, headers), error }, known);
}

export function failed(error: Error, known: Known = {}): AnyResult {
  const result: AnyResult =
    isNotificationError(error) && error.code === 'HANDLER_TIMEOUT'
      ? { outcome: 'failed', ...answer(error), error }
      : { outcome: 'failed', status: 500, headers: jsonHeaders(), body: HANDLER_FAILED_BODY, error };
  return withKnown(result, known);
}

/**
 * The `Error` a failure of the application's code is answered with (a framework's error handling gets
 * it): what was thrown when it is one, else a `HANDLER_FAILED` with it as `cause`.
 */
export function asError(thrown: unknown, message: string): Error {
  if (isReadableError(thrown)) return thrown;
  return new NotificationError('HANDLER_FAILED', `${message} with a value that is not an Error`, { cause: thrown });
}

/**
 * Whether what was thrown is an Error whose name and message can be read: a Proxy whose reads throw is not
 * one, and is not handed on to a framework's error handling, which would read it.
 */
function isReadableError(thrown: unknown): thrown is Error {
  try {
    return thrown instanceof Error && typeof thrown.name === 'string' && typeof thrown.message === 'string';
  } catch {
    return false;
  }
}

/**
 * What `onError` is told of a failure of the application's code: the package's own `HANDLER_TIMEOUT` or
 * `HANDLER_FAILED` as it is, anything else (a NotificationError the handler threw too, which is no
 * refusal) as a `HANDLER_FAILED` with it as `cause`.
 */
export function failureReport(error: Error, message: string): NotificationError {
  if (isNotificationError(error) && (error.code === 'HANDLER_FAILED' || error.code === 'HANDLER_TIMEOUT')) return error;
  return new NotificationError('HANDLER_FAILED', message, { cause: error });
}
